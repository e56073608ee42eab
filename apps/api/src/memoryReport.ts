/**
 * What `serve` says about memory (issue 19): the heap limit node runs with, once at start, and
 * after the first snapshot (and whenever the heap passes a share of the limit) how much the
 * snapshot holds — so a cluster too big for the limit is a sentence with the flag to set,
 * before the process would die of "JavaScript heap out of memory". A change is computed while
 * the previous snapshot is still served, so the heap needs room for a second graph.
 * Pure: the numbers come in, the lines go out.
 */
import { formatSize } from './sizes.ts';

/** Above this share of the heap limit the server warns. */
export const HEAP_WARN_SHARE = 0.6;

export interface HeapNumbers {
  /** v8.getHeapStatistics().used_heap_size */
  used: number;
  /** v8.getHeapStatistics().heap_size_limit */
  limit: number;
  /** process.memoryUsage().rss */
  rss: number;
}

const mib = (bytes: number) => Math.ceil(bytes / 2 ** 20);

/** The line at start: the limit, and how to change it. */
export function heapLimitLine(limit: number): string {
  return `heap limit ${formatSize(limit)} (node's default for this machine unless NODE_OPTIONS=--max-old-space-size=MiB says otherwise)`;
}

/** The advice when the heap is past HEAP_WARN_SHARE of the limit: a limit twice what is used. */
export function heapAdvice(h: HeapNumbers): string | undefined {
  if (h.used <= h.limit * HEAP_WARN_SHARE) return undefined;
  const suggested = Math.ceil(mib(h.used * 2) / 1024) * 1024;
  return (
    `the snapshot holds ${formatSize(h.used)} of the ${formatSize(h.limit)} heap limit (over ${Math.round(HEAP_WARN_SHARE * 100)} %): ` +
    `a change is computed beside the snapshot being served and may run out of memory. ` +
    `Restart with NODE_OPTIONS=--max-old-space-size=${suggested} (${formatSize(suggested * 2 ** 20)}) if the machine has it, or serve fewer namespaces.`
  );
}

/** After a snapshot: its size and the memory it takes. */
export function snapshotMemoryLine(version: number, workloads: number, edges: number, recomputeMs: number, h: HeapNumbers): string {
  return `snapshot ${version}: ${workloads.toLocaleString('en-US')} workloads, ${edges.toLocaleString('en-US')} edges in ${(recomputeMs / 1000).toFixed(1)} s; heap ${formatSize(h.used)} of ${formatSize(h.limit)}, RSS ${formatSize(h.rss)}`;
}
