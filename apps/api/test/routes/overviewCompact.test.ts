/**
 * GET /api/v1/overview?format=compact (issue 19): the columnar overview the dashboard asks.
 * Decoded by the dashboard's own decoder (apps/web/src/api/overviewCompact.ts) it must be the
 * default JSON answer exactly, for every filter, over the API fixtures and seeded synthetic
 * clusters; and the codec round-trips seeded random overviews, including a pair naming a
 * namespace the list does not hold. A damaged answer is refused by the decoder, never read as
 * fewer flows.
 */
import { describe, expect, it } from 'vitest';
import { COVERAGES, EDGE_CLASSES, mulberry32, type EdgeClass, type Overview, type SnapshotInfo } from '@accessgraph/model';
import { writeSynthetic } from '../../../../packages/model/bench/writeSynthetic.ts';
import { encodeOverview, type CompactOverview } from '../../src/routes/overviewCompact.ts';
import { decodeOverview } from '../../../web/src/api/overviewCompact.ts';
import { fixtureApp, tempDir, testApp } from '../helpers.ts';

const QUERIES = ['', '?namespace=data', '?namespace=data&namespace=tools', '?port=5432/TCP', '?port=8080', '?protection=both', '?protection=l4-only&protection=none', '?protection=conflict', '?layer=l4', '?layer=l7', '?includeOpen=true', '?includeOpen=true&namespace=tools'];
const withFormat = (q: string) => `/api/v1/overview${q ? `${q}&` : '?'}format=compact`;

