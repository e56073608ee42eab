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

/**
 * The same load from wrk (C, `apt-get install wrk`), far lighter than either Node client: with
 * it the floor rows show what the machine allows rather than what the load generator does.
 * Two threads, `connections` connections; POST bodies are split between the threads (each thread
 * walks its own half in order, so with enough bodies no question is asked twice). Resolves to
 * undefined when wrk is not installed. Latencies from wrk's `--latency` distribution.
 */
export async function wrkLoadTest(o: LoadOptions): Promise<LoadResult | undefined> {
  const { execFile } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile('wrk', args, { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code === 'ENOENT' ? null : 1) : 0;
        resolve({ code, out: `${stdout}${stderr}` });
      });
    });
  if ((await run(['--version'])).code === null) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-wrk-'));
  try {
    const threads = 2;
    const args = ['-t', String(threads), '-c', String(o.connections), '-d', `${o.seconds}s`, '--latency', '--timeout', '30s'];
    for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}: ${v}`);
    if (o.bodies) {
      // One file per thread, one JSON body per line (bodies never hold a newline: JSON.stringify).
      for (let t = 0; t < threads; t++) writeFileSync(join(dir, `bodies-${t}.txt`), o.bodies.filter((_, i) => i % threads === t).join('\n') + '\n');
      const script = `
local n = 0
function setup(thread) thread:set("file", "${join(dir, 'bodies-')}" .. n .. ".txt"); n = n + 1 end
local bodies, i = {}, 0
function init(args) for line in io.lines(file) do bodies[#bodies + 1] = line end end
function request()
  i = i % #bodies + 1
  return wrk.format("${o.method ?? 'POST'}", nil, { ["Content-Type"] = "application/json" }, bodies[i])
end
local non2xx = 0
function response(status) if status >= 300 then non2xx = non2xx + 1 end end
function done(summary, latency, requests) end
`;
      writeFileSync(join(dir, 'bodies.lua'), script);
      args.push('-s', join(dir, 'bodies.lua'));
    }
    args.push(o.url);
    const { code, out } = await run(args);
    if (code !== 0) throw new Error(`wrk failed:\n${out}`);
    const unit = (v: string, u: string) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[u]!;
    const pct = (p: string) => {
      const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
      return m ? unit(m[1]!, m[2]!) : NaN;
    };
    const max = /^\s*Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)/m.exec(out);
    const total = /(\d+) requests in/.exec(out);
    const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    return {
      name: o.name,
      connections: o.connections,
      seconds: o.seconds,
      requests: Number(total?.[1] ?? 0),
      rps: Math.round(Number(rps?.[1] ?? 0)),
      p50: pct('50'),
      p99: pct('99'),
      max: max ? unit(max[1]!, max[2]!) : NaN,
      non2xx: Number(non2xx?.[1] ?? 0),
      errors: socketErrors ? socketErrors.slice(1).reduce((s, v) => s + Number(v), 0) : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
