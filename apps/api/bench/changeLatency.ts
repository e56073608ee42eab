/**
 * Change-to-event latency: the time from a policy change (a file write, or an update through
 * the Kubernetes API) until the server's SSE stream announces the new snapshot. Each sample
 * makes one change and waits for the `snapshot` event whose version is newer than before.
 */
import http from 'node:http';
import { sseFrames } from '../test/sse.ts';

export interface SseWatcher {
  /** Resolves with the arrival time (ms, performance.now) of the next snapshot event. */
  nextSnapshot(timeoutMs: number): Promise<number>;
  close(): void;
}

export function watchSnapshots(eventsUrl: string, headers: Record<string, string> = {}): Promise<SseWatcher> {
  return new Promise((resolve, reject) => {
    const waiting: ((t: number) => void)[] = [];
    const req = http.get(eventsUrl, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on(
        'data',
        sseFrames((e) => {
          if (e?.event !== 'snapshot') return;
          const t = performance.now();
          for (const w of waiting.splice(0)) w(t);
        }),
      );
      resolve({
        nextSnapshot: (timeoutMs) =>
          new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no snapshot event within ${timeoutMs} ms`)), timeoutMs);
            waiting.push((t) => {
              clearTimeout(timer);
              ok(t);
            });
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarise(ms: number[]): LatencySummary {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return { samples: s.length, p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(s[s.length - 1] ?? NaN) };
}

/**
 * Runs `change` `samples` times, each time measuring until the next snapshot event. `recomputeMs`,
 * when given, is asked after each event for the server's own time on that snapshot.
 */
export async function measureChanges(
  watcher: SseWatcher,
  samples: number,
  change: (i: number) => Promise<void>,
  recomputeMs?: () => Promise<number>,
  timeoutMs = 30_000,
): Promise<LatencySummary & { recompute?: LatencySummary }> {
  const out: number[] = [];
  const recomputes: number[] = [];
  for (let i = 0; i < samples; i++) {
    const arrived = watcher.nextSnapshot(timeoutMs);
    const t0 = performance.now();
    await change(i);
    out.push((await arrived) - t0);
    if (recomputeMs) recomputes.push(await recomputeMs());
    // Let the server settle so one sample does not overlap the next.
    await new Promise((r) => setTimeout(r, 200));
  }
  return { ...summarise(out), ...(recomputeMs ? { recompute: summarise(recomputes) } : {}) };
}

/** The current snapshot's recomputeMs (parse of changed objects, analysis, default graph). */
export function snapshotRecomputeMs(serverUrl: string): () => Promise<number> {
  return async () => ((await (await fetch(`${serverUrl}/api/v1/snapshot`)).json()) as { recomputeMs: number }).recomputeMs;
}
