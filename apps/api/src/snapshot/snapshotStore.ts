/**
 * Holds the current snapshot of one source and replaces it when the source changes: recompute
 * (parse → inventory → analysis → default graph), number it, work out what changed for the
 * SSE stream, and tell subscribers. Updates that arrive during a recompute are coalesced into
 * one more. Staleness is the source's word, kept beside the snapshot, never inside it.
 */
import type { Analysis, Cidr, DefaultInboundPolicy, LabelSelector, SnapshotInfo, SourcedObject } from '@accessgraph/model';
import { inventoryCache } from '@accessgraph/model';
import type { ResourceStatus, SnapshotSource, SourceHealth, SourceOrigin, SourceState } from '../sources/source.ts';
import type { ChangeSummary } from '../schemas/events.ts';
import { analyzeState } from './analyzeState.ts';
import { changeSummary } from './changeSummary.ts';
import { ObjectIdentity } from './objectIdentity.ts';
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
  /** Parse results kept across snapshots (the model's incremental recompute). */
  private readonly inventoryCache = inventoryCache();
  /** Unchanged objects keep their identity across states, so the model sees only real changes. */
  private readonly identity = new ObjectIdentity();
  private snapshot: Snapshot | undefined;
  private sourceHealth: SourceHealth = { stale: false };
  private pending: SourceState | undefined;
  private scheduled = false;
  private failure: string | undefined;
  /** What the current snapshot was built from, to tell a repeat from a change. */
  private built: { objects: readonly SourcedObject[]; layers: string; diagnostics: string } | undefined;
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

  /** New source content; recomputed on the next turn, coalesced with any that follow. */
  update(state: SourceState): void {
    this.pending = state;
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

  private recompute(sourceState: SourceState): void {
    const started = performance.now();
    const state: SourceState = { ...sourceState, objects: this.identity.reuse(sourceState.objects) };
    // The same objects (by identity: unchanged ones keep theirs), layers and diagnostics as the
    // current snapshot: nothing to recompute, no new version, no event (a re-list after a
    // reconnect, a retry during an outage).
    const built = { objects: state.objects, layers: JSON.stringify(state.layers), diagnostics: JSON.stringify(state.diagnostics) };
    const prev = this.built;
    if (
      this.snapshot &&
      prev &&
      prev.layers === built.layers &&
      prev.diagnostics === built.diagnostics &&
      prev.objects.length === built.objects.length &&
      prev.objects.every((o, i) => o.object === built.objects[i]!.object && o.file === built.objects[i]!.file && o.line === built.objects[i]!.line)
    ) {
      return;
    }
    const analysis = this.options.analyze
      ? this.options.analyze(state)
      : analyzeState(state, {
          linkerdDefaultPolicy: this.options.linkerdDefaultPolicy,
          ...(this.options.sensitive ? { sensitive: this.options.sensitive } : {}),
          ...(this.options.clusterNetworks ? { clusterNetworks: this.options.clusterNetworks } : {}),
          ...(this.options.externals ? { externals: this.options.externals } : {}),
          cache: this.inventoryCache, ...(this.snapshot ? { previous: this.snapshot.analysis } : {}) });
    const graph = analysis.graph();
    const layers = analysis.inventory.layers;
    const previous = this.snapshot;
    const snapshot: Snapshot = {
      version: (previous?.version ?? 0) + 1,
      source: this.options.source.description,
      takenAt: this.now(),
      analysis,
      objects: state.objects,
      layers: { l4: { ...layers.l4 }, l7: { ...layers.l7 } },
      recomputeMs: Math.round((performance.now() - started) * 10) / 10,
      graph,
    };
    this.snapshot = snapshot;
    this.built = built;
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
