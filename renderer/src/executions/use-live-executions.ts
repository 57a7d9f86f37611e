import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useApiEvent } from '../api/hooks';

/** Refetches the lists on live execution events, at most a few times a second however busy the engine is. */
export function useLiveExecutions(): void {
  const client = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);
  useApiEvent(
    'executions.updated',
    useCallback(() => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = undefined;
        void client.invalidateQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('executions.') });
      }, 250);
    }, [client]),
  );
}

