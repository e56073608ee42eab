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

/** A loopback address or name, as given to --host (`[::1]` brackets allowed). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

/** A Host header (name[:port], [v6]:port) naming this machine's loopback; `*.localhost` too (RFC 6761). */
export function isLoopbackHostHeader(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return isLoopback(name) || name.toLowerCase().endsWith('.localhost');
}

/**
 * Without a token the server is safe only because it listens on loopback. A web page on another
 * site can still reach it through DNS rebinding (its own name resolving to 127.0.0.1), but its
 * requests then carry that name in Host: so a tokenless loopback server answers only requests
 * addressed to a loopback name.
 */
export function registerLoopbackHostCheck(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const host = request.headers.host;
    if (host === undefined || isLoopbackHostHeader(host)) return done();
    reply
      .code(403)
      .send(errorBody(403, `this server has no token and answers only requests addressed to localhost or 127.0.0.1, not ${JSON.stringify(host)} (a page elsewhere must not read it through DNS rebinding); to serve other names, start it with --token`));
  });
}
