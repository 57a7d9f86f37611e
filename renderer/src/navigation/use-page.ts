import { useCallback, useEffect, useState } from 'react';
import { Page } from '../../../shared/contract';

function pageFromHash(): Page {
  const parsed = Page.safeParse(location.hash.replace(/^#\/?/, '').split('/')[0]);
  return parsed.success ? parsed.data : 'dashboard';
}

/** The current page lives in the URL hash, so reload and back/forward keep it. */
export function usePage(): [Page, (page: Page) => void] {
  const [page, setPage] = useState<Page>(pageFromHash);
  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: Page) => {
    if (pageFromHash() !== next) location.hash = `/${next}`;
  }, []);
  return [page, navigate];
}
