/**
 * The live-cluster source: an informer per resource of liveResources.ts, Linkerd policy kinds
 * found by discovery (re-run periodically: CRDs installed later are picked up, removed ones
 * dropped), and from their events and statuses what the store needs — the change set (each
 * object an informer added, replaced or deleted since the last update, keyed by informer,
 * namespace and name; a dropped informer deletes its objects), layers that could not be read
 * (unknown, with the reason), staleness when the API server stops answering (the last objects
 * are kept). Read-only: GET, list and watch; never Secrets.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeHttp, KubeRequestError } from './liveClient.ts';
import { discoverPolicyKinds } from './liveDiscovery.ts';
import { DEFAULT_TIMING, ResourceInformer, type InformerTiming } from './liveInformer.ts';
import { classifyFailure, liveFileName, liveSourceState } from './liveRead.ts';
import { CORE_RESOURCES, perNamespace, resourceName, type LiveResource } from './liveResources.ts';
import type { Change } from '@accessgraph/model';
import type { ResourceStatus, SnapshotSource, SourceHealth, SourceListener, SourceOrigin, SourceState } from './source.ts';
import type { Item } from './liveRead.ts';

export interface LiveSourceOptions {
  kubeConfig: KubeConfig;
  /** `context: prod`, `in-cluster`. */
  description: string;
  /** The same as data (liveConfig.ts). */
  origin?: SourceOrigin;
  /** Re-discovery (and retry of forbidden / not served resources). */
  discoveryIntervalMs?: number;
  /** Quiet time before a burst of watch events becomes one update. */
  debounceMs?: number;
  /** Longest wait for a quiet moment before updating anyway. */
  maxDelayMs?: number;
  timing?: Partial<InformerTiming>;
  /**
   * How long the last objects read stay trusted once the API server stops answering. Past it
   * both layers become `unknown` (SEMANTICS §5: "source stale past its limit") until the server
   * answers again; before it, the last snapshot is served marked stale with its age.
   */
  staleLimitMs?: number;
  /**
   * How often the API server is asked whether it answers (GET /version), each ask given as
   * long to answer: a silent (frozen) server is noticed within two intervals. Default: a sixth
   * of the stale limit (at most 30 s), so within a third of it.
   */
  probeIntervalMs?: number;
  onWatchRestart?: (resource: string, reason: string) => void;
  log?: (message: string) => void;
  /**
   * Tenant mode (`serve --namespaces a,b`): the only namespaces whose namespaced resources are
   * read, each resource listed and watched per namespace (what namespace-scoped Roles allow).
   * Every other namespace is an UnknownScope at both layers: what runs and what is enforced
   * there — even whether it has workloads — is not known. Cluster-scoped resources (namespaces,
   * cluster-wide policy kinds) are read as usual.
   */
  namespaces?: readonly string[];
}

export { loadKubeConfig, type KubeConfigChoice } from './liveConfig.ts';

/** Five minutes: long enough for an API server restart, short enough not to mislead on-call. */
export const DEFAULT_STALE_LIMIT_MS = 300_000;

const key = (r: LiveResource) => `${resourceName(r)}/${r.namespace ?? ''}`;

export class LiveSource implements SnapshotSource {
  readonly description: string;
  readonly origin: SourceOrigin | undefined;
  private readonly http: KubeHttp;
  private readonly informers = new Map<string, ResourceInformer>();
  /** Keys of the informers discovery added (policy kinds). */
  private readonly policyKeys = new Set<string>();
  private readonly timing: InformerTiming;
  private listener: SourceListener | undefined;
  private l7Missing: string | undefined = 'API discovery has not run yet';
  /** Other engines' groups discovery could not read (their layers are unknown). */
  private discoveryUnknown: { layers: ('l4' | 'l7')[]; reason: string }[] = [];
  private discovered = false;
  private discoveryFailingSince: Date | undefined;
  private discoveryError: string | undefined;
  private initialSyncDone = false;
  private lastHealth: SourceHealth = { stale: false };
  private staleLimitTimer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private firstPendingAt: number | undefined;
  private discoveryTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  /** When the API server last answered anything (staleness counts from here). */
  private lastContact: Date | undefined;
  /** Since when the liveness probe has gone unanswered. */
  private probeFailingSince: Date | undefined;
  private probeError: string | undefined;
  private stopped = false;
  /** Object changes since the last update, by object key (the later change of a key wins). */
  private readonly pending = new Map<string, Change>();
  /** The object keys each informer has told, to delete them when it is dropped. */
  private readonly held = new Map<string, Set<string>>();
  /** Objects changed since the last update; status-only changes update only when layers change. */
  private objectsChanged = true;
  private lastLayers = '';

