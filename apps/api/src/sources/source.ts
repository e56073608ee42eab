/**
 * What sources of cluster state (demo, manifest files, live cluster) hand on. A one-shot read
 * (the CLI's commands) is a SourceState: every object read. A watching source tells the
 * snapshot store a SourceUpdate instead: the change set since its last update — per object,
 * applied or deleted, as its informers' events or its per-file diff know them — with what it
 * could not read and whether it is still answering. The store applies the change set to the
 * model's index and turns it into a snapshot (snapshot/snapshotStore.ts).
 */
import { resetTo, type ChangeSet, type Diagnostic, type LayerStatus, type SourcedObject, type UnknownScope } from '@accessgraph/model';

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

/** A watching source's news: what changed since its last update, and the read status now. */
export interface SourceUpdate extends Omit<SourceState, 'objects'> {
  changes: ChangeSet;
}

/** A full read as an update that replaces everything the store held. */
export function fullUpdate(state: SourceState): SourceUpdate {
  const { objects, ...rest } = state;
  return { ...rest, changes: resetTo(objects) };
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
  update(update: SourceUpdate): void;
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
