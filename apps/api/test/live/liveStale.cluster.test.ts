/**
 * A silent API server (issue 15): one that is frozen (SIGSTOP: its connections stay open, it
 * answers nothing) is noticed by the liveness probe before the stale limit, its staleness
 * counts from the last answer, not from when the silence was noticed; and while the outage
 * lasts, retries emit no new snapshot and no SSE event.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { applyObjects, type TestCluster } from '@accessgraph/testcluster';
import { eventually } from '../helpers.ts';
import { connectSse } from '../sse.ts';
import { fixtureObjects, liveApp, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');

function restarts(metrics: string): number {
  let n = 0;
  for (const m of metrics.matchAll(/^accessgraph_watch_restarts_total\{[^}]*\} (\d+)$/gm)) n += Number(m[1]);
  return n;
}

describe.skipIf(!!unavailable)('live source: a silent API server', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
    await applyObjects(cluster.kubeconfigPath, fixtureObjects({ linkerd: false }));
  });
  afterAll(async () => cluster?.stop());

  it('a frozen API server is noticed before the stale limit, stale since the last answer', async () => {
    const staleLimitMs = 12_000;
    const { store, source } = await liveApp(cluster.kubeconfigPath, { staleLimitMs });
    const before = await store.ready();
    const pid = (cluster as unknown as { apiserver: ChildProcess }).apiserver.pid!;
    const frozenAt = Date.now();
    process.kill(pid, 'SIGSTOP');
    onTestFinished(() => void process.kill(pid, 'SIGCONT'));
    const health = await eventually(() => (store.currentHealth.stale ? store.currentHealth : undefined), staleLimitMs, 'staleness noticed');
    const noticedAfterMs = Date.now() - frozenAt;
    // Noticed while the last snapshot is still trusted: before the limit, its layers as they were.
    expect(store.current()!.layers).toEqual(before.layers);
    expect(store.current()!.version).toBe(before.version);
    // Counted from the last answer: no later than the freeze, no earlier than a probe interval before it.
    expect(health.since.getTime()).toBeLessThanOrEqual(frozenAt);
    expect(health.since.getTime()).toBeGreaterThanOrEqual(frozenAt - source.probeIntervalMs - 1000);
    expect(noticedAfterMs).toBeLessThan(staleLimitMs / 2);
    process.kill(pid, 'SIGCONT');
    await eventually(() => !store.currentHealth.stale, 20_000, 'recovery after SIGCONT');
    // Nothing changed in the cluster: the same snapshot throughout.
    expect(store.current()!.version).toBe(before.version);
    console.info(`frozen API server noticed after ${noticedAfterMs} ms (probe every ${source.probeIntervalMs} ms, stale limit ${staleLimitMs} ms)`);
  });

  it('retries during an outage emit no new snapshot and no SSE event', async () => {
    const { app, store, url } = await liveApp(cluster.kubeconfigPath, { staleLimitMs: 3000 });
    await store.ready();
    // (No Linkerd CRDs in this cluster: L7 is unknown throughout; L4 is what the limit changes.)
    expect(store.current()!.layers.l4.state).toBe('known');
    const sse = await connectSse(`${url}/api/v1/events`);
    onTestFinished(() => sse.close());
    await sse.next('status');
    await cluster.stopApiServer();
    onTestFinished(async () => {
      if (!(cluster as unknown as { apiserver?: ChildProcess }).apiserver) await cluster.startApiServer();
    });
    // Past the limit: one snapshot with both layers unknown.
    await sse.next('snapshot', 15_000);
    const pastLimit = store.current()!;
    expect(pastLimit.layers.l4.state).toBe('unknown');
    const eventsThen = sse.events.length;
    // Let the informers retry several times against the dead server.
    const r0 = restarts((await app.inject({ url: '/metrics' })).body);
    await eventually(async () => restarts((await app.inject({ url: '/metrics' })).body) >= r0 + 6, 20_000, 'six more watch retries');
    expect(store.current()!.version).toBe(pastLimit.version);
    expect(sse.events.slice(eventsThen).map((e) => e.event)).toEqual([]);
    await cluster.startApiServer();
    await eventually(() => !store.currentHealth.stale && store.current()!.layers.l4.state === 'known', 20_000, 'recovery');
  });
});
