/**
 * The audit report (GET /api/v1/report): the server's self-contained HTML document of the
 * current snapshot, fetched with the token like every API call and saved as a file.
 */
import { ApiError, token } from './client.ts';

export async function fetchReport(): Promise<Blob> {
  const headers = new Headers();
  const t = token();
  if (t) headers.set('authorization', `Bearer ${t}`);
  const res = await fetch('/api/v1/report', { headers });
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
  return await res.blob();
}
