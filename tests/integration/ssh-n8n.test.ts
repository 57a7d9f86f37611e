import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importN8nWorkflow } from '../../electron/main/services/engine/n8n/import-n8n';
import type { ExecutionDetail } from '../../shared/contract/executions';
import { sshServerForFile, type TrustedSshHost } from '../helpers/ssh-host';
import { sshdAvailable, type TestSshd } from '../helpers/sshd';

const fixture = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/n8n/ssh-sftp.json'), 'utf8');

function outputOf(execution: ExecutionDetail, nodeName: string): Array<{ json: Record<string, unknown>; binary?: Record<string, { fileName?: string; fileSize: number }> }> {
  return (execution.steps.find((step) => step.nodeName === nodeName)?.output.value as { main: never[] }).main;
}

describe('n8n SSH and SFTP nodes', () => {
  it('map onto the SSH & SFTP nodes, and plain FTP stays unsupported', () => {
    const { document, unsupported, notes } = importN8nWorkflow(JSON.parse(fixture), () => undefined);
    expect(unsupported).toEqual([]);
    const nodes = Object.fromEntries(document.nodes.map((node) => [node.name, { type: node.type, parameters: node.parameters }]));
    expect(nodes.Run).toEqual({ type: 'ssh.command', parameters: { command: 'echo "deploying to {{ $json.dir }}"; pwd; exit 3', cwd: '/tmp', failOnNonZeroExit: false } });
    expect(nodes.Put).toEqual({ type: 'ssh.upload', parameters: { path: "{{ $('Start').item.json.dir }}/n8n/hello.txt", createDirectories: true, content: 'hello from n8n' } });
    expect(nodes.Push).toEqual({ type: 'ssh.upload', parameters: { path: "{{ $('Start').item.json.dir }}/copy.txt", binaryProperty: 'data' } });
    expect(nodes.Remove).toEqual({ type: 'ssh.delete', parameters: { path: "{{ $('Start').item.json.dir }}/n8n", recursive: true } });
    expect(notes).toContain('"Run" runs on an SSH server (it used the n8n credential "Prod box"): create an SSH & SFTP connection in Integrations and choose it on the node.');
    expect(notes.some((note) => note.startsWith('"List" lists files'))).toBe(true);

    const plain = importN8nWorkflow({ nodes: [{ name: 'FTP', type: 'n8n-nodes-base.ftp', parameters: { operation: 'list' } }], connections: {} }, () => undefined);
    expect(plain.unsupported).toEqual([{ name: 'FTP', type: 'n8n-nodes-base.ftp', remedy: '"FTP" speaks plain FTP; Echelon moves files over SFTP only.' }]);
    expect(plain.notes).toContain('"FTP" (n8n-nodes-base.ftp) has no Echelon equivalent: "FTP" speaks plain FTP; Echelon moves files over SFTP only.');
  });

  describe.skipIf(!sshdAvailable)('on a real server', () => {
    let sshd: TestSshd;
    let t: TrustedSshHost;

    sshServerForFile({ engine: true }, (server) => ({ sshd, t } = server));

    it('run as n8n ran them once a connection is chosen on each node', async () => {
      const engine = t.host.engine;
      const imported = engine.workflows.import(fixture);
      expect(imported).toMatchObject({ format: 'n8n', unsupported: [] });
      const { document } = engine.workflows.document(imported.id);
      const withConnection = { ...document, nodes: document.nodes.map((node) => (node.type.startsWith('ssh.') ? { ...node, connection: t.connection.id } : node)) };
      engine.workflows.save({ id: imported.id, document: withConnection });
      const { row } = await engine.run({ workflowId: imported.id, input: { dir: sshd.files } });
      await engine.waitFor(row.id);
      const execution = engine.detail(row.id);
      expect(execution.status).toBe('succeeded');

      expect(outputOf(execution, 'Run')[0]!.json).toMatchObject({ code: 3, stdout: `deploying to ${sshd.files}\n/tmp\n` });
      expect(outputOf(execution, 'Put')[0]!.json).toEqual({ path: `${sshd.files}/n8n/hello.txt`, bytes: 14 });
      expect(outputOf(execution, 'Get')[0]!.binary?.data).toMatchObject({ fileName: 'hello.txt', fileSize: 14, mimeType: 'text/plain' });
      expect(outputOf(execution, 'Move')[0]!.json).toEqual({ from: `${sshd.files}/copy.txt`, to: `${sshd.files}/moved/copy.txt` });
      const entries = outputOf(execution, 'List')[0]!.json.entries as Array<{ path: string }>;
      expect(entries.map((entry) => entry.path)).toEqual(expect.arrayContaining([`${sshd.files}/moved/copy.txt`, `${sshd.files}/n8n/hello.txt`]));
      expect(fs.readFileSync(path.join(sshd.files, 'moved', 'copy.txt'), 'utf8')).toBe('hello from n8n');
      expect(fs.existsSync(path.join(sshd.files, 'n8n'))).toBe(false);
    });
  });
});
