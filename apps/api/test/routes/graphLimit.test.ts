/**
 * A graph too big for one answer (issue 19: 30,000 workloads are 3.7 M edges, more JSON than
 * one V8 string holds): /api/v1/graph refuses it with a 413 that says what to ask instead, the
 * start-up warm-up survives it, and the pieces-wise writer gives exactly JSON.stringify's bytes.
 * The bound is tested by setting it small on the fixture cluster.
 */
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, boundedJson, type JsonField } from '../../src/snapshot/boundedJson.ts';
import { analyzeState } from '../../src/snapshot/analyzeState.ts';
import { fixtureApp, testApp, FIXTURES } from '../helpers.ts';
import { ManifestWatchSource } from '../../src/sources/manifestWatch.ts';
import { parseServeArgs } from '../../src/server.ts';

/** Each case: the fields as boundedJson takes them, and the object JSON.stringify sees. */
const SAME_BYTES: { name: string; fields: [string, JsonField][]; object: Record<string, unknown> }[] = [
  { name: 'no fields', fields: [], object: {} },
  { name: 'a value and an empty array', fields: [['a', { value: 1 }], ['b', { items: [] }]], object: { a: 1, b: [] } },
  { name: 'array elements of every JSON type', fields: [['xs', { items: [1, 'two', null, true, { k: [3] }, [4, 5]] }]], object: { xs: [1, 'two', null, true, { k: [3] }, [4, 5]] } },
  { name: 'a field whose value is undefined is left out, as by JSON.stringify', fields: [['a', { value: undefined }], ['b', { value: 'x' }]], object: { a: undefined, b: 'x' } },
  { name: 'non-ASCII text and escapes (bytes, not characters)', fields: [['s', { value: 'café — ☃ "q" \\ \n' }], ['t', { items: ['日本', '\u0000'] }]], object: { s: 'café — ☃ "q" \\ \n', t: ['日本', '\u0000'] } },
  { name: 'keys that need quoting', fields: [['a"b', { value: 0 }], ['ключ', { items: [1] }]], object: { 'a"b': 0, ключ: [1] } },
];

describe('boundedJson: a document written in pieces under a byte budget', () => {
  for (const c of SAME_BYTES) {
    it(`writes the bytes of JSON.stringify: ${c.name}`, () => {
      expect(boundedJson(c.fields, 1 << 20).toString('utf8')).toBe(JSON.stringify(c.object));
    });
  }

  it('a document of exactly the limit is written; one byte over is refused', () => {
    const fields: [string, JsonField][] = [['xs', { items: ['ab', 'cd'] }]];
    const exact = Buffer.byteLength(JSON.stringify({ xs: ['ab', 'cd'] }));
    expect(boundedJson(fields, exact).length).toBe(exact);
    expect(() => boundedJson(fields, exact - 1)).toThrow(BodyTooLarge);
  });

  it('counts bytes, not characters: a non-ASCII document over the limit in bytes is refused', () => {
    const text = 'é'.repeat(100); // 100 characters, 200 bytes
    expect(() => boundedJson([['s', { value: text }]], 150)).toThrow(BodyTooLarge);
  });

  it('gives up soon after the limit: what it wrote is at most the limit plus one element', () => {
    const element = 'x'.repeat(1000);
    const items = Array.from({ length: 100_000 }, () => element); // ~100 MB if written whole
    let err: unknown;
    try {
      boundedJson([['xs', { items }]], 50_000);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BodyTooLarge);
    const tooLarge = err as BodyTooLarge;
    expect(tooLarge.bytesSoFar).toBeGreaterThan(50_000);
    expect(tooLarge.bytesSoFar).toBeLessThanOrEqual(50_000 + element.length + 8);
  });
});

describe('GET /api/v1/graph over its size limit (serve --max-graph-size)', () => {
  it('answers the graph as JSON.stringify would when it fits (the default limit)', async () => {
    const { app } = await fixtureApp();
    const res = await app.inject({ url: '/api/v1/graph' });
    expect(res.statusCode).toBe(200);
    expect(JSON.stringify(res.json())).toBe(res.body);
  });

  it('refuses a graph bigger than the limit with a 413 naming what to ask instead, and keeps refusing it', async () => {
    const { app } = await fixtureApp({ maxGraphBytes: 2000 });
    for (const headers of [{}, { 'accept-encoding': 'gzip' }, {}]) {
      const res = await app.inject({ url: '/api/v1/graph', headers });
      expect(res.statusCode).toBe(413);
      const body = res.json();
      expect(body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(body.message).toMatch(/^the graph has \d+ edges between \d+ nodes \(workloads and outside peers\): more than [\d.]+ KiB of JSON \(serve --max-graph-size\)/);
      for (const hint of ['?namespace=NS', '/api/v1/overview', '/api/v1/graph.csv', 'accessgraph graph --format compact']) expect(body.message).toContain(hint);
    }
  });

  it('a filtered graph is measured on its own: a namespace that fits is answered, the message says "filtered" when not', async () => {
    const { app } = await fixtureApp({ maxGraphBytes: 2000 });
    const small = await app.inject({ url: '/api/v1/graph?namespace=tools&diagnostics=false' });
    expect(small.statusCode).toBe(200);
    expect(small.body.length).toBeLessThanOrEqual(2000);
    const big = await app.inject({ url: '/api/v1/graph?includeOpen=true' });
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toMatch(/^the filtered graph has/);
  });

  it('the overview and the streamed CSV are not limited by it (they are the way round)', async () => {
    const { app } = await fixtureApp({ maxGraphBytes: 2000 });
    expect((await app.inject({ url: '/api/v1/overview' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/graph.csv' })).statusCode).toBe(200);
  });

  it('serve takes --max-graph-size as a size', () => {
    expect(parseServeArgs(['--demo', '--max-graph-size', '64MiB'], {})?.maxGraphBytes).toBe(64 * 2 ** 20);
    expect(() => parseServeArgs(['--demo', '--max-graph-size', 'huge'], {})).toThrow(/--max-graph-size huge: expected a size/);
  });
});

describe('the start-up warm-up never takes the server down', () => {
  it('a warm-up that throws is reported to onWarmError; the server still answers', async () => {
    const errors: unknown[] = [];
    const { app } = await testApp(new ManifestWatchSource({ paths: [FIXTURES], pollMs: 0 }), {
      onWarmError: (err) => errors.push(err),
      store: {
        // The overview reads the postures; make them fail as an out-of-memory would.
        analyze: (state) => ({ ...analyzeState(state), postures: () => { throw new RangeError('Invalid string length'); } }),
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(errors.map((e) => (e as Error).message)).toContain('Invalid string length');
    expect((await app.inject({ url: '/api/v1/graph' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/overview' })).statusCode).toBe(500);
  });
});
