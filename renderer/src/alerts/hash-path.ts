import { useCallback, useEffect, useState } from 'react';

/** The hash segments after the page's own (`#/alerts/rules/rule-1` → ['rules', 'rule-1']). */
function segments(): string[] {
  return location.hash.replace(/^#\/?/, '').split('/').slice(1).map(decodeURIComponent).filter(Boolean);
}

/** Where a page is inside itself (a tab, a selection), kept in the URL so reload and back keep it. */
export function useHashPath(page: string): [string[], (next: string[]) => void] {
  const [path, setPath] = useState(segments);
  useEffect(() => {
    const onHash = () => setPath(segments());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: string[]) => {
    location.hash = `/${[page, ...next].map(encodeURIComponent).join('/')}`;
  }, [page]);
  return [path, navigate];
}
