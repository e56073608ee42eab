/**
 * Half-saved manifests (issue 15): a watched file is read only once it has settled, and a
 * settled version that is empty, cut short inside a document or unparsable never replaces the
 * last good objects; the part is marked stale (source-stale, the stale-part banner) until a
 * complete version comes. Size limits and unreadable entries are diagnostics naming the path.
 */
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SnapshotStore } from '../../src/snapshot/snapshotStore.ts';
import { ManifestWatchSource, type ManifestWatchOptions } from '../../src/sources/manifestWatch.ts';
import type { SourceUpdate } from '../../src/sources/source.ts';
import { FIXTURES, eventually, tempDir } from '../helpers.ts';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: backend-ingress, namespace: shop }
spec:
  podSelector: { matchLabels: { app: backend } }
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: { matchLabels: { app: frontend } }
      ports: [{ port: 4143 }, { port: 8080 }]
`;

function cluster(): string {
  const dir = tempDir();
  // The fixture without its NetworkPolicy; the policy lives in its own file.
  const shop = readFileSync(join(FIXTURES, 'shop.yaml'), 'utf8').split(/^---$/m).filter((d) => !/kind: NetworkPolicy/.test(d)).join('---');
  writeFileSync(join(dir, 'shop.yaml'), shop);
  writeFileSync(join(dir, 'data.yaml'), readFileSync(join(FIXTURES, 'data.yaml'), 'utf8'));
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  return dir;
}

async function watchedStore(paths: string[], options: Partial<ManifestWatchOptions> = {}) {
  const store = new SnapshotStore({ source: new ManifestWatchSource({ paths, pollMs: 0, debounceMs: 10, settleMs: 30, ...options }) });
  onTestFinished(() => store.stop());
  await store.start();
  await store.ready();
  return store;
}

const policies = (store: SnapshotStore) => store.current()!.analysis.inventory.networkPolicies.filter((p) => p.namespace === 'shop').map((p) => p.name).sort();
const staleFor = (store: SnapshotStore, file: string) => store.current()!.analysis.diagnostics.find((d) => d.code === 'source-stale' && d.file === file);

describe('a watched manifest caught half-saved', () => {
  it('truncated to 0 bytes, then cut after `- from:`: the last good objects stay and the part is stale; a complete version is taken', async () => {
    const dir = cluster();
    const file = join(dir, 'policy.yaml');
    const store = await watchedStore([dir]);
    expect(policies(store)).toEqual(['backend-ingress']);

    truncateSync(file, 0);
    const empty = await eventually(() => staleFor(store, file), 5000, 'the stale note for the emptied file');
    expect(empty.message).toMatch(/is now empty \(0 bytes\); its last good objects \(read .*\) are still used until a complete version is saved/);
    expect(policies(store)).toEqual(['backend-ingress']);
    const v = store.current()!.version;

    const cut = POLICY.slice(0, POLICY.indexOf('- from:') + '- from:'.length) + '\n';
    writeFileSync(file, cut);
    await eventually(() => store.current()!.version > v && staleFor(store, file)?.message.includes('cut short'), 5000, 'the stale note for the cut file');
    expect(staleFor(store, file)!.message).toMatch(/looks cut short: it is the first \d+ of the \d+ bytes of its last good version, ending inside a document/);
    // `from:` with nothing after it would admit every source: the old rule is what counts.
    const rule = store.current()!.analysis.inventory.networkPolicies.find((p) => p.namespace === 'shop')!;
    expect(rule.name).toBe('backend-ingress');
    const check = store.current()!.analysis.check({ from: 'data/postgres', to: 'shop/backend', port: 8080, protocol: 'TCP' });
    expect(check.ok && check.cell.l4).toBe('deny');

    writeFileSync(file, POLICY.replace('name: backend-ingress', 'name: backend-ingress-v2'));
    await eventually(() => policies(store).includes('backend-ingress-v2'), 5000, 'the complete new version');
    expect(policies(store)).toEqual(['backend-ingress-v2']);
    expect(staleFor(store, file)).toBeUndefined();
  });

  it('removing the last document at a `---` boundary is an edit, not a cut', async () => {
    const dir = cluster();
    const file = join(dir, 'policy.yaml');
    const second = POLICY.replace('name: backend-ingress', 'name: second');
    writeFileSync(file, `${POLICY}---\n${second}`);
    const store = await watchedStore([dir]);
    expect(policies(store)).toEqual(['backend-ingress', 'second']);
    writeFileSync(file, `${POLICY}---\n`);
    await eventually(() => policies(store).length === 1, 5000, 'the removal of the second policy');
    expect(staleFor(store, file)).toBeUndefined();
  });

  it('reads a changed file only once it has settled (same size and mtime for settleMs)', async () => {
    const dir = cluster();
    let now = Date.now();
    const updates: SourceUpdate[] = [];
    const source = new ManifestWatchSource({ paths: [dir], pollMs: 0, debounceMs: 10, settleMs: 60_000, now: () => now });
    onTestFinished(() => source.stop());
    // The files were just written: not settled for a minute of the source's clock.
    await source.start({ update: (s) => updates.push(s), health: () => {} });
    expect(updates).toHaveLength(0);
    now += 61_000;
    (source as unknown as { schedule(ms: number): void }).schedule(0);
    const first = await eventually(() => updates[0], 5000, 'the first state once settled');
    expect(first.changes.changes.some((c) => c.type === 'apply' && (c.object.object as { kind?: string }).kind === 'NetworkPolicy')).toBe(true);
  });
});

describe('watched manifests that cannot be read', () => {
  it('a file that grows past --max-file-size keeps its last good objects, stale, naming size and limit', async () => {
    const dir = cluster();
    const file = join(dir, 'policy.yaml');
    const store = await watchedStore([dir], { limits: { maxFileBytes: 4096, maxInputBytes: 1 << 20 } });
    writeFileSync(file, POLICY + '#'.repeat(5000) + '\n');
    const note = await eventually(() => staleFor(store, file), 5000, 'the size note');
    expect(note.message).toMatch(/policy\.yaml is [\d.]+ KiB \(\d+ bytes\), over the 4 KiB limit per file \(--max-file-size\); its last good objects/);
    expect(policies(store)).toEqual(['backend-ingress']);
  });

  it('a file too big from the start: a diagnostic, and both layers unknown (it could hold any policy)', async () => {
    const dir = cluster();
    writeFileSync(join(dir, 'policy.yaml'), POLICY + '#'.repeat(5000) + '\n');
    const store = await watchedStore([dir], { limits: { maxFileBytes: 4096, maxInputBytes: 1 << 20 } });
    const s = store.current()!;
    expect(s.layers.l4.state).toBe('unknown');
    expect(s.layers.l7.state).toBe('unknown');
    expect(s.analysis.diagnostics).toContainEqual(expect.objectContaining({ file: join(dir, 'policy.yaml'), message: expect.stringMatching(/over the 4 KiB limit per file/) }));
  });

  it('a dangling symbolic link in a watched directory is a diagnostic with its path, and the layers are unknown', async () => {
    const dir = cluster();
    mkdirSync(join(dir, 'more'));
    symlinkSync(join(dir, 'gone.yaml'), join(dir, 'more/linked.yaml'));
    const store = await watchedStore([dir]);
    const s = store.current()!;
    expect(s.analysis.diagnostics).toContainEqual(expect.objectContaining({ file: join(dir, 'more/linked.yaml'), message: expect.stringMatching(/dangling symbolic link/) }));
    expect(s.layers.l4.state).toBe('unknown');
  });
});
