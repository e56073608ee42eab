/**
 * The overview's data: `/api/v1/overview` first (namespaces and pairs, never the edge list), the
 * workload-level graph of each expanded namespace only (`/api/v1/graph?namespace=NS`), and the
 * findings (`/api/v1/diagnostics`) for the Findings panel. Keys under queryKeys.all, so a live
 * update refetches them like the graph.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import type { Diagnostic, SnapshotInfo } from '@accessgraph/model';
import { apiFetch } from '../api/client.ts';
import { queryKeys } from '../api/queries.ts';
import type { GraphResponse } from './graphTypes.ts';
import type { OverviewResponse } from './overview.ts';

export function useOverview(query: string, enabled = true) {
  return useQuery({ queryKey: [...queryKeys.all, 'overview', query], queryFn: () => apiFetch<OverviewResponse>(`/api/v1/overview${query}`), placeholderData: (previous) => previous, enabled, retry: false });
}

/** `?a=b` + namespace=NS: the view's filters, narrowed to one namespace. */
export function namespaceQuery(query: string, ns: string): string {
  const q = new URLSearchParams(query);
  q.delete('namespace');
  q.append('namespace', ns);
  return `?${q.toString()}`;
}

/**
 * The graph of each namespace. `withDiagnostics: false` (the overview, which reads every finding
 * from /api/v1/diagnostics) asks the server to leave them out: at 10,000 workloads the findings
 * naming a namespace's ~1,300 neighbours are 4.8 of its 5.2 MB.
 */
export function useNamespaceGraphs(namespaces: readonly string[], query: string, withDiagnostics = true) {
  return useQueries({
    queries: namespaces.map((ns) => {
      const q = namespaceQuery(query, ns) + (withDiagnostics ? '' : '&diagnostics=false');
      return { queryKey: queryKeys.graph(q), queryFn: () => apiFetch<GraphResponse>(`/api/v1/graph${q}`), placeholderData: (previous: GraphResponse | undefined) => previous };
    }),
  });
}

export function useDiagnostics(enabled: boolean) {
  return useQuery({ queryKey: [...queryKeys.all, 'diagnostics'], queryFn: () => apiFetch<{ snapshot: SnapshotInfo; diagnostics: Diagnostic[] }>('/api/v1/diagnostics'), enabled });
}
