/**
 * Publishes the routes' own TypeBox schemas as an OpenAPI 3.1 document at /api/openapi.json.
 * Routes are collected as they are registered (onRoute), so this plugin must be registered
 * before them; a route whose schema says `hide: true`, and HEAD twins, are left out.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    /** Left out of the OpenAPI document. */
    hide?: boolean;
  }
}

interface RouteSchema {
  summary?: string;
  description?: string;
  tags?: string[];
  hide?: boolean;
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  response?: Record<string, JsonSchema | { description?: string; content: Record<string, { schema: JsonSchema }> }>;
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; description?: string };

interface CollectedRoute {
  method: string;
  url: string;
  schema: RouteSchema;
}

const STATUS_TEXT: Record<string, string> = {
  200: 'OK',
  304: 'Not modified (ETag matched)',
  400: 'Bad request: the message says what is wrong',
  401: 'Missing or wrong bearer token',
  404: 'Not found',
  413: 'Request body too large',
  503: 'No snapshot yet (the source is still syncing)',
};

function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: JsonSchema | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, s]) => {
    const p: Record<string, unknown> = { name, in: where, required: where === 'path' || required.has(name), schema: s };
    if (s.description) p.description = s.description;
    if (s.type === 'array') Object.assign(p, { style: 'form', explode: true });
    return p;
  });
}

function responses(schema: RouteSchema['response']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(schema ?? {})) {
    if (r && typeof r === 'object' && 'content' in r && r.content && typeof r.content === 'object') {
      out[status] = { description: r.description ?? STATUS_TEXT[status] ?? status, content: r.content };
    } else {
      const s = r as JsonSchema;
      out[status] = { description: s.description ?? STATUS_TEXT[status] ?? status, content: { 'application/json': { schema: s } } };
    }
  }
  return out;
}

export function openApiDocument(routes: readonly CollectedRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = openApiPath(r.url);
    const op: Record<string, unknown> = {
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parameters(r.schema.params, 'path'), ...parameters(r.schema.querystring, 'query')],
      responses: responses(r.schema.response),
    };
    if (r.schema.summary) op.summary = r.schema.summary;
    if (r.schema.description) op.description = r.schema.description;
    if (r.schema.tags) op.tags = r.schema.tags;
    if (r.schema.body) op.requestBody = { required: true, content: { 'application/json': { schema: r.schema.body } } };
    if (r.url.startsWith('/api/')) op.security = [{ bearerAuth: [] }, {}];
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'accessgraph',
      version,
      description:
        'Who can reach whom in a Kubernetes cluster, from NetworkPolicy (L4) and Linkerd authorization policy (L7). Read-only. When the server has a token, every /api route needs `Authorization: Bearer <token>` (/api/v1/events also accepts `?access_token=`).',
    },
    paths,
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
}

export function registerOpenApi(app: FastifyInstance, version: string): void {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = route.schema as RouteSchema | undefined;
    if (!schema || schema.hide) return;
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, schema });
  });
  let document: string | undefined;
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    document ??= JSON.stringify(openApiDocument(routes, version));
    return reply.type('application/json; charset=utf-8').send(document);
  });
}
