import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventBus } from '../../main/services/events/event-bus';
import type { Router } from '../../../shared/rpc/router';
import { ClientFrame, type ServerFrame } from '../../../shared/rpc/ws-protocol';
import type { Disposable } from '../../../shared/lifecycle/disposable';

const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * Serves the contract over WebSocket: the renderer's `invoke` and `on`, as Electron IPC does.
 * Events emitted within one turn of the event loop (twenty agents streaming tokens) leave as
 * one write per connection: its socket is corked at the first and uncorked once the loop's
 * current phase is done, so no event waits longer than that.
 */
export class WsBridge implements Disposable {
  readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly clients = new Set<WebSocket>();
  private readonly forwarding: Disposable;
  /** Each connection's own socket, corked while a turn's events gather. */
  private readonly transports = new WeakMap<WebSocket, Duplex>();
  private readonly corked = new Set<Duplex>();
  private flushing: NodeJS.Immediate | undefined;

  constructor(
    private readonly router: Router,
    bus: EventBus,
    /** A tab's connection closed: what it had open (its presence) goes with it. */
    private readonly onSessionClosed: (session: string) => void = () => {},
  ) {
    this.forwarding = bus.onAny((name, payload) => {
      const frame = JSON.stringify({ type: 'event', name, payload } satisfies ServerFrame);
      for (const client of this.clients) {
        this.cork(client);
        client.send(frame);
      }
    });
    this.server.on('connection', (socket) => this.accept(socket));
  }

  /** Takes an HTTP upgrade the server has already admitted (token, origin, path). */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.transports.set(ws, socket);
      this.server.emit('connection', ws, request);
    });
  }

  private cork(client: WebSocket): void {
    const transport = this.transports.get(client);
    if (!transport || this.corked.has(transport)) return;
    transport.cork();
    this.corked.add(transport);
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = undefined;
    for (const transport of this.corked) transport.uncork();
    this.corked.clear();
  }

  private accept(socket: WebSocket): void {
    // Each connection is one tab of the UI.
    const session = `tab:${randomUUID()}`;
    this.clients.add(socket);
    socket.on('close', () => {
      this.clients.delete(socket);
      this.onSessionClosed(session);
    });
    socket.on('error', () => socket.terminate());
    socket.on('message', (data) =>
      this.handle(socket, data.toString(), session).catch((error: unknown) => {
        // The router answers every call with a value; this only guards the frame handling itself.
        this.send(socket, { type: 'protocol-error', error: { code: 'internal', message: `The frame could not be handled: ${error instanceof Error ? error.message : String(error)}` } });
      }),
    );
  }

  private async handle(socket: WebSocket, text: string, session: string): Promise<void> {
    // JSON.parse does not recurse; the router bounds the input's depth before validating it.
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.send(socket, { type: 'protocol-error', error: { code: 'invalid_input', message: 'Frame is not valid JSON.' } });
    }
    const frame = ClientFrame.safeParse(json);
    if (!frame.success) {
      return this.send(socket, {
        type: 'protocol-error',
        error: { code: 'invalid_input', message: 'Frame must be {"type":"invoke","id":number,"method":string,"input":...}.' },
      });
    }
    const result = await this.router.call(frame.data.method, frame.data.input, { caller: frame.data.caller ?? 'renderer', session });
    this.send(socket, { type: 'result', id: frame.data.id, result });
  }

  private send(socket: WebSocket, frame: ServerFrame): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }

  dispose(): Promise<void> {
    this.forwarding.dispose();
    if (this.flushing) clearImmediate(this.flushing);
    this.flush();
    for (const client of this.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
