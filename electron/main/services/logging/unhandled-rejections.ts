import { toDisposable, type Disposable } from '../../../../shared/lifecycle/disposable';
import type { Logger } from './logger';

/**
 * For the long-running shells (the desktop app, `echelon serve`): a promise rejection that no
 * code handled is logged instead of ending the process (Node's default), so one bad request or
 * one failing handler cannot take every server, workflow and open window down with it.
 */
export function surviveUnhandledRejections(logger: Logger): Disposable {
  const listener = (reason: unknown) => {
    logger.error('process', 'A promise rejection was not handled; Echelon keeps running', {
      error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    });
  };
  process.on('unhandledRejection', listener);
  return toDisposable(() => void process.off('unhandledRejection', listener));
}
