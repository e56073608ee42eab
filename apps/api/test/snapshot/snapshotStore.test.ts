import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseManifests, positionKey } from '@accessgraph/model';
import { analyzeState } from '../../src/snapshot/analyzeState.ts';
import { SnapshotStore, type StoreEvent } from '../../src/snapshot/snapshotStore.ts';
import { fullUpdate, KNOWN_LAYERS, type SourceState } from '../../src/sources/source.ts';
import { FIXTURES, SilentSource, eventually } from '../helpers.ts';

function fixtureState(...files: string[]): SourceState {
  const parsed = parseManifests(files.map((f) => ({ path: f, text: readFileSync(join(FIXTURES, f), 'utf8') })));
  return { objects: parsed.objects, diagnostics: parsed.diagnostics, layers: KNOWN_LAYERS };
}

async function started(options: Partial<ConstructorParameters<typeof SnapshotStore>[0]> = {}) {
  const source = new SilentSource();
  const store = new SnapshotStore({ source, ...options });
  onTestFinished(() => store.stop());
  await store.start();
  return { store, listener: source.listener! };
}

describe('the snapshot store', () => {
  it('an update with no object change and the same layers and diagnostics makes no new snapshot and no event', async () => {
    const { store, listener } = await started();
    const data = fixtureState('data.yaml');
    listener.update(fullUpdate(data));
    await store.ready();
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    // A re-list that found every object at its resourceVersion, a file saved unchanged: no change.
    // The store recomputes on the next turn (setImmediate): two turns later it has handled it.
    const turn = () => new Promise((r) => setImmediate(r));
    const quiet = { diagnostics: data.diagnostics, layers: data.layers, changes: { changes: [] } };
    listener.update(quiet);
    await turn();
    await turn();
    expect(store.current()!.version).toBe(1);
    listener.update(fullUpdate(fixtureState('data.yaml', 'shop.yaml')));
    await eventually(() => store.current()!.version === 2, 2000, 'the real change');
    const both = fixtureState('data.yaml', 'shop.yaml');
    listener.update({ ...quiet, diagnostics: both.diagnostics });
    await turn();
    await turn();
    expect(store.current()!.version).toBe(2);
    listener.update({ ...quiet, diagnostics: both.diagnostics, layers: { l4: { state: 'known' }, l7: { state: 'unknown', reason: 'test' } } });
    await eventually(() => store.current()!.layers.l7.state === 'unknown', 2000, 'the layer change');
    expect(events.filter((e) => e.type === 'snapshot').map((e) => (e as { summary: { version: number } }).summary.version)).toEqual([2, 3]);
  });

  it('numbers snapshots and keeps the raw objects, the analysis and the default graph', async () => {
    const { store, listener } = await started();
    listener.update(fullUpdate(fixtureState('data.yaml')));
    const first = await store.ready();
    expect(first).toMatchObject({ version: 1, source: 'silent test source' });
    expect(first.objects).toHaveLength(5);
    expect(first.graph.nodes.map((n) => n.id).sort()).toEqual(['data/postgres', 'external:0.0.0.0/0', 'tools/debug']);
    listener.update(fullUpdate(fixtureState('data.yaml', 'shop.yaml')));
    await eventually(() => store.current()!.version === 2, 2000, 'version 2');
  });

  it('coalesces updates that arrive before it recomputes into one snapshot', async () => {
    const { store, listener } = await started();
    listener.update(fullUpdate(fixtureState('data.yaml')));
    listener.update(fullUpdate(fixtureState('shop.yaml')));
    listener.update(fullUpdate(fixtureState('data.yaml', 'shop.yaml')));
    const s = await store.ready();
    expect(s.version).toBe(1);
    expect(s.analysis.inventory.workloads).toHaveLength(4);
  });

  it('passes unreadable layers through as unknown with the reason', async () => {
    const { store, listener } = await started();
    listener.update(fullUpdate({ ...fixtureState('shop.yaml'), layers: { l4: { state: 'known' }, l7: { state: 'unknown', reason: 'CRDs missing' } } }));
    const s = await store.ready();
    expect(s.layers.l7).toEqual({ state: 'unknown', reason: 'CRDs missing' });
    const cell = s.analysis.check({ from: 'shop/frontend', to: 'shop/backend', port: 8080, protocol: 'TCP' });
    expect(cell.ok && cell.cell.l7).toBe('unknown');
    expect(cell.ok && cell.cell.allowed).toBeNull();
  });

  it('tells subscribers what changed, and when the source goes stale and recovers', async () => {
    const { store, listener } = await started();
    listener.update(fullUpdate(fixtureState('data.yaml')));
    await store.ready();
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    listener.update(fullUpdate(fixtureState('data.yaml', 'shop.yaml')));
    await eventually(() => events.find((e) => e.type === 'snapshot'), 2000, 'a snapshot event');
    const since = new Date(Date.now() - 5000);
    listener.health({ stale: true, since, reason: 'connection refused' });
    listener.health({ stale: true, since, reason: 'connection refused' });
    listener.health({ stale: false });
    const statuses = events.filter((e) => e.type === 'status');
    expect(statuses).toHaveLength(2);
    expect(statuses[0]).toMatchObject({ info: { stale: true, version: 2 } });
    expect(statuses[0]!.type === 'status' && statuses[0]!.info.staleForSeconds).toBeGreaterThanOrEqual(5);
    expect(statuses[1]).toMatchObject({ info: { stale: false } });
    expect(statuses[1]!.type === 'status' && statuses[1]!.info.staleForSeconds).toBeUndefined();
  });

  it('an update that applies one object replaces only it; the model keeps its workload table and equals a fresh analysis', async () => {
    const { store, listener } = await started();
    const all = fixtureState('data.yaml', 'shop.yaml');
    listener.update(fullUpdate(all));
    const first = await store.ready();
    // One policy edited in shop.yaml: the source tells that one object, under its key.
    const edited = all.objects.findIndex((s) => s.object.kind === 'NetworkPolicy' && s.file === 'shop.yaml');
    expect(edited).toBeGreaterThanOrEqual(0);
    const changed = structuredClone(all.objects[edited]!.object);
    (changed.metadata as Record<string, unknown>).labels = { edited: 'yes' };
    listener.update({ diagnostics: all.diagnostics, layers: all.layers, changes: { changes: [{ type: 'apply', key: positionKey(edited), object: { ...all.objects[edited]!, object: changed } }] } });
    await eventually(() => store.current()!.version === 2, 2000, 'version 2');
    const second = store.current()!;
    second.objects.forEach((s, i) => {
      if (i === edited) expect(s.object).toBe(changed);
      else expect(s.object).toBe(first.objects[i]!.object);
    });
    // Same workload objects, so the model kept its workload table: the incremental path.
    expect(second.analysis.table).toBe(first.analysis.table);
    const again = { ...all, objects: all.objects.map((o, i) => (i === edited ? { ...o, object: changed } : o)) };
    expect(second.graph).toEqual(analyzeState(again).graph());
  });

  it('keeps the previous snapshot when a recompute fails, and reports the error', async () => {
    const errors: unknown[] = [];
    let fail = false;
    const { store, listener } = await started({
      onError: (e) => errors.push(e),
      analyze: (state) => {
        if (fail) throw new Error('model bug');
        return analyzeState(state);
      },
    });
    listener.update(fullUpdate(fixtureState('data.yaml')));
    await store.ready();
    fail = true;
    listener.update(fullUpdate(fixtureState('shop.yaml')));
    await eventually(() => errors.length > 0, 2000, 'the error');
    expect(store.current()!.version).toBe(1);
    expect(store.firstFailure).toBeUndefined();
  });

  it('reports a first snapshot that could not be built', async () => {
    const { store, listener } = await started({ onError: () => {}, analyze: () => { throw new Error('model bug'); } });
    listener.update(fullUpdate(fixtureState('data.yaml')));
    await eventually(() => store.firstFailure, 2000, 'the failure');
    expect(store.current()).toBeUndefined();
  });
});
