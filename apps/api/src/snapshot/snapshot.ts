/**
 * A snapshot: one analysed state of the source, numbered. Routes answer from the current
 * snapshot only; the store (snapshotStore.ts) replaces it whole when the source changes.
 */
import type { Analysis, Graph, LayerState, SnapshotInfo, SourcedObject } from '@accessgraph/model';
import type { SourceHealth } from '../sources/source.ts';

export interface Snapshot {
  readonly version: number;
  /** `demo`, `manifests: a, b`, `context: prod`. */
  readonly source: string;
  readonly takenAt: Date;
  readonly analysis: Analysis;
  /** The raw objects the analysis was built from, for the YAML of the workload page. */
  readonly objects: readonly SourcedObject[];
  readonly layers: { l4: LayerState; l7: LayerState };
  /** How long parsing, indexing and the default graph took. */
  readonly recomputeMs: number;
  /** The default graph (open flows summarised), computed with the snapshot. */
  readonly graph: Graph;
}

/** Snapshot metadata as the API shows it; staleness is measured now. */
export function snapshotInfo(snapshot: Snapshot, health: SourceHealth, now: Date = new Date()): SnapshotInfo {
  const info: SnapshotInfo = {
    version: snapshot.version,
    source: snapshot.source,
    takenAt: snapshot.takenAt.toISOString(),
    stale: health.stale,
    layers: snapshot.layers,
  };
  if (health.stale) info.staleForSeconds = Math.max(0, Math.round((now.getTime() - health.since.getTime()) / 1000));
  return info;
}
