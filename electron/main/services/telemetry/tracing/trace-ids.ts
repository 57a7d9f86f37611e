import { createHash } from 'node:crypto';

export interface ExecutionTraceIds {
  traceId: string;
  rootSpanId: string;
}

const hex = (value: number) => (value >>> 0).toString(16).padStart(8, '0');

/** A 32-bit mix (murmur3's finalizer): nearby inputs give unrelated outputs. */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * Trace and span ids derived from the execution, so an execution is one trace however many
 * times it parks, resumes or outlives a restart of the process, and a step's span can be named
 * as the parent of its calls before the step's own span is written. A per-install salt keeps
 * ids unguessable and distinct between installs.
 */
export class TraceIds {
  constructor(private readonly salt: string) {}

  execution(executionId: number): ExecutionTraceIds {
    const digest = createHash('sha256').update(`${this.salt}:${executionId}`).digest('hex');
    return { traceId: digest.slice(0, 32), rootSpanId: digest.slice(32, 48) };
  }

  /** One span per attempt at a step; never equal to the root's id. */
  step(ids: ExecutionTraceIds, seq: number, attempt: number): string {
    const high = Number.parseInt(ids.rootSpanId.slice(0, 8), 16);
    const low = Number.parseInt(ids.rootSpanId.slice(8), 16);
    const a = mix32(high ^ mix32(seq + 1));
    const b = mix32(low ^ mix32(Math.imul(attempt + 1, 0x9e3779b1) ^ seq));
    const id = hex(a) + hex(b);
    return id === ids.rootSpanId || id === '0000000000000000' ? hex(~a) + hex(b) : id;
  }
}
