import { EchelonError } from '../../../../../shared/contract';

/** Resolves after `ms`, or rejects with a `cancelled` error as soon as the signal aborts. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelled(signal: AbortSignal): EchelonError {
  const reason = signal.reason instanceof Error ? signal.reason.message : 'the caller cancelled it';
  return new EchelonError('cancelled', `The request was cancelled: ${reason}`);
}
