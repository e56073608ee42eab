/**
 * SSE limits (issue 15): a client that never reads is dropped once `bufferBytes` wait for it
 * (asserted on the server's own counters, never on time); a reconnect with Last-Event-ID gets
 * the snapshot events it missed while they are kept, else `event: refresh`; past the client
 * limit a new stream is a 503.
 */
import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fullUpdate, type SourceState } from '../../src/sources/source.ts';
import { SilentSource, eventually, testApp } from '../helpers.ts';
import { deploy, namespace, netpol, sourceState } from '../support/manifests.ts';
import { connectSse } from '../sse.ts';

/** `n` workloads in one namespace; `isolated`: a deny-all ingress policy reclassifies every flow. */
function cluster(n: number, isolated: boolean): SourceState {
  const workloads = Array.from({ length: n }, (_, i) => deploy(`big/app-${i}`, { ports: [8080] }));
  return sourceState([namespace('big'), ...workloads, isolated && netpol('big/deny', { podSelector: {}, policyTypes: ['Ingress'] })], 'big.yaml');
}

async function listen(app: Awaited<ReturnType<typeof testApp>>['app']): Promise<{ url: string; port: number }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, port };
}

function metric(text: string, name: string): number {
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`no ${name}`);
  return Number(m[1]);
}

async function liveApp(events: Record<string, number>) {
  const source = new SilentSource();
  const t = await testApp(source, { waitForSnapshot: false, events, store: { changeLimit: 100_000 } });
  source.listener!.update(fullUpdate(cluster(40, false)));
  await t.store.ready();
  let isolated = false;
  /** One more snapshot: every flow flips between open and denied. */
  const flip = async () => {
    const v = t.store.current()!.version;
    isolated = !isolated;
    source.listener!.update(fullUpdate(cluster(40, isolated)));
    await eventually(() => t.store.current()!.version > v, 5000, 'the next snapshot');
  };
  return { ...t, flip, ...(await listen(t.app)) };
}

describe('SSE limits', () => {
  it('drops a client that never reads once its buffer limit is reached; the others stay', async () => {
    const { app, flip, port, url } = await liveApp({ bufferBytes: 256 * 1024 });
    const reader = await connectSse(`${url}/api/v1/events`);
    onTestFinished(() => reader.close());
    await reader.next('status');
    // A raw client that sends its request and then never reads a byte.
    const silent = net.connect(port, '127.0.0.1');
    onTestFinished(() => void silent.destroy());
    silent.on('error', () => {});
    await new Promise<void>((r) => silent.once('connect', () => r()));
    silent.pause();
    silent.write('GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
    await eventually(async () => metric((await app.inject({ url: '/metrics' })).body, 'accessgraph_sse_clients') === 2, 5000, 'two streams');
    // Snapshots until the server gives up on the silent one (the kernel's socket buffers fill first).
    for (let i = 0; i < 400; i++) {
      await flip();
      const m = (await app.inject({ url: '/metrics' })).body;
      if (metric(m, 'accessgraph_sse_dropped_total') > 0) break;
    }
    const m = (await app.inject({ url: '/metrics' })).body;
    expect(metric(m, 'accessgraph_sse_dropped_total')).toBe(1);
    expect(metric(m, 'accessgraph_sse_clients')).toBe(1);
    // The reading client kept every snapshot event.
    const last = await reader.next('snapshot');
    expect(last.id).toBeDefined();
  });

  it('a reconnect with Last-Event-ID gets exactly the snapshot events it missed', async () => {
    const { flip, store, url } = await liveApp({});
    const from = store.current()!.version;
    await flip();
    await flip();
    const sse = await connectSse(`${url}/api/v1/events`, { 'last-event-id': String(from) });
    onTestFinished(() => sse.close());
    const a = await sse.next('snapshot');
    const b = await sse.next('snapshot');
    expect([a.id, b.id]).toEqual([String(from + 1), String(from + 2)]);
    expect(sse.events.map((e) => e.event)).not.toContain('refresh');
  });

  it('a reconnect from before the kept events gets a refresh event', async () => {
    const { flip, store, url } = await liveApp({ ringEvents: 2 });
    const from = store.current()!.version;
    for (let i = 0; i < 4; i++) await flip();
    const sse = await connectSse(`${url}/api/v1/events`, { 'last-event-id': String(from) });
    onTestFinished(() => sse.close());
    const refresh = await sse.next('refresh');
    expect(refresh).toMatchObject({ id: String(from + 4), data: { version: from + 4 } });
    expect(sse.events.map((e) => e.event)).not.toContain('snapshot');
  });

  it('refuses a stream past the client limit with a 503', async () => {
    const { app, url } = await liveApp({ maxClients: 1 });
    const first = await connectSse(`${url}/api/v1/events`);
    onTestFinished(() => first.close());
    const res = await fetch(`${url}/api/v1/events`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    expect(((await res.json()) as { message: string }).message).toMatch(/too many event streams open \(1, --sse-max-clients\)/);
    expect(metric((await app.inject({ url: '/metrics' })).body, 'accessgraph_sse_refused_total')).toBe(1);
  });
});
