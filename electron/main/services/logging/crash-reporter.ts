import fs from 'node:fs';
import path from 'node:path';
import { version } from '../../../../package.json';
import { CrashReport } from '../../../../shared/contract/observability';
import { toDisposable, type Disposable } from '../../../../shared/lifecycle/disposable';
import type { Redactor } from '../redaction/redactor';
import { writePrivateFile } from '../store/private-files';
import type { Logger } from './logger';

const KEPT_REPORTS = 50;
const LOG_LINES = 20;

export interface CrashReporterOptions {
  dir: string;
  redactor: Redactor;
  logger: Logger;
  shell: string;
  /** What was going on when it happened (running executions, ...); must not throw. */
  context?: () => Record<string, unknown>;
  /** Told when a report was written (the store's change tracker). */
  onCaptured?: () => void;
}

function describe(error: unknown): { message: string; stack: string | null; name: string | null } {
  if (error instanceof Error) return { message: error.message || error.name, stack: error.stack ?? null, name: error.name };
  if (typeof error === 'string') return { message: error, stack: null, name: null };
  try {
    return { message: JSON.stringify(error) ?? String(error), stack: null, name: null };
  } catch {
    return { message: String(error), stack: null, name: null };
  }
}

/**
 * Crash and unhandled-error reports, one JSON file each in `<dataDir>/crashes/`, written
 * synchronously (the process may be about to die) and redacted like every log line. The app
 * shows unseen ones at its next start.
 *
 * `capture` is the hook for whatever catches the error: the process-level monitor installed by
 * `watchProcess`, and guards against unhandled rejections in the shells.
 */
export class CrashReporter {
  private counter = 0;

  constructor(private readonly options: CrashReporterOptions) {}

  capture(error: unknown, details: { kind: string; context?: Record<string, unknown> }): CrashReport | undefined {
    try {
      const { message, stack, name } = describe(error);
      const redact = (text: string) => this.options.redactor.redact(text);
      let context: Record<string, unknown> = {};
      try {
        context = { ...this.options.context?.(), ...details.context };
      } catch (failure) {
        context = { contextError: String(failure) };
      }
      const at = new Date();
      const report: CrashReport = {
        id: `${at.toISOString().replace(/[:.]/g, '-')}-${process.pid}-${this.counter++}`,
        at: at.toISOString(),
        kind: details.kind,
        message: redact(name && name !== 'Error' ? `${name}: ${message}` : message),
        stack: stack === null ? null : redact(stack),
        shell: this.options.shell,
        version,
        pid: process.pid,
        context: JSON.parse(redact(JSON.stringify({ ...context, uptimeSeconds: Math.round(process.uptime()), lastLogLines: this.options.logger.recent(LOG_LINES) }))) as Record<string, unknown>,
        seenAt: null,
      };
      writePrivateFile(path.join(this.options.dir, `${report.id}.json`), JSON.stringify(report, null, 2));
      this.options.logger.error('crash', `${details.kind}: ${report.message}`, { crashId: report.id });
      this.prune();
      this.options.onCaptured?.();
      return report;
    } catch {
      // Reporting must never be what brings the process down.
      return undefined;
    }
  }

  /** Captures uncaught exceptions without changing what happens next (Node still exits). */
  watchProcess(target: NodeJS.Process = process): Disposable {
    const monitor = (error: Error, origin: string) => this.capture(error, { kind: origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException' });
    target.on('uncaughtExceptionMonitor', monitor);
    return toDisposable(() => void target.off('uncaughtExceptionMonitor', monitor));
  }

  private files(): string[] {
    try {
      return fs
        .readdirSync(this.options.dir)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .reverse();
    } catch {
      return [];
    }
  }

  private read(file: string): CrashReport | undefined {
    try {
      const parsed = CrashReport.safeParse(JSON.parse(fs.readFileSync(path.join(this.options.dir, file), 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  list(unseenOnly = false): CrashReport[] {
    return this.files()
      .map((file) => this.read(file))
      .filter((report): report is CrashReport => report !== undefined && (!unseenOnly || report.seenAt === null));
  }

  dismiss(id?: string): number {
    let count = 0;
    const seenAt = new Date().toISOString();
    for (const report of this.list(true)) {
      if (id !== undefined && report.id !== id) continue;
      writePrivateFile(path.join(this.options.dir, `${report.id}.json`), JSON.stringify({ ...report, seenAt }, null, 2));
      count++;
    }
    if (count > 0) this.options.onCaptured?.();
    return count;
  }

  private prune(): void {
    for (const file of this.files().slice(KEPT_REPORTS)) fs.rmSync(path.join(this.options.dir, file), { force: true });
  }
}
