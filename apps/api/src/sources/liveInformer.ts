/**
 * Keeps one resource of the live cluster in memory: client-node's ListWatch (list, then watch
 * from the list's resourceVersion; `410 Gone` re-lists; deletions seen on re-list are
 * reported) with what ListWatch leaves to its user: restarting after an error with capped,
 * jittered exponential backoff; 401/403/404 are not retried quickly (the source retries them
 * at its discovery interval); and a status per resource (synced, forbidden, not served,
 * unreachable) from which the source derives layer states and staleness.
 */
import { ListWatch, Watch, type KubeConfig } from '@kubernetes/client-node';
import type { KubeHttp } from './liveClient.ts';
import { classifyFailure, listResource, slim, type Item } from './liveRead.ts';
import { apiVersionOf, collectionPath, resourceName, type LiveResource } from './liveResources.ts';
import type { ResourceStatus } from './source.ts';

export { classifyFailure } from './liveRead.ts';

export interface InformerTiming {
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Server-side watch timeout; the watch is re-opened from the last resourceVersion. */
  watchTimeoutSeconds: number;
  /** List page size. */
  pageSize: number;
  /**
   * A watch with no event for this long — not even a bookmark, which the API server sends
   * about once a minute to watches that allow them — is taken as dead and re-opened.
   */
  watchIdleMs: number;
  /** A watch request with no answer (headers) for this long has failed. */
  watchConnectMs: number;
}

export const DEFAULT_TIMING: InformerTiming = { backoffBaseMs: 500, backoffMaxMs: 30_000, watchTimeoutSeconds: 290, pageSize: 500, watchIdleMs: 90_000, watchConnectMs: 20_000 };

export interface InformerHooks {
  /** An object was added or replaced (a watch event, or a re-list that found it new or at a new resourceVersion). */
  applied(object: Item): void;
  /** An object went away (a watch event, or a re-list that no longer lists it). */
  deleted(object: Item): void;
  /** The status changed. */
  status(): void;
  /** The watch was re-opened: after an error, or to re-list (metrics). */
  restarted(reason: 'error' | 'relist' | 'timeout'): void;
  /** The API server answered (a list page, a watch opened, a watch event or bookmark). */
  contact?(): void;
}

