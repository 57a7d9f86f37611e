// The least a gateway that reads its messages can cost: a Node process that passes messages
// between its stdio and one server's, with the SDK's framing and nothing else (only request ids
// renumbered, as a gateway must). Not a product: a yardstick for the gateway bench.
import { spawn } from 'node:child_process';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = spawn(process.execPath, [process.argv[2] ?? ''], { stdio: ['pipe', 'pipe', 'ignore'] });
const client = new StdioServerTransport();
const buffer = new ReadBuffer();
const pending = new Map();
let nextId = 1;

/** @typedef {import('@modelcontextprotocol/sdk/types.js').JSONRPCMessage} Message */
/** @param {Message} message */
const fields = (message) => /** @type {{ id?: string | number, method?: string }} */ (message);
/** @param {Message} message @param {string | number | undefined} id @returns {Message} */
const withId = (message, id) => /** @type {Message} */ ({ ...message, id });

server.stdout.on('data', (chunk) => {
  buffer.append(chunk);
  for (let message = buffer.readMessage(); message; message = buffer.readMessage()) {
    const { id, method } = fields(message);
    // A response (an id, no method) goes back under the id its client chose.
    if (id !== undefined && method === undefined) {
      const original = pending.get(id);
      pending.delete(id);
      void client.send(withId(message, original));
    } else void client.send(message);
  }
});
client.onmessage = (/** @type {Message} */ message) => {
  const { id, method } = fields(message);
  if (id !== undefined && method !== undefined) {
    const renumbered = nextId++;
    pending.set(renumbered, id);
    server.stdin.write(serializeMessage(withId(message, renumbered)));
  } else server.stdin.write(serializeMessage(message));
};
process.stdin.once('end', () => {
  server.kill();
  process.exit(0);
});
await client.start();
