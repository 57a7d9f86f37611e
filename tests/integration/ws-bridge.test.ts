import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WsBridge } from '../../electron/main/serve/ws-bridge';
import { EventBus } from '../../electron/main/services/events/event-bus';
import type { Router } from '../../shared/rpc/router';

const bus = new EventBus();
const router = { call: async () => ({ ok: true, data: null }) } as unknown as Router;
const bridge = new WsBridge(router, bus);
const server = http.createServer();
/** Writes each server-side socket handed to its stream implementation (`_write`, `_writev`): one per flush. */
let writes = 0;
server.on('upgrade', (request, socket, head) => {
  const stream = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const method of ['_write', '_writev'] as const) {
    const original = stream[method].bind(socket);
    stream[method] = (...args: unknown[]) => {
      writes++;
      return original(...args);
    };
  }
  bridge.upgrade(request, socket, head);
});

beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
afterAll(async () => {
  await bridge.dispose();
  await new Promise((resolve) => server.close(resolve));
});

describe('WebSocket bridge', () => {
  it('writes the events of one turn of the event loop at once, in order, and those after it in the next', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await new Promise((resolve) => ws.once('open', resolve));
    const texts: string[] = [];
    const all = new Promise<void>((resolve) =>
      ws.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as { name: string; payload: { text: string } };
        texts.push(frame.payload.text);
        if (texts.length === 201) resolve();
      }),
    );
    writes = 0;
    for (let i = 0; i < 200; i++) bus.emit('agents.task.delta', { taskId: 1, agentId: null, turn: 1, text: `t${i}` });
    await new Promise(setImmediate);
    const burstWrites = writes;
    bus.emit('agents.task.delta', { taskId: 1, agentId: null, turn: 1, text: 'after' });
    await all;
    expect(texts).toEqual([...Array.from({ length: 200 }, (_, i) => `t${i}`), 'after']);
    // Two hundred frames, one write.
    expect(burstWrites).toBe(1);
    ws.close();
  });
});
