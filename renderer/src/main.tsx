import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { showToast } from './components/toasts';
import './styles/app.css';

function reportError(error: unknown) {
  showToast({ kind: 'error', title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) });
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: reportError }),
  mutationCache: new MutationCache({ onError: (error, _variables, _context, mutation) => mutation.meta?.inlineErrors || reportError(error) }),
  defaultOptions: {
    // Events tell us when data changed; no need to poll or refetch on focus.
    queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
