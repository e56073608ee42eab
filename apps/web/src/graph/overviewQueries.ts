/**
 * The overview's data: `/api/v1/overview` first (namespaces and pairs, never the edge list), the
 * workload-level graph of each expanded namespace only (`/api/v1/graph?namespace=NS`), and the
 * findings (`/api/v1/diagnostics`) for the Findings panel. Keys under queryKeys.all, so a live
 * update refetches them like the graph.
 *
 * A namespace's graph is also fetched before it is expanded: when its box is hovered for a
 * moment, selected (the first click of a double-click), or double-clicked (the request starts in
 * the event handler, not after React has re-rendered). The cache keeps the most recently asked
 * NAMESPACE_GRAPHS_KEPT of them that nothing shows (a 10,000-workload cluster's namespace graph is
 * 1.5 MB decoded); those still drawn are never dropped.
 */
import { useCallback, useMemo } from 'react';
import { useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Diagnostic, SnapshotInfo } from '@accessgraph/model';
import { apiFetch } from '../api/client.ts';
import { fetchOverview } from '../api/overview.ts';
import { queryKeys } from '../api/queries.ts';
import type { GraphResponse } from './graphTypes.ts';
import type { OverviewResponse } from './overview.ts';

export function useOverview(query: string, enabled = true) {
  return useQuery({ queryKey: [...queryKeys.all, 'overview', query], queryFn: () => fetchOverview(query) as Promise<OverviewResponse>, placeholderData: (previous) => previous, enabled, retry: false });
}

/** `?a=b` + namespace=NS: the view's filters, narrowed to one namespace. */
export function namespaceQuery(query: string, ns: string): string {
  const q = new URLSearchParams(query);
  q.delete('namespace');
  q.append('namespace', ns);
  return `?${q.toString()}`;
}

/** The namespace a namespace-graph query key asks for (its last element is the URL query). */
export function namespaceOfGraphKey(key: readonly unknown[]): string | undefined {
  const q = key[key.length - 1];
  return typeof q === 'string' ? (new URLSearchParams(q).get('namespace') ?? undefined) : undefined;
}

/** How many namespace graphs the cache keeps beyond those drawn. */
export const NAMESPACE_GRAPHS_KEPT = 8;

/**
 * A namespace graph stays fresh this long: a live update invalidates it anyway (queries.ts), so
 * mounting the expansion after a prefetch does not ask again.
 */
const NAMESPACE_GRAPH_FRESH_MS = 60_000;

/** The query of one namespace's graph: the same key and function for useQueries and a prefetch. */
export function namespaceGraphQuery(ns: string, query: string, withDiagnostics: boolean) {
  const q = namespaceQuery(query, ns) + (withDiagnostics ? '' : '&diagnostics=false');
  return { queryKey: queryKeys.graph(q), queryFn: () => apiFetch<GraphResponse>(`/api/v1/graph${q}`), staleTime: NAMESPACE_GRAPH_FRESH_MS };
}

/**
 * Least recently asked first: `key` moved to the end; the keys beyond `limit` from the front
 * are returned as evicted (the caller drops only those nothing shows).
 */
export function touchRecent(recent: readonly string[], key: string, limit: number): { recent: string[]; evicted: string[] } {
  const next = [...recent.filter((k) => k !== key), key];
  const over = Math.max(0, next.length - limit);
  return { recent: next.slice(over), evicted: next.slice(0, over) };
}

/** Per query client: the namespace-graph keys asked, least recent first. */
const recentOf = new WeakMap<QueryClient, { keys: string[]; byKey: Map<string, readonly unknown[]> }>();

function remember(client: QueryClient, queryKey: readonly unknown[]): void {
  const state = recentOf.get(client) ?? { keys: [], byKey: new Map() };
  recentOf.set(client, state);
  const id = JSON.stringify(queryKey);
  state.byKey.set(id, queryKey);
  const { recent, evicted } = touchRecent(state.keys, id, NAMESPACE_GRAPHS_KEPT);
  state.keys = recent;
  for (const id of evicted) {
    const key = state.byKey.get(id)!;
    const cached = client.getQueryCache().find({ queryKey: key, exact: true });
    // Still drawn (an expanded namespace): kept, and asked again as the most recent.
    if (cached && cached.getObserversCount() > 0) {
      state.keys.push(id);
      continue;
    }
    state.byKey.delete(id);
    client.removeQueries({ queryKey: key, exact: true });
  }
}

/**
 * `prefetch` starts fetching a namespace's graph (nothing when it is cached and fresh); `fetch`
 * does the same and settles when the graph is in the cache (resolves either way: a failed
 * request leaves its error in the query, where the expansion shows it).
 */
export function usePrefetchNamespace(query: string, withDiagnostics: boolean): { prefetch(ns: string): void; fetch(ns: string): Promise<void> } {
  const client = useQueryClient();
  const fetch = useCallback(
    (ns: string) => {
      const q = namespaceGraphQuery(ns, query, withDiagnostics);
      remember(client, q.queryKey);
      return client.prefetchQuery(q);
    },
    [client, query, withDiagnostics],
  );
  const prefetch = useCallback((ns: string) => void fetch(ns), [fetch]);
  return useMemo(() => ({ prefetch, fetch }), [prefetch, fetch]);
}

/**
 * The graph of each namespace. `withDiagnostics: false` (the overview, which reads every finding
 * from /api/v1/diagnostics) asks the server to leave them out: at 10,000 workloads the findings
 * naming a namespace's ~1,300 neighbours are 4.8 of its 5.2 MB.
 */
export function useNamespaceGraphs(namespaces: readonly string[], query: string, withDiagnostics = true) {
  return useQueries({
    queries: namespaces.map((ns) => ({
      ...namespaceGraphQuery(ns, query, withDiagnostics),
      // While a filter change refetches, the namespace keeps its previous graph — its own only:
      // useQueries hands each position's previous query, which is another namespace's when the
      // list of expanded namespaces changed.
      placeholderData: (previous: GraphResponse | undefined, previousQuery?: { queryKey: readonly unknown[] }) =>
        previousQuery && namespaceOfGraphKey(previousQuery.queryKey) === ns ? previous : undefined,
    })),
  });
}

export function useDiagnostics(enabled: boolean) {
  return useQuery({ queryKey: [...queryKeys.all, 'diagnostics'], queryFn: () => apiFetch<{ snapshot: SnapshotInfo; diagnostics: Diagnostic[] }>('/api/v1/diagnostics'), enabled });
}
