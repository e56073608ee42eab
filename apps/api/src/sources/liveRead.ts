/**
 * What the live source and the CLI's one-shot live read share: reading one resource's
 * collection (every page, items stamped with kind/apiVersion and stripped of managedFields),
 * what a failed request means for that resource (forbidden, not served, unreachable …), and
 * how the per-resource outcomes become a SourceState — a resource that could not be read makes
 * the layers that depend on it `unknown` with the reason, never open, never deny.
 * No client-node import: the KubeHttp it is given carries the credentials.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Diagnostic, LayerStatus, SourcedObject, UnknownScope } from '@accessgraph/model';
import { KubeRequestError, type KubeHttp } from './liveClient.ts';
import { apiVersionOf, collectionPath, type LiveResource } from './liveResources.ts';
import type { ResourceStatus, SourceState } from './source.ts';

export type Item = KubernetesObject & Record<string, unknown>;

/** Drops the server's bookkeeping that nothing reads and that bloats the YAML view. */
export function slim(o: Item, r: LiveResource): Item {
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta && 'managedFields' in meta) {
    const { managedFields: _dropped, ...rest } = meta;
    o = { ...o, metadata: rest };
  }
  // List items carry no kind/apiVersion; the model needs both.
  if (!o.kind || !o.apiVersion) o = { ...o, kind: r.kind, apiVersion: apiVersionOf(r) };
  return o;
}

/** Every page of a resource's collection; `onPage` after each answered page. */
export async function listResource(
  http: KubeHttp,
  resource: LiveResource,
  pageSize: number,
  onPage?: () => void,
): Promise<{ resourceVersion: string | undefined; items: Item[] }> {
  const items: Item[] = [];
  let resourceVersion: string | undefined;
  let token: string | undefined;
  do {
    const page = (await http.getJson(collectionPath(resource), {
      limit: String(pageSize),
      continue: token,
      fieldSelector: resource.fieldSelector,
    })) as { metadata?: { resourceVersion?: string; continue?: string }; items?: Item[] };
    for (const item of page.items ?? []) items.push(slim(item, resource));
    resourceVersion = page.metadata?.resourceVersion;
    token = page.metadata?.continue || undefined;
    onPage?.();
  } while (token);
  return { resourceVersion, items };
}

/** What a failure means for this resource, and whether to retry soon. */
export function classifyFailure(err: unknown): { state: ResourceStatus['state']; message: string; retrySoon: boolean } {
  const e = err as { statusCode?: number; code?: number | string; message?: string } | undefined;
  const status = e instanceof KubeRequestError ? e.statusCode : typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.code === 'number' ? e.code : undefined;
  const message = e?.message ?? String(err);
  if (status === 401) return { state: 'forbidden', message: `the API server rejected the credentials (401): ${message}`, retrySoon: false };
  if (status === 403) return { state: 'forbidden', message: `forbidden (403): ${message}`, retrySoon: false };
  if (status === 404) return { state: 'not-served', message: `not served by this cluster (404): ${message}`, retrySoon: false };
  if (status !== undefined && status >= 400 && status < 500 && status !== 410 && status !== 429) return { state: 'error', message, retrySoon: true };
  return { state: 'unreachable', message: status ? `${status}: ${message}` : message, retrySoon: true };
}

/** One resource as read: by an informer (serve) or by one list (the CLI). */
export interface ResourceRead {
  resource: LiveResource;
  /** `pods`, `configmaps (namespace linkerd)`. */
  name: string;
  state: ResourceStatus['state'];
  /** Listed at least once: its objects are real, not an empty cache. */
  synced: boolean;
  message?: string | undefined;
  objects: readonly Item[];
}

export interface LiveStateExtras {
  /** Why L7 cannot be read at all (no Linkerd policy API, discovery failed). */
  l7Missing?: string | undefined;
  /** Other engines' groups discovery could not read (their layers are unknown). */
  discoveryUnknown?: readonly { layers: ('l4' | 'l7')[]; reason: string }[];
  /** Past the stale limit (serve only): why nothing read can be trusted any more. */
  stale?: string | undefined;
  /**
   * Tenant mode (`serve --namespaces`): the namespaces whose namespaced resources are read, each
   * on its own. A resource of one of them that cannot be read makes only that namespace unknown;
   * every other namespace of the cluster is unknown at both layers (nothing in it was read).
   */
  tenant?: readonly string[] | undefined;
}

