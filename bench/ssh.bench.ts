// SSH on a local OpenSSH server: a command on a pooled link against a fresh login per call (what
// Test connection does) and OpenSSH's own client; SFTP throughput both ways against OpenSSH's sftp.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sshManifest from '../integrations/ssh/1.0.0/manifest';
import { TestSshd } from '../tests/helpers/sshd';
import { openUnlockedHost } from '../tests/helpers/vault';
import { percentiles, report, round } from './stats';

const ROUNDS = 3;
const CALLS_PER_ROUND = 15;
const FILE_MB = 50;

export default async function sshBench(): Promise<void> {
  const sshd = await TestSshd.start();
  const host = await openUnlockedHost(path.join(sshd.dir, 'echelon'), {
    shell: 'cli',
    plugins: { manifests: { 'integrations/ssh/1.0.0/manifest.ts': sshManifest }, modules: { 'integrations/ssh/1.0.0/plugin.ts': () => import('../integrations/ssh/1.0.0/plugin') } },
  });
  const keyFile = path.join(sshd.dir, 'client');
  const openssh = ['-i', keyFile, '-p', String(sshd.port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${path.join(sshd.dir, 'known_hosts')}`];
  try {
    const connection = host.integrations.connections.create({ pluginId: 'ssh', name: 'bench', config: { host: sshd.host, port: sshd.port }, auth: { type: 'ssh_key', username: sshd.user.name, privateKey: sshd.clientKey.privateKey } });
    await host.integrations.ssh.trust(connection.id, sshd.hostKey.fingerprint, { by: 'cli' });
    const run = (action: string) => () => host.integrations.runAction('ssh', '1.0.0', action, action === 'command' ? { command: 'true' } : {}, { connectionId: connection.id });
    const cases: [string, () => unknown][] = [
      ['ssh.command_pooled', run('command')],
      ['ssh.command_fresh_login', run('ping')],
      ['ssh.openssh_client', () => execFileSync('ssh', [...openssh, `${sshd.user.name}@${sshd.host}`, 'true'])],
    ];
    const samples = cases.map(() => [] as number[]);
    for (const [, call] of cases) await call();
    // Rounds interleave the cases, so drift on a shared machine spreads over all of them.
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
      for (const [index, [, call]] of cases.entries()) {
        for (let i = 0; i < CALLS_PER_ROUND; i++) {
          const start = performance.now();
          await call();
          samples[index]!.push(performance.now() - start);
        }
      }
    }
    for (const [index, [name]] of cases.entries()) {
      const result = percentiles(samples[index]!);
      report({ bench: name, unit: 'ms', calls: ROUNDS * CALLS_PER_ROUND, p50: round(result.p50), p95: round(result.p95), p99: round(result.p99) });
    }

    const local = path.join(sshd.dir, 'local.bin');
    execFileSync('sh', ['-c', `head -c ${FILE_MB * 2 ** 20} /dev/urandom > "$1"`, 'sh', local]);
    const remote = path.join(sshd.files, 'remote.bin');
    const back = path.join(sshd.dir, 'back.bin');
    const session = host.integrations.ssh.session(connection);
    const sftp = await session.sftp();
    const transfers: [string, () => Promise<unknown> | unknown][] = [
      ['ssh.sftp_upload', () => sftp.upload(local, remote)],
      ['ssh.sftp_download', () => sftp.download(remote, back)],
      ['ssh.openssh_sftp_upload', () => spawnSync('sftp', [...openssh.map((arg) => (arg === '-p' ? '-P' : arg)), '-b', '-', `${sshd.user.name}@${sshd.host}`], { input: `put ${local} ${remote}\n` })],
      ['ssh.openssh_sftp_download', () => spawnSync('sftp', [...openssh.map((arg) => (arg === '-p' ? '-P' : arg)), '-b', '-', `${sshd.user.name}@${sshd.host}`], { input: `get ${remote} ${back}\n` })],
    ];
    for (const [name, transfer] of transfers) {
      const times: number[] = [];
      let peak = 0;
      // The second run's memory: the first grows the heap once, whatever the size.
      for (let i = 0; i < 2; i++) {
        const before = process.memoryUsage().rss;
        peak = 0;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - before)), 10);
        const start = performance.now();
        await transfer();
        times.push(performance.now() - start);
        clearInterval(sampler);
      }
      const best = Math.min(...times);
      const openSshProcess = name.startsWith('ssh.openssh');
      report({ bench: name, unit: 'MB/s', mb: FILE_MB, mb_per_s: round(FILE_MB / (best / 1000), 1), ms: round(best), ...(openSshProcess ? {} : { rss_growth_mb: round(peak / 2 ** 20, 1) }) });
    }
    await session.dispose();
    fs.rmSync(local);
  } finally {
    await host.dispose();
    await sshd.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await sshBench();
