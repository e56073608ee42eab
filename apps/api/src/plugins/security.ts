/**
 * Security headers (helmet) with a strict Content-Security-Policy for the web app: only
 * same-origin scripts, no inline script; images may be data:/blob: URLs (graph exports).
 * Styles are same-origin plus one hash: Cytoscape inserts a single <style> element with the
 * exact text below when it mounts (cytoscape's renderer, "__________cytoscape_stylesheet"), so
 * no 'unsafe-inline' is needed.
 *
 * The headers do not depend on the request, so helmet runs once at start-up and every reply
 * gets the same set (@fastify/helmet rebuilds helmet on every request: 8% of a check's CPU).
 */
import { createHash } from 'node:crypto';
import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';

const CYTOSCAPE_STYLESHEET = '.__________cytoscape_container { position: relative; }';

export function styleHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", styleHash(CYTOSCAPE_STYLESHEET)],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The headers helmet sets with our options, computed once. */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Served over plain HTTP on loopback by default; TLS is a proxy's job, and so is HSTS.
    strictTransportSecurity: false,
    // Agrees with frame-ancestors 'none' (helmet's default would say SAMEORIGIN).
    xFrameOptions: { action: 'deny' },
  });
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  middleware({} as never, res as never, (err?: unknown) => void (failure = err));
  if (failure) throw failure;
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  // A callback hook, not an async one: no promise per request.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
