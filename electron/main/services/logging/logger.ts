import fs from 'node:fs';
import path from 'node:path';
import type { LogLevel } from '../../../../shared/contract/observability';
import type { Redactor } from '../redaction/redactor';
import { ensurePrivateFile, PRIVATE_FILE, privateDir } from '../store/private-files';

export type { LogLevel } from '../../../../shared/contract/observability';

/** Fields that tie a line to what it concerns; the log viewer filters on them. */
export interface Correlation {
  executionId?: number;
  workflowId?: string;
  /** The step's node name or id (with its seq when known). */
  step?: string;
  agentTaskId?: string;
}

export interface Logger {
  log(level: LogLevel, source: string, message: string, fields?: Record<string, unknown>): void;
  debug(source: string, message: string, fields?: Record<string, unknown>): void;
  info(source: string, message: string, fields?: Record<string, unknown>): void;
  warn(source: string, message: string, fields?: Record<string, unknown>): void;
  error(source: string, message: string, fields?: Record<string, unknown>): void;
  /** Whether lines of this level are written (to skip building ones that would be dropped). */
  enabled(level: LogLevel): boolean;
  /** The last lines written (already redacted), newest last: context for a crash report. */
  recent(count: number): string[];
  /** The current file and its rotated predecessors, newest first. */
  files(): string[];
}

export const LOG_FILE = 'echelon.log';
export const LEVEL_ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const RECENT_LINES = 50;

export interface LoggerOptions {
  dir: string;
  redactor: Redactor;
  echo?: (line: string) => void;
  /** Lines below this level are not written (`ECHELON_LOG_LEVEL`, default info). */
  level?: LogLevel;
  /** A file is rotated when it would pass this size. */
  maxBytes?: number;
  /** Rotated files kept beside the current one (`echelon.log.1` is the newest). */
  maxFiles?: number;
}

function levelFrom(value: string | undefined): LogLevel | undefined {
  return value && value in LEVEL_ORDER ? (value as LogLevel) : undefined;
}

/**
 * JSON lines in `<dataDir>/logs/echelon.log`: `at`, `level`, `source`, `message`, correlation ids
 * and any other fields. Rotated by size into `echelon.log.1` … `.N`. Every line passes through
 * the redactor, so no logger can write a secret.
 */
export function createLogger(options: LoggerOptions): Logger {
  const file = path.join(options.dir, LOG_FILE);
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxFiles = options.maxFiles ?? 5;
  const threshold = LEVEL_ORDER[options.level ?? levelFrom(process.env.ECHELON_LOG_LEVEL) ?? 'info'];
  privateDir(options.dir);
  ensurePrivateFile(file);
  let size = fs.statSync(file).size;
  const recent: string[] = [];

  const rotate = () => {
    fs.rmSync(`${file}.${maxFiles}`, { force: true });
    for (let index = maxFiles - 1; index >= 1; index--) {
      if (fs.existsSync(`${file}.${index}`)) fs.renameSync(`${file}.${index}`, `${file}.${index + 1}`);
    }
    if (fs.existsSync(file)) fs.renameSync(file, `${file}.1`);
    size = 0;
  };

  const log = (level: LogLevel, source: string, message: string, fields?: Record<string, unknown>) => {
    if (LEVEL_ORDER[level] < threshold) return;
    const text = options.redactor.redact(JSON.stringify({ at: new Date().toISOString(), level, source, message, ...fields }));
    const line = `${text}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (size > 0 && size + bytes > maxBytes) rotate();
      fs.appendFileSync(file, line, { mode: PRIVATE_FILE });
      size += bytes;
    } catch {
      // A log that cannot be written (disk full, folder removed) must not break what was being logged.
    }
    recent.push(text);
    if (recent.length > RECENT_LINES) recent.shift();
    if (level === 'error' || level === 'warn') options.echo?.(text);
  };
  return {
    log,
    debug: (source, message, fields) => log('debug', source, message, fields),
    info: (source, message, fields) => log('info', source, message, fields),
    warn: (source, message, fields) => log('warn', source, message, fields),
    error: (source, message, fields) => log('error', source, message, fields),
    enabled: (level) => LEVEL_ORDER[level] >= threshold,
    recent: (count) => recent.slice(-count),
    files: () => [file, ...Array.from({ length: maxFiles }, (_, index) => `${file}.${index + 1}`)].filter((candidate) => fs.existsSync(candidate)),
  };
}
