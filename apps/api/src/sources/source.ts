/**
 * The one shape every source of cluster state (demo, manifest files, live cluster) hands the
 * snapshot store: the raw objects it read, what it could not read, and whether it is still
 * answering. The store turns each state into a snapshot (snapshot/snapshotStore.ts).
 */
import type { Diagnostic, LayerStatus, SourcedObject, UnknownScope } from '@accessgraph/model';

export interface SourceState {
  /** Raw objects as read, with where they came from; kept in the snapshot for YAML views. */
  objects: SourcedObject[];
  /** What went wrong while reading (parse errors, unreadable resources). */
  diagnostics: Diagnostic[];
  /** A layer the source could not read is `unknown` with the reason; never guessed open or deny. */
  layers: { l4: LayerStatus; l7: LayerStatus };
  /** Parts of the cluster the source may not read (tenant mode: namespaces outside --namespaces): unknown there. */
  unknownScopes?: UnknownScope[];
}

export interface ResourceStatus {
  resource: string;
  state: 'syncing' | 'synced' | 'forbidden' | 'not-served' | 'unreachable' | 'error';
  count: number;
  message?: string;
}

/** Whether the source still answers; `since` is when it last did, while stale. */
export type SourceHealth = { stale: false } | { stale: true; since: Date; reason: string };

export interface SourceListener {
  /** New content. The first call marks the initial sync complete. */
  update(state: SourceState): void;
  /** Staleness changed; the last state stays current. */
  health(health: SourceHealth): void;
}

/**
 * Where the objects come from, as data (the CLI flags that read the same source are built from
 * this, never parsed back out of `description`).
 */
export type SourceOrigin = { kind: 'demo' } | { kind: 'manifests'; paths: string[] } | { kind: 'cluster'; kubeconfig?: string; context?: string } | { kind: 'in-cluster' };

export interface SnapshotSource {
  /** `demo`, `manifests: a, b`, `context: prod`, `in-cluster`. */
  readonly description: string;
  /** The same source as data; absent for a source with no CLI equivalent (tests). */
  readonly origin?: SourceOrigin;
  /** Starts reading; resolves once reading has begun (not necessarily synced). */
  start(listener: SourceListener): Promise<void>;
  stop(): Promise<void>;
  /** Per-resource read status now (live source), for /api/v1/snapshot. */
  resources?(): ResourceStatus[];
}

export const KNOWN_LAYERS: SourceState['layers'] = { l4: { state: 'known' }, l7: { state: 'known' } };
