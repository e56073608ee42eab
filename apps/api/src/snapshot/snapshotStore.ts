/**
 * Holds the current snapshot of one source and replaces it when the source changes: each
 * update's change set goes into the model's index (ModelIndex) as it arrives, then one
 * recompute (inventory → analysis of what the changes can affect → default graph), numbered,
 * with what changed worked out for the SSE stream and subscribers told. Updates that arrive
 * during a recompute are coalesced into one more (their change sets are all in the index
 * already). Staleness is the source's word, kept beside the snapshot, never inside it.
 */
import { isEmptyChangeSet, ModelIndex, type Analysis, type Cidr, type DefaultInboundPolicy, type LabelSelector, type SnapshotInfo } from '@accessgraph/model';
import type { ResourceStatus, SnapshotSource, SourceHealth, SourceOrigin, SourceState, SourceUpdate } from '../sources/source.ts';
import type { ChangeSummary } from '../schemas/events.ts';
import { changeSummary } from './changeSummary.ts';
import { snapshotInfo, type Snapshot } from './snapshot.ts';

export type StoreEvent = { type: 'snapshot'; summary: ChangeSummary } | { type: 'status'; info: SnapshotInfo };

export interface SnapshotStoreOptions {
  source: SnapshotSource;
  linkerdDefaultPolicy?: DefaultInboundPolicy;
  /** `--sensitive`. */
  sensitive?: LabelSelector;
  /** --cluster-networks / --external (issue 17). */
  clusterNetworks?: Cidr[];
  externals?: Cidr[];
  /** Longest flow list per kind in a change summary. */
  changeLimit?: number;
  /** After each recompute, with its duration (metrics). */
  onRecompute?: (ms: number, snapshot: Snapshot) => void;
  /** A recompute threw: the previous snapshot stays. */
  onError?: (err: unknown) => void;
  /** Replaces the model call (tests of the store's own mechanics only). */
  analyze?: (state: SourceState) => Analysis;
  now?: () => Date;
}

export class SnapshotStore {
  /** The source's objects as its change sets left them, with their parse results (the model's incremental recompute). */
  private readonly index = new ModelIndex();
  private snapshot: Snapshot | undefined;
  private sourceHealth: SourceHealth = { stale: false };
  /** The latest update's read status (its change set is in the index already). */
  private pending: SourceUpdate | undefined;
  /** A change set with changes was applied since the current snapshot was built. */
  private objectsChanged = false;
  private scheduled = false;
  private failure: string | undefined;
  /** The read status the current snapshot was built from, to tell a repeat from a change. */
  private built: { layers: string; diagnostics: string; scopes: string } | undefined;
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly readyWaiters: ((s: Snapshot) => void)[] = [];
  private readonly now: () => Date;

  constructor(private readonly options: SnapshotStoreOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** --linkerd-default-policy, when the server was started with it. */
  get linkerdDefaultPolicy(): DefaultInboundPolicy | undefined {
    return this.options.linkerdDefaultPolicy;
  }

  get source(): string {
    return this.options.source.description;
  }

  /** The source as data (absent for a source with no CLI equivalent). */
  get origin(): SourceOrigin | undefined {
    return this.options.source.origin;
  }

  /** Starts the source; snapshots follow as it reports. */
  async start(): Promise<void> {
    await this.options.source.start({
      update: (state) => this.update(state),
      health: (health) => this.health(health),
    });
  }

  async stop(): Promise<void> {
    await this.options.source.stop();
    this.listeners.clear();
  }

  current(): Snapshot | undefined {
    return this.snapshot;
  }

  /** Why there is no snapshot yet, when the first recompute failed. */
  get firstFailure(): string | undefined {
    return this.snapshot ? undefined : this.failure;
  }

  /** What the source can read right now, per resource (live source; empty otherwise). */
  resources(): ResourceStatus[] {
    return this.options.source.resources?.() ?? [];
  }

  get currentHealth(): SourceHealth {
    return this.sourceHealth;
  }

  info(snapshot: Snapshot): SnapshotInfo {
    return snapshotInfo(snapshot, this.sourceHealth, this.now());
  }

  /** Resolves with the first snapshot. */
  ready(): Promise<Snapshot> {
    if (this.snapshot) return Promise.resolve(this.snapshot);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** New source content: its changes go into the index now; recomputed on the next turn, coalesced with any that follow. */
  update(update: SourceUpdate): void {
    this.index.apply(update.changes);
    if (!isEmptyChangeSet(update.changes)) this.objectsChanged = true;
    this.pending = update;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  health(health: SourceHealth): void {
    const changed = health.stale !== this.sourceHealth.stale;
    this.sourceHealth = health;
    if (changed && this.snapshot) this.emit({ type: 'status', info: this.info(this.snapshot) });
  }

  private drain(): void {
    this.scheduled = false;
    const state = this.pending;
    this.pending = undefined;
    if (!state) return;
    try {
      this.recompute(state);
    } catch (err) {
      this.failure = err instanceof Error ? err.message : String(err);
      this.options.onError?.(err);
    }
  }

  private recompute(update: SourceUpdate): void {
    const started = performance.now();
    // No object changed and the same layers, diagnostics and scopes as the current snapshot:
    // nothing to recompute, no new version, no event (a re-list after a reconnect that found
    // every object at the same resourceVersion, a retry during an outage).
    const built = { layers: JSON.stringify(update.layers), diagnostics: JSON.stringify(update.diagnostics), scopes: JSON.stringify(update.unknownScopes ?? []) };
    const prev = this.built;
    if (this.snapshot && prev && !this.objectsChanged && prev.layers === built.layers && prev.diagnostics === built.diagnostics && prev.scopes === built.scopes) return;
    const objects = this.index.objects();
    const analysis = this.options.analyze
      ? this.options.analyze({ objects, diagnostics: update.diagnostics, layers: update.layers, ...(update.unknownScopes ? { unknownScopes: update.unknownScopes } : {}) })
      : this.index.analyze(
          { layers: update.layers, diagnostics: update.diagnostics, ...(update.unknownScopes ? { unknownScopes: update.unknownScopes } : {}) },
          {
            ...(this.options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: this.options.linkerdDefaultPolicy } : {}),
            ...(this.options.sensitive ? { sensitive: this.options.sensitive } : {}),
            ...(this.options.clusterNetworks ? { clusterNetworks: this.options.clusterNetworks } : {}),
            ...(this.options.externals ? { externals: this.options.externals } : {}),
          },
        );
    const graph = analysis.graph();
    const layers = analysis.inventory.layers;
    const previous = this.snapshot;
    const snapshot: Snapshot = {
      version: (previous?.version ?? 0) + 1,
      source: this.options.source.description,
      takenAt: this.now(),
      analysis,
      objects,
      layers: { l4: { ...layers.l4 }, l7: { ...layers.l7 } },
      recomputeMs: Math.round((performance.now() - started) * 10) / 10,
      graph,
    };
    this.snapshot = snapshot;
    this.built = built;
    this.objectsChanged = false;
    this.failure = undefined;
    this.options.onRecompute?.(snapshot.recomputeMs, snapshot);
    for (const resolve of this.readyWaiters.splice(0)) resolve(snapshot);
    if (this.listeners.size === 0) return;
    const summary = changeSummary({
      before: previous && { version: previous.version, graph: previous.graph },
      after: { version: snapshot.version, graph, info: this.info(snapshot) },
      limit: this.options.changeLimit ?? 500,
    });
    this.emit({ type: 'snapshot', summary });
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.options.onError?.(err);
      }
    }
  }
}
