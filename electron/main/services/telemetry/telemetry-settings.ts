import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TracingSettings } from '../../../../shared/contract/observability';
import type { KeyValues } from './key-values';

export const DEFAULT_TRACING: TracingSettings = { enabled: false, endpoint: null, headers: {}, sampleRatio: 1, maxTracesPerSecond: 100 };

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Observability settings kept in SQLite: tracing, the scrape token's hash, the trace-id salt. */
export class TelemetrySettings {
  constructor(private readonly values: KeyValues) {}

  tracing(): TracingSettings {
    const stored = this.values.get('tracing');
    if (!stored) return DEFAULT_TRACING;
    const parsed = TracingSettings.safeParse({ ...DEFAULT_TRACING, ...(JSON.parse(stored) as object) });
    return parsed.success ? parsed.data : DEFAULT_TRACING;
  }

  setTracing(settings: TracingSettings): void {
    this.values.set('tracing', JSON.stringify(settings));
  }

  /** Made once per data dir: trace ids derived from execution ids are unique to this install. */
  traceSalt(): string {
    let salt = this.values.get('trace.salt');
    if (!salt) this.values.set('trace.salt', (salt = randomBytes(16).toString('hex')));
    return salt;
  }

  hasScrapeToken(): boolean {
    return this.values.get('metrics.token_sha256') !== undefined;
  }

  rotateScrapeToken(): string {
    const token = randomBytes(24).toString('base64url');
    this.values.set('metrics.token_sha256', sha256(token).toString('hex'));
    return token;
  }

  clearScrapeToken(): boolean {
    return this.values.remove('metrics.token_sha256');
  }

  /** Compares hashes in constant time; the token itself is never stored. */
  isScrapeToken(given: string): boolean {
    const stored = this.values.get('metrics.token_sha256');
    return stored !== undefined && timingSafeEqual(Buffer.from(stored, 'hex'), sha256(given));
  }
}
