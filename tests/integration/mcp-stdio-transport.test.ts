import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { ChildProcessTransport } from '../../electron/main/services/mcp/stdio-transport';
import { EVERYTHING, fixture } from '../helpers/mcp-servers';

async function connect(args: string[], maxLineBytes?: number) {
  const noise: string[] = [];
  const transport = new ChildProcessTransport({ file: process.execPath, args, env: process.env, onStderr: () => {}, onStdoutNoise: (problem) => noise.push(problem), maxLineBytes });
  const client = new Client({ name: 'transport-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, noise };
}

describe("Echelon's stdio transport", () => {
  it('drops a runaway line past its limit, says so once, and goes on speaking MCP', async () => {
    const { client, noise } = await connect([fixture('garbage'), '--then-serve', '--long-line=3'], 2 ** 20);
    try {
      expect(noise).toEqual(['"Hello! Server v1.2 booting, logs go to stdout, sorry" is not JSON', 'a line of more than 1 MB with no end was dropped']);
      expect((await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } })).content).toEqual([{ type: 'text', text: '5' }]);
    } finally {
      await client.close();
    }
  });

  it('carries a message of several megabytes whole', async () => {
    const { client, noise } = await connect([EVERYTHING]);
    try {
      const message = 'y'.repeat(5 * 2 ** 20);
      const result = await client.callTool({ name: 'echo', arguments: { message } });
      expect(result.content).toEqual([{ type: 'text', text: `Echo: ${message}` }]);
      expect(noise).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
