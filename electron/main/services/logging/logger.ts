import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from '../redaction/redactor';
import { ensurePrivateFile, PRIVATE_FILE, privateDir } from '../store/private-files';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, source: string, message: string, fields?: Record<string, unknown>): void;
  info(source: string, message: string, fields?: Record<string, unknown>): void;
  warn(source: string, message: string, fields?: Record<string, unknown>): void;
  error(source: string, message: string, fields?: Record<string, unknown>): void;
}

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * JSON lines in `<dataDir>/logs/echelon.log`, rotated once at 5 MB. Every line passes
 * through the redactor, so no logger can write a secret.
 */
export function createLogger(options: { dir: string; redactor: Redactor; echo?: (line: string) => void }): Logger {
  const file = path.join(options.dir, 'echelon.log');
  privateDir(options.dir);
  ensurePrivateFile(file);
  let size = fs.statSync(file).size;

  const log = (level: LogLevel, source: string, message: string, fields?: Record<string, unknown>) => {
    const line = options.redactor.redact(JSON.stringify({ at: new Date().toISOString(), level, source, message, ...fields })) + '\n';
    try {
      if (size + line.length > MAX_BYTES) {
        fs.renameSync(file, `${file}.1`);
        size = 0;
      }
      fs.appendFileSync(file, line, { mode: PRIVATE_FILE });
      size += line.length;
    } catch {
      // A log that cannot be written (disk full, folder removed) must not break what was being logged.
    }
    if (level === 'error' || level === 'warn') options.echo?.(line.trimEnd());
  };
  return {
    log,
    info: (source, message, fields) => log('info', source, message, fields),
    warn: (source, message, fields) => log('warn', source, message, fields),
    error: (source, message, fields) => log('error', source, message, fields),
  };
}
