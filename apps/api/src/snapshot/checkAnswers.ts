/**
 * POST /api/v1/check answers, serialized once. An answer depends only on the question and the
 * snapshot's analysis, and a snapshot never changes, so the JSON of an answer is kept under
 * (snapshot version, question) and sent again as is; the app empties the cache when a new
 * snapshot comes (app.ts). Bounded in bytes, least recently used out first (@accessgraph/model util/byteLru.ts):
 * a flood of distinct questions keeps it at its budget. Only answers are kept, never errors
 * (a 400 or 404 is cheap and carries no analysis).
 *
 * The snapshot metadata is not part of a cached answer: it says whether the source is stale and
 * for how long, which changes while the snapshot stays. The route prepends it to every answer.
 */
import { ByteLru, checkFlow, stringBytes, type CheckOutcome } from '@accessgraph/model';
import type { CheckBody } from '../schemas/check.ts';
import type { SourceHealth } from '../sources/source.ts';
import type { Snapshot } from './snapshot.ts';

/** The question as the model sees it: the body's fields in a fixed order (JSON formatting and key order do not matter). */
export function questionKey(body: CheckBody): string {
  return `${body.from}\u0000${body.to}\u0000${body.port ?? ''}\u0000${body.protocol ?? ''}`;
}

/** Map entry, key and value objects beside the two strings. */
const ENTRY_OVERHEAD = 96;

/** Serialized answers by `version\0question`, bounded in bytes. */
export type AnswerCache = ByteLru<string>;

export function answerCache(maxBytes: number): AnswerCache {
  return new ByteLru<string>('check', maxBytes, (key, json) => stringBytes(key) + stringBytes(json) + ENTRY_OVERHEAD);
}

/** Up to this many bytes of answers (≈ 20,000 one-port answers of ~1.5 KB). */
export const ANSWER_CACHE_BYTES = 32 * 2 ** 20;

export type CachedOutcome =
  | { ok: true; /** `{"from":…,"to":…,…,"cells":[…]}`, without the snapshot metadata. */ json: string; cached: boolean }
  | Extract<CheckOutcome, { ok: false }>;

/** The answer to `body` from `snapshot`: from the cache, or from the model and then cached. */
export function checkAnswer(snapshot: Snapshot, body: CheckBody, cache: AnswerCache): CachedOutcome {
  const key = `${snapshot.version}\u0000${questionKey(body)}`;
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
