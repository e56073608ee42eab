import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SnapshotStore } from '../../src/snapshot/snapshotStore.ts';
import { ManifestWatchSource } from '../../src/sources/manifestWatch.ts';
import { FIXTURES, eventually, tempDir } from '../helpers.ts';
import { deploy, yamlText } from '../support/manifests.ts';

async function watchedStore(paths: string[]) {
  const store = new SnapshotStore({ source: new ManifestWatchSource({ paths, pollMs: 0, debounceMs: 20 }) });
  onTestFinished(() => store.stop());
  await store.start();
  await store.ready();
  return store;
}

const workloadIds = (store: SnapshotStore) => store.current()!.analysis.inventory.workloads.map((w) => w.id).sort();

const EXTRA = yamlText([deploy('tools/worker')]);

describe('the manifests source', () => {
  it('updates the graph when a watched file is edited, added or removed', async () => {
    const dir = tempDir();
    cpSync(FIXTURES, dir, { recursive: true });
    const store = await watchedStore([dir]);
    expect(store.current()!.version).toBe(1);

    writeFileSync(join(dir, 'extra.yaml'), EXTRA);
    await eventually(() => workloadIds(store).includes('tools/worker'), 5000, 'the added file');
    const afterAdd = store.current()!.version;
    expect(afterAdd).toBeGreaterThan(1);

    const data = join(dir, 'data.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('name: debug', 'name: toolbox'));
    await eventually(() => workloadIds(store).includes('tools/toolbox'), 5000, 'the edit');
    expect(workloadIds(store)).not.toContain('tools/debug');

    rmSync(join(dir, 'extra.yaml'));
    await eventually(() => !workloadIds(store).includes('tools/worker'), 5000, 'the removal');
  });

  it('keeps the last good objects of a file that stops parsing, with a diagnostic, until it is fixed', async () => {
    const dir = tempDir();
    cpSync(FIXTURES, dir, { recursive: true });
    const store = await watchedStore([dir]);
    const before = workloadIds(store);
    const shop = join(dir, 'shop.yaml');
    const good = readFileSync(shop, 'utf8');
    writeFileSync(shop, good.replace('kind: Namespace', 'kind: Namespace\n  bad: [unclosed'));
    await eventually(() => store.current()!.analysis.diagnostics.some((d) => d.code === 'source-stale'), 5000, 'the stale-file diagnostic');
    const s = store.current()!;
    expect(workloadIds(store)).toEqual(before);
    expect(s.analysis.inventory.networkPolicies.map((p) => p.name)).toContain('backend-ingress');
    expect(s.analysis.diagnostics).toContainEqual(expect.objectContaining({ code: 'parse-error' }));
    const stale = s.analysis.diagnostics.find((d) => d.code === 'source-stale')!;
    expect(stale.message).toMatch(/no longer parses; its last good objects .* are still used/);

    writeFileSync(shop, good.replace('name: backend-ingress', 'name: backend-ingress-v2'));
    await eventually(() => store.current()!.analysis.inventory.networkPolicies.some((p) => p.name === 'backend-ingress-v2'), 5000, 'the fix');
    expect(store.current()!.analysis.diagnostics.some((d) => d.code === 'source-stale' || d.code === 'parse-error')).toBe(false);
  });

  it('watches a single file given directly, across an editor-style replace (write + rename)', async () => {
    const dir = tempDir();
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, readFileSync(join(FIXTURES, 'data.yaml'), 'utf8'));
    const store = await watchedStore([file]);
    expect(workloadIds(store)).toEqual(['data/postgres', 'tools/debug']);
    const tmp = join(dir, '.cluster.yaml.swp');
    writeFileSync(tmp, readFileSync(file, 'utf8') + '---\n' + EXTRA);
    const { renameSync } = await import('node:fs');
    renameSync(tmp, file);
    await eventually(() => workloadIds(store).includes('tools/worker'), 5000, 'the replaced file');
  });

  it('refuses to start on a path that does not exist', async () => {
    const source = new ManifestWatchSource({ paths: ['/nonexistent/accessgraph-manifests'], pollMs: 0 });
    await expect(source.start({ update: () => {}, health: () => {} })).rejects.toThrow('/nonexistent/accessgraph-manifests: no such file or directory');
  });

  it('names files as the user wrote the path, relative to where the command ran', async () => {
    const dir = tempDir();
    cpSync(FIXTURES, join(dir, 'cluster'), { recursive: true });
    const store = new SnapshotStore({ source: new ManifestWatchSource({ paths: ['cluster'], cwd: dir, pollMs: 0 }) });
    onTestFinished(() => store.stop());
    await store.start();
    const s = await store.ready();
    expect(s.source).toBe('manifests: cluster');
    expect(new Set(s.objects.map((o) => o.file))).toEqual(new Set(['cluster/data.yaml', 'cluster/shop.yaml']));
  });
});
