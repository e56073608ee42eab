/**
 * Preparing, in the background, the namespace graphs the dashboard will ask for (issue 16:
 * expanding a namespace < 300 ms). A double-click on a namespace box asks
 * `/api/v1/graph?namespace=NS&diagnostics=false`; the first ask of each namespace used to be
 * computed while the user waited (26–110 ms at 2,000 workloads, 155–174 ms at 10,000). After
 * each snapshot the server now makes those answers one namespace per turn of the event loop
 * (setImmediate between namespaces, so a request that arrives meanwhile waits for at most one
 * namespace's answer), the namespaces with the most edges first (the busiest boxes, and the
 * slowest to compute), until the budget is reached, the list is done, or a newer snapshot
 * makes the work pointless.
 *
 * This module is the scheduler only: what "warming a namespace" means (routes/graph.ts) and
 * when to stop (`proceed`) are the caller's.
 */
import { namespaceOf, type Graph } from '@accessgraph/model';

export type WarmupEnd = 'done' | 'stopped' | 'cancelled' | 'failed';

export interface WarmupReport {
  /** Namespaces warmed (their answer kept, or already there), in order. */
  warmed: string[];
  end: WarmupEnd;
}

export interface WarmupOptions {
  /** The namespaces, in the order to warm them (computed in the first slice, not by the caller's turn). */
  order(): readonly string[];
  /** Makes one namespace's answer; resolves when it is complete (its gzip made, so its size is final): false when it was not kept. */
  warm(ns: string): Promise<boolean | void> | boolean | void;
  /** Checked before each namespace: false stops the warm-up (budget reached, snapshot replaced). */
  proceed(): boolean;
  /** Between slices; setImmediate by default (tests may step by hand). */
  defer?: (fn: () => void) => void;
}

/** One warm-up run; `done` settles with what it did, never rejects. */
export class NamespaceWarmup {
  private cancelled = false;
  readonly done: Promise<WarmupReport>;

  constructor(private readonly options: WarmupOptions) {
    this.done = this.run();
  }

  /** Stops before the next namespace (the one being made, if any, completes). */
  cancel(): void {
    this.cancelled = true;
  }

  private async run(): Promise<WarmupReport> {
    const defer = this.options.defer ?? ((fn: () => void) => setImmediate(fn));
    const next = () => new Promise<void>((resolve) => defer(resolve));
    const warmed: string[] = [];
    try {
      await next();
      if (this.cancelled) return { warmed, end: 'cancelled' };
      const order = this.options.order();
      for (const ns of order) {
        await next();
        if (this.cancelled) return { warmed, end: 'cancelled' };
        if (!this.options.proceed()) return { warmed, end: 'stopped' };
        if ((await this.options.warm(ns)) !== false) warmed.push(ns);
      }
      return { warmed, end: 'done' };
    } catch {
      // A warm-up is nobody's answer: a request for that namespace computes it and gets the error.
      return { warmed, end: 'failed' };
    }
  }
}

/**
 * The graph's namespaces, most edges touching them first (an edge within a namespace counts
 * once), then by name: the boxes a user is likeliest to open, and the costliest to compute.
 */
export function namespacesByEdges(graph: Graph): string[] {
  const count = new Map<string, number>();
  for (const ns of graph.namespaces) count.set(ns.name, 0);
  for (const e of graph.edges) {
    const from = namespaceOf(e.from);
    const to = namespaceOf(e.to);
    if (count.has(from)) count.set(from, count.get(from)! + 1);
    if (to !== from && count.has(to)) count.set(to, count.get(to)! + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([ns]) => ns);
}
