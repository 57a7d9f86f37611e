import type { Handlers } from '../../../../shared/rpc/router';
import type { CrashReporter } from './crash-reporter';
import type { LogReader } from './log-reader';

type LoggingHandlers = Pick<Handlers, 'logs.query' | 'logs.export' | 'diagnostics.crashes' | 'diagnostics.crashes.dismiss'>;

export function loggingHandlers(reader: LogReader, crashes: CrashReporter): LoggingHandlers {
  return {
    'logs.query': (input) => reader.query(input),
    'logs.export': (filter) => {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return { fileName: `echelon-log-${stamp}.jsonl`, ...reader.export(filter) };
    },
    'diagnostics.crashes': ({ unseenOnly }) => crashes.list(unseenOnly),
    'diagnostics.crashes.dismiss': ({ id }) => ({ dismissed: crashes.dismiss(id) }),
  };
}
