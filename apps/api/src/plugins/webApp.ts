/**
 * Serves the built web app (apps/web/dist) at / with an SPA fallback: any GET that is not an
 * API path and finds no file gets index.html, so deep links (/workloads/ns/name) work. Hashed
 * assets are immutable; index.html is revalidated. Without a build, / explains how to make one
 * and the API keeps working.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';

const MISSING_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>accessgraph: web app not built</title></head>
<body>
<h1>accessgraph</h1>
<p>The API is running, but the web app has not been built, so there is no dashboard to show.</p>
<p>Build it from the repository root with <code>pnpm --filter @accessgraph/web build</code>
(or start everything with <code>pnpm start</code>), or point <code>--web-dist</code> at a build.</p>
<p>Meanwhile: <a href="/api/openapi.json">/api/openapi.json</a> lists the API; try
<a href="/api/v1/snapshot">/api/v1/snapshot</a> and <a href="/api/v1/graph">/api/v1/graph</a>.</p>
</body>
</html>
`;

function isApiPath(url: string): boolean {
  return /^\/+api(\/|$|\?)/i.test(url);
}

/** A page navigation: GET/HEAD, not the API, not a file name (a missing /x.js stays a 404). */
function wantsPage(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(path) && !/\.[A-Za-z0-9]+$/.test(path);
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`));
}

/** Registers the web app, or the "not built" page; returns whether a build was found. */
export async function registerWebApp(app: FastifyInstance, webDist: string | undefined): Promise<boolean> {
  const built = webDist !== undefined && existsSync(join(webDist, 'index.html'));
  if (!built) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(MISSING_PAGE));
    app.setNotFoundHandler(notFound);
    return false;
  }
  await app.register(fastifyStatic, {
    root: webDist,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    if (!wantsPage(request)) return notFound(request, reply);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
