/**
 * Serialized answers kept with their snapshot: the JSON bytes once, and a gzip of them made
 * off the event loop (zlib's thread pool) the first time a client accepts gzip. A snapshot's
 * cache dies with it; the oldest entry goes past a small limit.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Snapshot } from './snapshot.ts';

const gzipAsync = promisify(gzip);

export class CachedBody {
  private gzipped: Promise<Buffer> | undefined;
  constructor(
    readonly json: Buffer,
    /** Weak ETag: the snapshot version and the request key. */
    readonly etag: string,
  ) {}

  gzip(): Promise<Buffer> {
    this.gzipped ??= gzipAsync(this.json, { level: 6 });
    return this.gzipped;
  }
}

export function cachedBody(snapshot: Snapshot, key: string, make: () => { json: string; etag: string }, max = 64): CachedBody {
  const hit = snapshot.responses.get(key);
  if (hit) return hit;
  const { json, etag } = make();
  const body = new CachedBody(Buffer.from(json, 'utf8'), etag);
  if (snapshot.responses.size >= max) {
    const oldest = snapshot.responses.keys().next();
    if (!oldest.done) snapshot.responses.delete(oldest.value);
  }
  snapshot.responses.set(key, body);
  return body;
}
