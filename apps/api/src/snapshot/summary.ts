/**
 * The model's snapshot summary (query/snapshotSummary.ts) of the default graph, computed once
 * per snapshot for the routes, /metrics and the report that read it.
 */
import { snapshotSummary, type SnapshotSummary } from '@accessgraph/model';
import type { Snapshot } from './snapshot.ts';

const summaries = new WeakMap<Snapshot, SnapshotSummary>();

export function summaryOf(s: Snapshot): SnapshotSummary {
  let summary = summaries.get(s);
  if (!summary) summaries.set(s, (summary = snapshotSummary(s.analysis, s.graph)));
  return summary;
}