describe('GET /api/v1/overview?format=compact', () => {
  for (const q of QUERIES) {
    it(`decoded, it is /api/v1/overview${q || ' (no filter)'} exactly (api-fixtures)`, async () => {
      const { app } = await fixtureApp();
      const json = await app.inject({ method: 'GET', url: `/api/v1/overview${q}` });
      const compact = await app.inject({ method: 'GET', url: withFormat(q) });
      expect(compact.statusCode).toBe(200);
      const c = compact.json() as CompactOverview;
      expect(c.format).toBe('compact-1');
      expect(decodeOverview(c)).toEqual(json.json());
    });
  }

  for (const seed of [1, 2, 3]) {
    it(`decoded, it is the JSON overview for every filter of a synthetic cluster (seed ${seed}, 400 workloads)`, async () => {
      const dir = tempDir();
      writeSynthetic(400, seed, dir);
      const { ManifestWatchSource } = await import('../../src/sources/manifestWatch.ts');
      const { app } = await testApp(new ManifestWatchSource({ paths: [dir], pollMs: 0 }));
      for (const q of ['', '?namespace=ns-0001', '?protection=conflict&protection=unknown', '?layer=l7', '?port=8080']) {
        const json = (await app.inject({ method: 'GET', url: `/api/v1/overview${q}` })).json() as Overview;
        const c = (await app.inject({ method: 'GET', url: withFormat(q) })).json() as CompactOverview;
        expect(decodeOverview(c), q).toEqual(json);
        if (q === '') expect(json.pairs.length).toBeGreaterThan(10);
      }
    });
  }

  it('has its own weak ETag, and format=json is the default answer', async () => {
    const { app } = await fixtureApp();
    const plain = await app.inject({ method: 'GET', url: '/api/v1/overview' });
    const asJson = await app.inject({ method: 'GET', url: '/api/v1/overview?format=json' });
    const compact = await app.inject({ method: 'GET', url: '/api/v1/overview?format=compact' });
    expect(asJson.body).toBe(plain.body);
    expect(asJson.headers.etag).toBe(plain.headers.etag);
    expect(compact.headers.etag).toMatch(/^W\//);
    expect(compact.headers.etag).not.toBe(plain.headers.etag);
    const again = await app.inject({ method: 'GET', url: '/api/v1/overview?format=compact', headers: { 'if-none-match': String(compact.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('refuses an unknown format with a 400', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ method: 'GET', url: '/api/v1/overview?format=csv' });
    expect(res.statusCode).toBe(400);
  });
});

const SNAPSHOT = { version: 1, takenAt: '2026-12-01T00:00:00.000Z', source: 'test', stale: false, layers: { l4: { state: 'ok' }, l7: { state: 'ok' } } } as unknown as SnapshotInfo;

/** A seeded random overview: namespaces sorted by name, pairs sorted by (from, to), sparse classes, counts summing to flows. */
function randomOverview(seed: number): Overview {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const names = [...new Set(Array.from({ length: 1 + int(40) }, () => `ns-${int(500)}`))].sort();
  const namespaces = names.map((name) => ({
    name,
    workloads: int(30),
    meshedWorkloads: int(10),
    posture: {
      ingressDefaultDeny: COVERAGES[int(COVERAGES.length)]!,
      egressDefaultDeny: COVERAGES[int(COVERAGES.length)]!,
      l7DefaultPolicy: ['n/a', 'deny', 'all-unauthenticated', 'mixed', 'unknown'][int(5)]!,
      openPorts: int(4),
      findings: { error: int(3), warning: int(3), info: int(3) },
    },
  }));
  // Sometimes a pair names a namespace the list does not hold (it must come back by name).
  const ends = rnd() < 0.3 ? [...names, 'zz-outside'] : names;
  const pairs: Overview['pairs'] = [];
  for (const from of ends)
    for (const to of ends) {
      if (rnd() < 0.6) continue;
      const counts = Object.fromEntries(EDGE_CLASSES.map((c) => [c, rnd() < 0.7 ? 0 : 1 + int(200)])) as Record<EdgeClass, number>;
      if (Object.values(counts).every((n) => n === 0)) counts['l4-only'] = 1;
      const flows = Object.values(counts).reduce((a, b) => a + b, 0);
      pairs.push({ from, to, counts, flows, ports: flows + int(5) });
    }
  return { namespaces, pairs };
}

describe('the compact overview codec', () => {
  for (let seed = 1; seed <= 25; seed++) {
    it(`round-trips a random overview (seed ${seed})`, () => {
      const o = randomOverview(seed);
      const c = JSON.parse(JSON.stringify(encodeOverview(SNAPSHOT, o))) as CompactOverview;
      expect(decodeOverview(c)).toEqual({ snapshot: SNAPSHOT, ...o });
    });
  }

  it('round-trips an overview without namespaces or pairs', () => {
    expect(decodeOverview(encodeOverview(SNAPSHOT, { namespaces: [], pairs: [] }))).toEqual({ snapshot: SNAPSHOT, namespaces: [], pairs: [] });
  });

  it('carries a pair naming a namespace not in the list in extraNames', () => {
    const o = randomOverview(7);
    o.pairs.push({ from: 'zzz-only-in-a-pair', to: o.namespaces[0]!.name, counts: { both: 0, 'l4-only': 0, 'l7-only': 0, none: 0, conflict: 2, unknown: 1 }, flows: 3, ports: 3 });
    const c = encodeOverview(SNAPSHOT, o);
    expect(c.extraNames).toContain('zzz-only-in-a-pair');
    expect(decodeOverview(c).pairs.at(-1)).toEqual(o.pairs.at(-1));
  });

  const damaged: [string, (c: CompactOverview) => void][] = [
    ['a namespace column shorter than the names', (c) => c.namespaces.workloads.pop()],
    ['a pair column shorter than the pairs', (c) => c.pairs.to.pop()],
    ['a count list pointing past the pairs', (c) => c.pairs.counts[1]!.push(c.pairs.length + 5, 3)],
    ['a count list of odd length', (c) => c.pairs.counts[1]!.push(1)],
    ['a class the dashboard does not know', (c) => (c.classes[0] = 'maybe')],
    ['a namespace index out of range', (c) => (c.pairs.from[0] = 10_000)],
    ['a coverage index out of range', (c) => (c.namespaces.ingressDefaultDeny[0] = 99)],
  ];
  for (const [what, damage] of damaged) {
    it(`refuses ${what} (never fewer flows)`, () => {
      const c = encodeOverview(SNAPSHOT, randomOverview(3));
      expect(c.pairs.length).toBeGreaterThan(0);
      damage(c);
      expect(() => decodeOverview(c)).toThrow(/compact overview cannot be read/);
    });
  }
});
