/**
 * The only place the web app talks HTTP. Every non-2xx becomes an ApiError carrying the
 * server's message, so query functions throw and TanStack Query shows the error state.
 */

const TOKEN_KEY = 'accessgraph-token';

/** Reads `?token=` once into sessionStorage and removes it from the address bar. */
export function captureToken(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
  }
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const t = token();
  if (t) headers.set('authorization', `Bearer ${t}`);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(path, { ...init, headers });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      /* not JSON: keep the status line */
    }
    throw new ApiError(res.status, message);
  }
  return res;
}

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await request(path, init)).json()) as T;
}

/** A text answer (the CSV export) with its headers (the provenance header). */
export async function apiFetchText(path: string): Promise<{ text: string; headers: Headers }> {
  const res = await request(path);
  return { text: await res.text(), headers: res.headers };
}

/** URL for the SSE stream (EventSource cannot send headers, so the token goes in the query). */
export function eventsUrl(): string {
  const t = token();
  return t ? `/api/v1/events?access_token=${encodeURIComponent(t)}` : '/api/v1/events';
}
