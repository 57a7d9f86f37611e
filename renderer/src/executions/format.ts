/** "84 ms", "2.31 s", "1 min 5 s"; under a millisecond (the clock's resolution) reads "< 1 ms". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === undefined || ms === null) return '—';
  if (ms < 1) return '< 1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const counts = new Intl.NumberFormat();

/** 12,345 (in the reader's locale). */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** "99%", "97.5%": one decimal where it says something. */
export function formatPercent(rate: number): string {
  return `${Number((rate * 100).toFixed(1))}%`;
}

export type Tone = 'ok' | 'warn' | 'danger';

/** Success rates: green from 99 %, amber from 90 %, red below (the legend under each table says so). */
export const SUCCESS_THRESHOLDS = { ok: 0.99, warn: 0.9 } as const;

export function successTone(rate: number): Tone {
  return rate >= SUCCESS_THRESHOLDS.ok ? 'ok' : rate >= SUCCESS_THRESHOLDS.warn ? 'warn' : 'danger';
}

export function failureTone(rate: number): Tone {
  return successTone(1 - rate);
}

/** "2 h 5 min" of time saved. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 60 * 24) return `${Math.floor(minutes / 60)} h ${Math.round(minutes % 60)} min`;
  return `${formatCount(Math.round(minutes / 60))} h`;
}
