import { useCallback, useEffect, useState } from 'react';

const read = () =>
  location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .slice(1)
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));

/**
 * What follows the page in the URL hash (`#/executions/42/step/3` → ["42", "step", "3"]), so a
 * run, a step or a workflow's execution view has an address that reload and back/forward keep.
 */
export function useHashPath(page: string): [string[], (segments: readonly (string | number)[]) => void] {
  const [path, setPath] = useState(read);
  useEffect(() => {
    const onHash = () => setPath(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((segments: readonly (string | number)[]) => {
    location.hash = ['', page, ...segments.map((segment) => encodeURIComponent(String(segment)))].join('/');
  }, [page]);
  return [path, go];
}

/** The address of an execution (and one of its steps) on the Executions page. */
export const executionHref = (id: number, step?: number) => `#/executions/${id}${step !== undefined ? `/step/${step}` : ''}`;
