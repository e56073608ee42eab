/**
 * The audit report (GET /api/v1/report): the server's self-contained HTML document of the
 * current snapshot, fetched with the token like every API call (client.ts) and saved as a file.
 */
import { apiFetchText } from './client.ts';

export async function fetchReport(): Promise<string> {
  return (await apiFetchText('/api/v1/report')).text;
}
