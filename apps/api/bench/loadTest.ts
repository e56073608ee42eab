/**
 * One autocannon run against a route: latency percentiles, request rate, and whether every
 * answer was a 2xx (a benchmark of 400s would measure nothing).
 */
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  name: string;
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  /**
   * POST bodies, taken in order by all connections together (one shared cursor, wrapping
   * around): with at least as many bodies as requests, no question is asked twice.
   */
  bodies?: string[];
  headers?: Record<string, string>;
}

/** The next body of a shared sequence (all connections draw from one cursor). */
function cursor(bodies: string[]): () => string {
  let i = 0;
  return () => bodies[i++ % bodies.length]!;
}

export async function loadTest(o: LoadOptions): Promise<LoadResult> {
  const headers = { ...(o.bodies ? { 'content-type': 'application/json' } : {}), ...o.headers };
  // autocannon walks a `requests` list per connection, so 50 connections would ask the same
  // questions in step; one request whose body comes from a shared cursor does not.
  const next = o.bodies ? cursor(o.bodies) : undefined;
  const r = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    timeout: 30,
    headers,
    ...(next
      ? { requests: [{ method: o.method ?? 'POST', headers, setupRequest: (req: { body?: string }) => ({ ...req, body: next() }) }] }
      : { method: o.method ?? 'GET' }),
  });
  return {
    name: o.name,
    connections: o.connections,
    seconds: o.seconds,
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/**
 * The same load from a minimal keep-alive client (node:http, bodies discarded unparsed). On a
 * 2-core machine autocannon's own response parsing saturates a core on large bodies before the
 * server does; this client shows the server's side of the latency.
 */
export async function leanLoadTest(o: LoadOptions): Promise<LoadResult> {
  const http = await import('node:http');
  const url = new URL(o.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + o.seconds * 1000;
  const one = (body: string | undefined) =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: o.method ?? 'GET', agent, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...o.headers } },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            latencies.push(performance.now() - t);
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const next = o.bodies ? cursor(o.bodies) : () => undefined;
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (performance.now() < deadline) await one(next());
    }),
  );
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    name: o.name,
    connections: o.connections,
    seconds: o.seconds,
    requests: latencies.length,
    rps: Math.round(latencies.length / elapsed),
    p50: Math.round(at(0.5) * 10) / 10,
    p99: Math.round(at(0.99) * 10) / 10,
    max: Math.round((latencies[latencies.length - 1] ?? NaN) * 10) / 10,
    non2xx,
    errors,
  };
}
