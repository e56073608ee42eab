/**
 * Bearer-token auth for every /api route when the server has a token. The comparison is
 * constant-time over SHA-256 digests (equal lengths whatever the input). EventSource cannot
 * send headers, so /api/v1/events alone also accepts `?access_token=`. The web app reads
 * `?token=` once, keeps it in sessionStorage and sends `Authorization: Bearer …`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';

const EVENTS_ROUTE = '/api/v1/events';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1];
  }
  if (request.routeOptions.url === EVENTS_ROUTE) {
    const q = request.query as { access_token?: unknown } | undefined;
    if (typeof q?.access_token === 'string' && q.access_token.length > 0) return q.access_token;
  }
  return undefined;
}

/** True for requests that need the token: any route or path under /api. */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route !== undefined && (route === '/api' || route.startsWith('/api/'))) return true;
  let path = request.url.split('?')[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // An undecodable path is still checked as written.
  }
  return /^\/+api(\/|$)/i.test(path);
}

export function registerAuth(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  const expected = digest(token);
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiRequest(request)) return;
    const presented = presentedToken(request);
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return;
    reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="accessgraph"')
      .send(errorBody(401, presented === undefined ? 'this server needs a bearer token (Authorization: Bearer <token>)' : 'the bearer token is not valid'));
    return reply;
  });
}
