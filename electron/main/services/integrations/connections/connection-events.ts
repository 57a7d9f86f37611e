import type { ConnectionEvent } from '../../../../../shared/contract';

/** Where the parts of the integrations layer report what happened to a connection. */
export interface ConnectionEventSink {
  record(connectionId: string, level: ConnectionEvent['level'], kind: string, message: string): void;
  /** The credentials stopped working (a refused refresh token): the connection needs attention. */
  authFailed(connectionId: string, message: string): void;
}