/** `context: prod` → `live:prod`: the file name diagnostics and objects carry. */
export function liveFileName(description: string): string {
  return `live:${description.replace(/^context: /, '')}`;
}

/** The resources' objects, and the layers that could not be read with why. */
export function liveSourceState(file: string, reads: Iterable<ResourceRead>, extras: LiveStateExtras = {}): SourceState {
  const objects: SourcedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const unknown: Record<'l4' | 'l7', string[]> = { l4: [], l7: [] };
  const tenant = extras.tenant ? new Set(extras.tenant) : undefined;
  const scopes: UnknownScope[] = [];
  const namespaceScope = (layer: 'l4' | 'l7', namespace: string, reason: string): UnknownScope => ({
    layer,
    namespace,
    affects: 'source-or-destination',
    object: { kind: 'Namespace', name: namespace, file },
    reason,
  });
  for (const read of reads) {
    for (const o of read.objects) objects.push({ object: o, file });
    const s = read.state;
    if (s === 'forbidden' || s === 'not-served' || s === 'error' || (s === 'syncing' && !read.synced) || (s === 'unreachable' && !read.synced)) {
      const why = `cannot read ${read.name} (${apiVersionOf(read.resource)}): ${read.message ?? s}`;
      // Tenant mode: a resource of one listed namespace that cannot be read makes only that namespace unknown.
      const only = tenant && read.resource.namespace !== undefined && tenant.has(read.resource.namespace) ? read.resource.namespace : undefined;
      if (only) for (const layer of read.resource.layers) scopes.push(namespaceScope(layer, only, `${why}: what it holds could decide any flow touching namespace ${only}`));
      else for (const layer of read.resource.layers) unknown[layer].push(why);
      diagnostics.push({
        code: 'layer-unknown',
        severity: 'warning',
        message: read.resource.layers.length ? `${why}; ${read.resource.layers.join(' and ').toUpperCase()} verdicts are unknown` : why,
        file,
      });
    }
  }
  if (extras.l7Missing) unknown.l7.unshift(extras.l7Missing);
  for (const u of extras.discoveryUnknown ?? []) {
    for (const layer of u.layers) unknown[layer].push(u.reason);
    diagnostics.push({ code: 'layer-unknown', severity: 'warning', message: `${u.reason}; ${u.layers.join(' and ').toUpperCase()} verdicts are unknown`, file });
  }
  if (extras.stale) {
    unknown.l4.unshift(extras.stale);
    unknown.l7.unshift(extras.stale);
    diagnostics.push({ code: 'source-stale', severity: 'error', message: `${extras.stale}; L4 and L7 verdicts are unknown until it answers again`, file });
  }
  if (tenant) {
    // Every namespace the cluster has beyond --namespaces: its pods, policies and Linkerd
    // objects are not read, so every flow from or to it is unknown at both layers.
    const outside = objects.filter((o) => o.object.kind === 'Namespace').map((o) => String((o.object.metadata as { name?: unknown } | undefined)?.name ?? '')).filter((n) => n && !tenant.has(n)).sort();
    for (const ns of outside) {
      const reason = `namespace ${ns} is outside --namespaces (${[...tenant].join(', ')}): accessgraph may not read it, so its workloads and policies — even whether it has workloads — are not known`;
      scopes.push(namespaceScope('l4', ns, reason), namespaceScope('l7', ns, reason));
    }
    if (outside.length) {
      const shown = outside.length > 10 ? `${outside.slice(0, 10).join(', ')} and ${outside.length - 10} more` : outside.join(', ');
      diagnostics.push({ code: 'layer-unknown', severity: 'warning', message: `tenant mode (--namespaces ${[...tenant].join(',')}): ${outside.length} other namespace(s) are not read (${shown}); L4 and L7 verdicts of flows touching them are unknown`, file });
    }
  }
  const layer = (reasons: string[]): LayerStatus => (reasons.length ? { state: 'unknown', reason: reasons.join('; ') } : { state: 'known' });
  return { objects, diagnostics, layers: { l4: layer(unknown.l4), l7: layer(unknown.l7) }, ...(scopes.length ? { unknownScopes: scopes } : {}) };
}
