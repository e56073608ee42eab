import { cpSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ManifestWatchSource } from '../../src/sources/manifestWatch.ts';
import { FIXTURES, SilentSource, tempDir, testApp } from '../helpers.ts';
import { connectSse } from '../sse.ts';

async function listen(app: Awaited<ReturnType<typeof testApp>>['app']): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

describe('GET /api/v1/events', () => {
  it('sends the current snapshot on connect, then a change summary per new snapshot', async () => {
    const dir = tempDir();
    cpSync(FIXTURES, dir, { recursive: true });
    const { app } = await testApp(new ManifestWatchSource({ paths: [dir], pollMs: 0, debounceMs: 20 }), { heartbeatMs: 50 });
    const sse = await connectSse(`${await listen(app)}/api/v1/events`);
    onTestFinished(() => sse.close());
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers['cache-control']).toBe('no-cache, no-transform');
    const hello = await sse.next('status');
    expect(hello).toMatchObject({ id: '1', data: { version: 1, stale: false } });

    // Loosen the backend's NetworkPolicy: tools/debug may now reach it on 8080 at L4.
    const shop = join(dir, 'shop.yaml');
    writeFileSync(shop, readFileSync(shop, 'utf8').replace('- from: [{ podSelector: { matchLabels: { app: frontend } } }]', '- from: [{ podSelector: {} }, { namespaceSelector: {} }]'));
    const change = await sse.next('snapshot');
    expect(change.id).toBe('2');
    expect(change.data).toMatchObject({ version: 2, previousVersion: 1, snapshot: { version: 2 } });
    const summary = change.data as { counts: { added: number; removed: number; reclassified: number }; added: unknown[]; reclassified: unknown[] };
    expect(summary.counts.added + summary.counts.reclassified).toBeGreaterThan(0);
    expect([...summary.added, ...summary.reclassified]).toContainEqual(expect.objectContaining({ from: 'tools/debug', to: 'shop/backend', port: 8080 }));

    await new Promise((r) => setTimeout(r, 120));
    expect(sse.comments).toContain('heartbeat');
  });

  it('waits for the first snapshot when there is none yet', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    const res = await fetch(`${await listen(app)}/api/v1/events`);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('retry: 3000');
    await reader.cancel();
  });

  it('ends open streams when the server closes', async () => {
    const { app } = await testApp(new SilentSource(), { waitForSnapshot: false });
    const sse = await connectSse(`${await listen(app)}/api/v1/events`);
    const closed = app.close();
    await expect(closed).resolves.toBeUndefined();
    sse.close();
  });
});