export class ResourceInformer {
  readonly name: string;
  private listWatch: ListWatch<Item>;
  private state: ResourceStatus['state'] = 'syncing';
  private message: string | undefined;
  private failingSince: Date | undefined;
  private failures = 0;
  private synced = false;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly resource: LiveResource,
    private readonly http: KubeHttp,
    kubeConfig: KubeConfig,
    private readonly hooks: InformerHooks,
    private readonly timing: InformerTiming = DEFAULT_TIMING,
  ) {
    this.name = resourceName(resource) + (resource.namespace ? ` (namespace ${resource.namespace})` : '');
    const connected = () => this.connected();
    const contact = () => this.hooks.contact?.();
    class TimedWatch extends Watch {
      override async watch(
        path: string,
        params: Record<string, string | number | boolean | undefined>,
        callback: (phase: string, obj: Item, watchObj?: unknown) => void,
        done: (err: unknown) => void,
      ): Promise<AbortController> {
        let finished = false;
        const open: { controller?: AbortController } = {};
        let idle: NodeJS.Timeout | undefined;
        const finish = (err: unknown) => {
          if (finished) return;
          finished = true;
          clearTimeout(idle);
          open.controller?.abort();
          done(err);
        };
        // A frozen API server accepts the connection and never answers: client-node's watch
        // would wait for its headers for ever.
        const connecting = setTimeout(() => finish(new Error(`watch ${path}: no answer in ${timing.watchConnectMs} ms`)), timing.watchConnectMs);
        const armIdle = () => {
          clearTimeout(idle);
          idle = setTimeout(() => finish(new Error(`watch ${path}: no event or bookmark in ${Math.round(timing.watchIdleMs / 1000)} s`)), timing.watchIdleMs);
        };
        const jitter = Math.floor(Math.random() * 30);
        const controller = await super.watch(
          path,
          { ...params, timeoutSeconds: timing.watchTimeoutSeconds + jitter, allowWatchBookmarks: true },
          (phase, obj, watchObj) => {
            if (finished) return;
            armIdle();
            contact();
            callback(phase, phase === 'ERROR' || phase === 'BOOKMARK' ? obj : slim(obj, resource), watchObj);
          },
          (err) => finish(err),
        );
        open.controller = controller;
        clearTimeout(connecting);
        if (finished) {
          controller.abort();
          return controller;
        }
        armIdle();
        connected();
        return controller;
      }
    }
    this.listWatch = new ListWatch<Item>(collectionPath(resource), new TimedWatch(kubeConfig), () => this.list(), false, undefined, resource.fieldSelector);
    this.listWatch.on('add', (o) => this.hooks.applied(o));
    this.listWatch.on('update', (o) => this.hooks.applied(o));
    this.listWatch.on('delete', (o) => this.hooks.deleted(o));
    this.listWatch.on('error', (err) => this.failed(err));
    let first = true;
    this.listWatch.on('connect', () => {
      // No resourceVersion left: a re-list (after 410 Gone, or a failed list); else a re-watch.
      if (!first) this.hooks.restarted(!this.listWatch.latestResourceVersion() ? 'relist' : this.failures > 0 ? 'error' : 'timeout');
      first = false;
    });
  }

  /** Every page of the list, items stamped with kind/apiVersion. */
  private async list(): Promise<{ metadata: { resourceVersion?: string }; items: Item[] }> {
    const { resourceVersion, items } = await listResource(this.http, this.resource, this.timing.pageSize, () => this.hooks.contact?.());
    this.connected();
    return { metadata: resourceVersion !== undefined ? { resourceVersion } : {}, items };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.listWatch.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.listWatch.stop();
  }

  /** Retries now if the resource was forbidden or not served (RBAC or CRDs may have changed). */
  retryIfDenied(): void {
    if (this.stopped || (this.state !== 'forbidden' && this.state !== 'not-served')) return;
    clearTimeout(this.retryTimer);
    void this.listWatch.start();
  }

  objects(): readonly Item[] {
    return this.listWatch.list();
  }

  /** Listed at least once (its objects are real, not an empty cache). */
  get hasSynced(): boolean {
    return this.synced;
  }

  get currentState(): ResourceStatus['state'] {
    return this.state;
  }

  /** When it last stopped answering, while unreachable. */
  get unreachableSince(): Date | undefined {
    return this.state === 'unreachable' ? this.failingSince : undefined;
  }

  status(): ResourceStatus {
    const s: ResourceStatus = { resource: `${this.name} ${apiVersionOf(this.resource)}`, state: this.state, count: this.objects().length };
    if (this.message) s.message = this.message;
    return s;
  }

  private setState(state: ResourceStatus['state'], message?: string): void {
    const changed = state !== this.state || message !== this.message;
    this.state = state;
    this.message = message;
    if (changed) this.hooks.status();
  }

  private connected(): void {
    if (this.stopped) return;
    this.failures = 0;
    this.failingSince = undefined;
    this.synced = true;
    this.setState('synced');
  }

  private failed(err: unknown): void {
    if (this.stopped) return;
    const f = classifyFailure(err);
    this.failures++;
    this.failingSince ??= new Date();
    this.setState(f.state, f.message);
    if (!f.retrySoon) return;
    const exp = Math.min(this.timing.backoffMaxMs, this.timing.backoffBaseMs * 2 ** Math.min(this.failures - 1, 16));
    const delay = Math.round(exp / 2 + Math.random() * (exp / 2));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) void this.listWatch.start();
    }, delay);
  }
}
