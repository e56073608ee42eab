/**
 * Serialized answers (graph filters …): the JSON bytes once, and a gzip of them made off the
 * event loop (zlib's thread pool) the first time a client accepts gzip. Kept in one app-wide
 * cache bounded in bytes (@accessgraph/model util/byteLru.ts), keyed by snapshot version and request: the gzip,
 * once made, counts too. The app empties it when a new snapshot comes (app.ts).
 *
 * Hand-written rather than @fastify/compress plus a caching plugin because the body is the same
 * for every client of a snapshot: compressing once per snapshot instead of once per request is
 * what keeps a 10,000-workload graph answer cheap (`apps/api/bench/run.ts`), and the budget in
 * bytes covers the gzip too.
 */
import { gunzipSync, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ByteLru } from '@accessgraph/model';
import type { Snapshot } from './snapshot.ts';

const gzipAsync = promisify(gzip);

export class CachedBody {
  private gzipped: Promise<Buffer> | undefined;
  /** The gzip once made. */
  private gz: Buffer | undefined;
  /** The JSON bytes, unless dropped for the gzip alone (gzipOnly). */
  private kept: Buffer | undefined;
  /** Bytes of the gzip once made (0 before). */
  gzippedBytes = 0;
  constructor(
    json: Buffer,
    /** Weak ETag: the snapshot version and the request key. */
    readonly etag: string,
    private readonly onGzipped?: () => void,
  ) {
    this.kept = json;
  }

  /** The JSON bytes (inflated from the gzip, each time, once gzipOnly dropped them). */
  get json(): Buffer {
    return this.kept ?? gunzipSync(this.gz!);
  }

  /** Bytes this body holds: its JSON unless dropped, and its gzip once made. */
  get heldBytes(): number {
    return (this.kept?.length ?? 0) + this.gzippedBytes;
  }

  gzip(): Promise<Buffer> {
    this.gzipped ??= gzipAsync(this.kept!, { level: 6 }).then((b) => {
      this.gz = b;
      this.gzippedBytes = b.length;
      this.onGzipped?.();
      return b;
    });
    return this.gzipped;
  }

  /**
   * Keeps the gzip only (a tenth to a twentieth of the JSON for graph answers): for answers
   * prepared ahead of any request (the namespace warm-up), which browsers, all accepting gzip,
   * are the likeliest to ask; a client that does not accept gzip gets the JSON inflated again.
   */
  async gzipOnly(): Promise<void> {
    await this.gzip();
    this.kept = undefined;
    this.onGzipped?.();
  }
}

/**
 * An answer too big to send (boundedJson.ts): kept in place of the body so that asking again
 * costs nothing until the next snapshot; `message` says what to ask instead.
 */
export class RefusedBody {
  constructor(readonly message: string) {}
}

export type ResponseCache = ByteLru<CachedBody | RefusedBody>;

/** Bytes an answer cache counts for an entry. */
export function responseBytes(key: string, body: CachedBody | RefusedBody): number {
  return key.length + (body instanceof CachedBody ? body.heldBytes : body.message.length) + 256;
}

export function responseCache(maxBytes: number, name = 'graph'): ResponseCache {
  return new ByteLru<CachedBody | RefusedBody>(name, maxBytes, responseBytes);
}

export const RESPONSE_CACHE_BYTES = 32 * 2 ** 20;

/**
 * The dashboard's first answer — the default overview — kept for the whole snapshot apart from
 * the LRU of filtered answers (cache `dashboard` in /metrics; emptied with it on a new
 * snapshot). At 30,000 synthetic workloads it is 350,762 namespace pairs, 47 MB of JSON:
 * past the LRU's budget, so it was computed again for every visitor (10–17 s each). One entry
 * per snapshot (and its gzip), within this many bytes (the same as the largest graph answer).
 */
export function dashboardCache(maxBytes: number): ResponseCache {
  return responseCache(maxBytes, 'dashboard');
}

/**
 * Answers too big for the LRU of filtered answers (a namespace's graph with its findings is
 * 37 MB at 30,000 workloads) but within the largest graph answer: the most recent few, kept in
 * their own budget (cache `large`, --max-graph-size). Without it every request for one of
 * them computed and compressed it again: 50 clients asking for one such namespace held the
 * server's two cores for three minutes, every other answer queued behind.
 */
export function largeBodyCache(maxBytes: number): ResponseCache {
  return responseCache(maxBytes, 'large');
}

/**
 * The cached answer for `key`, or `make`'s (a RefusedBody when it would be too big), stored in
 * `cache`, or in `large` when it alone is past `cache`'s budget.
 */
export function cachedBody(cache: ResponseCache, snapshot: Snapshot, key: string, make: () => { json: string | Buffer; etag: string } | RefusedBody, large?: ResponseCache): CachedBody | RefusedBody {
  const k = `${snapshot.version}\u0000${key}`;
  const hit = cache.get(k) ?? large?.get(k);
  if (hit) return hit;
  const made = make();
  if (made instanceof RefusedBody) {
    cache.set(k, made);
    return made;
  }
  const { json, etag } = made;
  let home = cache;
  const body = new CachedBody(typeof json === 'string' ? Buffer.from(json, 'utf8') : json, etag, () => home.resize(k));
  if (!cache.set(k, body) && large) {
    home = large;
    large.set(k, body);
  }
  return body;
}
