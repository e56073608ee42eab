import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.tsx';
import { captureToken } from './api/client.ts';
import './styles.css';

captureToken();
const client = new QueryClient({ defaultOptions: { queries: { retry: (n, e) => n < 2 && !(e as { status?: number }).status?.toString().startsWith('4'), refetchOnWindowFocus: false } } });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