  constructor(private readonly options: LiveSourceOptions) {
    this.description = options.description;
    this.origin = options.origin;
    this.http = new KubeHttp(options.kubeConfig);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  async start(listener: SourceListener): Promise<void> {
    this.listener = listener;
    for (const r of CORE_RESOURCES) for (const each of perNamespace(r, this.options.namespaces)) this.addInformer(each);
    await this.discover();
    const every = this.options.discoveryIntervalMs ?? 30_000;
    // Until discovery has worked once (or while it fails), retry it every 2 s at most.
    const next = () => (this.discovered && !this.discoveryFailingSince ? every : Math.min(every, 2000));
    const tick = async () => {
      if (this.stopped) return;
      await this.discover();
      for (const informer of this.informers.values()) informer.retryIfDenied();
      if (!this.stopped) this.discoveryTimer = setTimeout(() => void tick(), next());
    };
    this.discoveryTimer = setTimeout(() => void tick(), next());
    this.probeTimer = setTimeout(() => void this.probe(), this.probeIntervalMs);
  }

  get probeIntervalMs(): number {
    return this.options.probeIntervalMs ?? Math.max(250, Math.min(30_000, Math.floor(this.staleLimitMs / 6)));
  }

  private contact(): void {
    this.lastContact = new Date();
  }

  /** Asks the API server whether it answers; a silent one makes the source stale. */
  private async probe(): Promise<void> {
    if (this.stopped) return;
    const interval = this.probeIntervalMs;
    try {
      await this.http.getJson('/version', {}, interval, true);
      this.contact();
      if (this.probeFailingSince) {
        this.probeFailingSince = undefined;
        this.probeError = undefined;
        this.schedule();
      }
    } catch (err) {
      const f = classifyFailure(err);
      // Any status is an answer: only silence or a refused connection is an outage.
      if (f.state === 'unreachable' && !(err instanceof KubeRequestError && err.statusCode !== undefined)) {
        if (!this.probeFailingSince) {
          this.probeFailingSince = new Date();
          this.probeError = `the API server does not answer: ${f.message}`;
          this.options.log?.(this.probeError);
          this.schedule();
        }
      } else this.contact();
    }
    if (!this.stopped) this.probeTimer = setTimeout(() => void this.probe(), interval);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.discoveryTimer);
    clearTimeout(this.debounceTimer);
    clearTimeout(this.staleLimitTimer);
    clearTimeout(this.probeTimer);
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  private addInformer(r: LiveResource): void {
    const informer = new ResourceInformer(
      r,
      this.http,
      this.options.kubeConfig,
      {
        applied: (o) => this.objectChanged(key(r), o, true),
        deleted: (o) => this.objectChanged(key(r), o, false),
        status: () => this.schedule(),
        restarted: (reason) => this.options.onWatchRestart?.(resourceName(r), reason),
        contact: () => this.contact(),
      },
      this.timing,
    );
    this.informers.set(key(r), informer);
    informer.start();
  }

  private objectChanged(informer: string, o: Item, applied: boolean): void {
    const meta = o.metadata as { namespace?: string; name?: string } | undefined;
    const k = `${informer}\u0000${meta?.namespace ?? ''}\u0000${meta?.name ?? ''}`;
    const keys = this.held.get(informer) ?? new Set<string>();
    this.held.set(informer, keys);
    if (applied) {
      keys.add(k);
      this.pending.set(k, { type: 'apply', key: k, object: { object: o, file: liveFileName(this.description) } });
    } else {
      keys.delete(k);
      this.pending.set(k, { type: 'delete', key: k });
    }
    this.objectsChanged = true;
    this.schedule();
  }

  /** An informer dropped: every object it told goes. */
  private dropObjects(informer: string): void {
    for (const k of this.held.get(informer) ?? []) this.pending.set(k, { type: 'delete', key: k });
    this.held.delete(informer);
  }

  /** Runs discovery; starts informers for newly served policy kinds, drops vanished ones. */
  private async discover(): Promise<void> {
    let found;
    try {
      found = await discoverPolicyKinds(this.http);
    } catch (err) {
      const f = classifyFailure(err);
      this.discoveryError = `API discovery failed: ${f.message}`;
      if (f.state === 'unreachable') this.discoveryFailingSince ??= new Date();
      else this.l7Missing = this.discoveryError;
      this.options.log?.(this.discoveryError);
      this.schedule();
      return;
    }
    this.contact();
    this.discovered = true;
    this.discoveryError = undefined;
    this.discoveryFailingSince = undefined;
    this.l7Missing = found.l7Missing;
    if (JSON.stringify(found.unknown) !== JSON.stringify(this.discoveryUnknown)) this.objectsChanged = true;
    this.discoveryUnknown = found.unknown;
    const wanted = new Map(found.resources.flatMap((r) => perNamespace(r, this.options.namespaces)).map((r) => [key(r), r]));
    for (const k of [...this.policyKeys]) {
      const informer = this.informers.get(k);
      const now = wanted.get(k);
      if (informer && now && now.version === informer.resource.version) continue;
      // The CRD went away or its preferred version changed: drop it (re-added below if served).
      await informer?.stop();
      this.informers.delete(k);
      this.dropObjects(k);
      this.policyKeys.delete(k);
      this.objectsChanged = true;
    }
    for (const [k, r] of wanted) {
      if (this.informers.has(k)) continue;
      this.policyKeys.add(k);
      this.addInformer(r);
    }
    this.schedule();
  }

  /** Coalesces bursts: update after `debounceMs` of quiet, or `maxDelayMs` at the latest. */
  private schedule(): void {
    if (this.stopped) return;
    const now = Date.now();
    this.firstPendingAt ??= now;
    clearTimeout(this.debounceTimer);
    const wait = Math.max(0, Math.min(this.options.debounceMs ?? 100, this.firstPendingAt + (this.options.maxDelayMs ?? 1000) - now));
    this.debounceTimer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.firstPendingAt = undefined;
    if (this.stopped || !this.listener) return;
    this.reportHealth();
    const informers = [...this.informers.values()];
    const ready = this.discovered && informers.every((i) => i.hasSynced || i.currentState === 'forbidden' || i.currentState === 'not-served');
    if (!this.initialSyncDone && !ready) return;
    const state = this.state();
    const layers = JSON.stringify(state.layers);
    if (this.initialSyncDone && !this.objectsChanged && layers === this.lastLayers) return;
    this.initialSyncDone = true;
    this.objectsChanged = false;
    this.lastLayers = layers;
    const { objects: _all, ...status } = state;
    const changes = [...this.pending.values()];
    this.pending.clear();
    this.listener.update({ ...status, changes: { changes } });
  }

  private reportHealth(): void {
    const informers = [...this.informers.values()];
    const failing = informers.map((i) => i.unreachableSince).concat(this.discoveryFailingSince, this.probeFailingSince).filter((d): d is Date => d !== undefined);
    let health: SourceHealth = { stale: false };
    if (failing.length) {
      // Stale since the last answer, not since the silence was noticed; never later than the
      // first failure seen (an informer's own failure may precede the next contact).
      const first = Math.min(...failing.map((d) => d.getTime()));
      const since = this.lastContact ? new Date(Math.min(this.lastContact.getTime(), first)) : new Date(first);
      const down = informers.find((i) => i.unreachableSince);
      health = { stale: true, since, reason: this.probeError ?? down?.status().message ?? this.discoveryError ?? 'the API server does not answer' };
    }
    const sameSince = health.stale && this.lastHealth.stale && health.since.getTime() === this.lastHealth.since.getTime();
    if (health.stale !== this.lastHealth.stale || (health.stale && !sameSince)) {
      this.listener?.health(health);
      clearTimeout(this.staleLimitTimer);
      // Past the limit the layers turn unknown: flush again then (state() adds the reason).
      if (health.stale) this.staleLimitTimer = setTimeout(() => this.schedule(), Math.max(0, health.since.getTime() + this.staleLimitMs - Date.now()) + 10);
    }
    this.lastHealth = health;
  }

  get staleLimitMs(): number {
    return this.options.staleLimitMs ?? DEFAULT_STALE_LIMIT_MS;
  }

  /** Why nothing read can be trusted any more, once the source has been stale past its limit. */
  private stalePastLimit(): string | undefined {
    const h = this.lastHealth;
    if (!h.stale) return undefined;
    const age = Date.now() - h.since.getTime();
    if (age < this.staleLimitMs) return undefined;
    // No ticking age in the text: the same outage is the same state (no new snapshot per retry).
    return `the API server has not answered since ${h.since.toISOString()} (limit ${Math.round(this.staleLimitMs / 1000)} s, --stale-limit): the last objects read may no longer hold`;
  }

  resources(): ResourceStatus[] {
    return [...this.informers.values()].map((i) => i.status());
  }

  /** Objects of every informer, and the layers that could not be read with why. */
  state(): SourceState {
    const reads = [...this.informers.values()].map((i) => ({ resource: i.resource, name: i.name, state: i.currentState, synced: i.hasSynced, message: i.status().message, objects: i.objects() }));
    return liveSourceState(liveFileName(this.description), reads, { l7Missing: this.l7Missing, discoveryUnknown: this.discoveryUnknown, stale: this.stalePastLimit(), tenant: this.options.namespaces });
  }
}
