/**
 * Security headers (helmet) with a strict Content-Security-Policy for the web app: only
 * same-origin scripts, no inline script; images may be data:/blob: URLs (graph exports).
 * Styles are same-origin plus one hash: Cytoscape inserts a single <style> element with the
 * exact text below when it mounts (cytoscape's renderer, "__________cytoscape_stylesheet"), so
 * no 'unsafe-inline' is needed.
 */
import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
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

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Served over plain HTTP on loopback by default; TLS is a proxy's job, and so is HSTS.
    strictTransportSecurity: false,
  });
}
