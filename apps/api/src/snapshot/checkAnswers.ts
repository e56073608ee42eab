/**
 * POST /api/v1/check answers of one snapshot, serialized once. An answer depends only on the
 * question and the snapshot's analysis, and a snapshot never changes, so the JSON of an answer
 * can be kept with its snapshot and sent again as is; a new snapshot starts with an empty cache
 * (the cache is keyed by the snapshot object and dies with it). Bounded in bytes: past the
 * budget the oldest answers go first, down to 7/8 of it at once. Only answers are kept, never errors (a 400 or 404 is cheap
 * and carries no analysis).
 *
 * The snapshot metadata is not part of a cached answer: it says whether the source is stale and
 * for how long, which changes while the snapshot stays. The route prepends it to every answer.
 */
import type { CheckBody } from '../schemas/check.ts';
import type { SourceHealth } from '../sources/source.ts';
import { checkFlow, type CheckOutcome } from './checkFlow.ts';
import type { Snapshot } from './snapshot.ts';

/** The question as the model sees it: the body's fields in a fixed order (JSON formatting and key order do not matter). */
export function questionKey(body: CheckBody): string {
  return `${body.from}\u0000${body.to}\u0000${body.port ?? ''}\u0000${body.protocol ?? ''}`;
}

export class AnswerCache {
  private readonly answers = new Map<string, string>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.answers.size;
  }

  get(key: string): string | undefined {
    return this.answers.get(key);
  }

  set(key: string, json: string): void {
    const cost = json.length + key.length;
    if (cost > this.maxBytes) return;
    const old = this.answers.get(key);
    if (old !== undefined) {
      this.answers.delete(key);
      this.bytes -= old.length + key.length;
    }
    if (this.bytes + cost > this.maxBytes) {
      // Down to 7/8 of the budget in one pass: a Map keeps deleted entries at its front until it
      // rehashes, so asking for the oldest entry once per answer (a fresh iterator each time)
      // walked all of them on every set and took a fifth of the server's CPU once full.
      const low = this.maxBytes - Math.floor(this.maxBytes / 8);
      for (const [k, v] of this.answers) {
        if (this.bytes + cost <= low) break;
        this.answers.delete(k);
        this.bytes -= v.length + k.length;
      }
    }
    this.answers.set(key, json);
    this.bytes += cost;
  }
}

/** Per snapshot, up to this many bytes of answers (≈ 20,000 one-port answers of ~1.5 KB). */
export const ANSWER_CACHE_BYTES = 32 * 2 ** 20;

const caches = new WeakMap<Snapshot, AnswerCache>();

function cacheOf(snapshot: Snapshot, maxBytes: number): AnswerCache {
  let cache = caches.get(snapshot);
  if (!cache) caches.set(snapshot, (cache = new AnswerCache(maxBytes)));
  return cache;
}

export type CachedOutcome =
  | { ok: true; /** `{"from":…,"to":…,…,"cells":[…]}`, without the snapshot metadata. */ json: string; cached: boolean }
  | Extract<CheckOutcome, { ok: false }>;

/** The answer to `body` from `snapshot`: from its cache, or from the model and then cached. */
export function checkAnswer(snapshot: Snapshot, body: CheckBody, maxBytes = ANSWER_CACHE_BYTES): CachedOutcome {
  const cache = cacheOf(snapshot, maxBytes);
  const key = questionKey(body);
  const hit = cache.get(key);
  if (hit !== undefined) return { ok: true, json: hit, cached: true };
  const outcome = checkFlow(snapshot.analysis, body);
  if (!outcome.ok) return outcome;
  // Property order as the response schema lists it: from, to, service, allowed, cells.
  const json = JSON.stringify(outcome.answer);
  cache.set(key, json);
  return { ok: true, json, cached: false };
}

/**
 * The whole response body: the snapshot metadata (serialized once per snapshot while the source
 * is not stale; while stale its age changes every second) followed by the cached answer.
 */
export class CheckResponder {
  private memo: { snapshot: Snapshot; health: SourceHealth; json: string } | undefined;

  constructor(private readonly store: { info(s: Snapshot): unknown; readonly currentHealth: SourceHealth }) {}

  body(snapshot: Snapshot, answerJson: string): string {
    return `{"snapshot":${this.snapshotJson(snapshot)},${answerJson.slice(1)}`;
  }

  private snapshotJson(snapshot: Snapshot): string {
    const health = this.store.currentHealth;
    const memo = this.memo;
    if (memo && memo.snapshot === snapshot && memo.health === health) return memo.json;
    const json = JSON.stringify(this.store.info(snapshot));
    this.memo = health.stale ? undefined : { snapshot, health, json };
    return json;
  }
}
