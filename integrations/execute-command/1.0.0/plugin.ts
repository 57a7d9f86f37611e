import os from 'node:os';
import type { z } from 'zod';
import { killTree, spawnTree } from '../../../electron/main/services/mcp/process-tree';
import { main, NodeError, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import { mapItems } from '../../../electron/main/services/engine/nodes/item-fields';
import type { RunParameters } from './manifest';

type Run = z.infer<typeof RunParameters>;

export const SETTING = 'ECHELON_EXECUTE_COMMAND';
/** Output kept per stream; the rest is cut, so a chatty command cannot fill memory. */
const MAX_OUTPUT = 10 * 1024 * 1024;

/** The environment a command gets: Echelon's own without its settings and secrets (ECHELON_*). */
const commandEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ECHELON_')));

function collect(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size >= MAX_OUTPUT) return;
    chunks.push(chunk.subarray(0, MAX_OUTPUT - size));
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Runs one command line in its own process group, stopped (with all it started) on timeout or cancel. */
async function execute(params: Run, signal: AbortSignal): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const [file, args] = process.platform === 'win32' ? ['cmd.exe', ['/d', '/s', '/c', params.command]] : ['/bin/sh', ['-c', params.command]];
  const child = spawnTree(file, args, { cwd: params.cwd || os.homedir(), env: commandEnv() });
  child.stdin?.end();
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  let stopped: string | undefined;
  const stop = (why: string) => {
    stopped ??= why;
    void killTree(child, 1000);
  };
  const timer = setTimeout(() => stop(`did not finish within ${params.timeoutMs} ms (the node's timeout)`), params.timeoutMs);
  const onAbort = () => stop('was cancelled');
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code ?? 1));
    });
    if (stopped) throw new NodeError(`The command ${stopped}; it and everything it started were stopped.`, 'command_timeout');
    const result = { exitCode, stdout: stdout().trim(), stderr: stderr().trim() };
    // n8n fails the node on a non-zero exit with Node's exec message.
    if (exitCode !== 0) throw new NodeError(`Command failed: ${params.command}\n${result.stderr}`.trim(), 'command_failed');
    return result;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

export const nodes: NodePlugin['nodes'] = {
  run: {
    async run(ctx) {
      if (process.env[SETTING] !== '1') {
        throw new NodeError(`Running commands on this machine is off: the operator can allow it by starting Echelon with ${SETTING}=1 (n8n 2.x disables its Execute Command node the same way).`, 'command_disabled', true);
      }
      const once = ctx.params<Run>().executeOnce;
      return main(await mapItems(ctx, async (_item, index) => (once && index > 0 ? [] : { json: await execute(ctx.params<Run>(index), ctx.signal) })));
    },
  },
};
