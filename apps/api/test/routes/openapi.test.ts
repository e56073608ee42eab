import { describe, expect, it } from 'vitest';
import { SilentSource, testApp } from '../helpers.ts';

describe('GET /api/openapi.json', () => {
  it('publishes every API route with the schemas Fastify validates and serializes with', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/api/v1/check', '/api/v1/diagnostics', '/api/v1/events', '/api/v1/graph', '/api/v1/graph.csv', '/api/v1/matrix', '/api/v1/overview', '/api/v1/report', '/api/v1/snapshot', '/api/v1/workloads/{namespace}/{name}', '/api/v1/workloads/{namespace}/{kind}/{name}', '/healthz', '/readyz'].sort(),
    );
    const graph = doc.paths['/api/v1/graph'].get;
    expect(graph.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['diagnostics', 'includeOpen', 'layer', 'namespace', 'port', 'protection']);
    expect(graph.parameters.find((p: { name: string }) => p.name === 'namespace')).toMatchObject({ in: 'query', style: 'form', explode: true });
    const node = graph.responses['200'].content['application/json'].schema.properties.nodes.items;
    expect(Object.keys(node.properties).sort()).toEqual(['exposures', 'id', 'kind', 'l4Isolated', 'labels', 'meshed', 'name', 'namespace', 'openToAll', 'ports', 'sensitive', 'serviceAccount']);
    const check = doc.paths['/api/v1/check'].post;
    expect(check.requestBody.content['application/json'].schema.required).toEqual(['from', 'to']);
    expect(Object.keys(check.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '503']));
    const workload = doc.paths['/api/v1/workloads/{namespace}/{name}'].get;
    expect(workload.parameters.filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name)).toEqual(['namespace', 'name']);
    expect(doc.paths['/api/v1/events'].get.responses['200'].content).toHaveProperty('text/event-stream');
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    expect(JSON.stringify(doc)).not.toContain('~kind');
    // Every operation: a unique id, a meaning for each status, the token scheme on /api routes.
    const ops = Object.entries(doc.paths as Record<string, Record<string, { operationId: string; security?: unknown; responses: Record<string, { description: string }> }>>).flatMap(([path, item]) => Object.values(item).map((op) => ({ path, op })));
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    for (const { path, op } of ops) {
      for (const [status, r] of Object.entries(op.responses)) expect(r.description, `${path} ${status}`).not.toBe('Default Response');
      expect(op.security !== undefined, path).toBe(path.startsWith('/api/'));
    }
  });
});
