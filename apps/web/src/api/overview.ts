/** GET /api/v1/overview (the graph folded to namespaces) and the graph of one namespace pair. */
import { useQuery } from '@tanstack/react-query';
import type { Overview, SnapshotInfo } from '@accessgraph/model';
import { apiFetch } from './client.ts';
import { decodeOverview, isCompactOverview } from './overviewCompact.ts';
import { queryKeys } from './queries.ts';

export interface OverviewResponse extends Overview {
  snapshot: SnapshotInfo;
}

/**
 * `/api/v1/overview` + the view's query, asked columnar (`format=compact`, a few MB where the
 * JSON is 47 MB at 30,000 workloads) and decoded into the same answer; a server answering
 * plain JSON is read as it is.
 */
export async function fetchOverview(query: string): Promise<OverviewResponse> {
  const body = await apiFetch<unknown>(`/api/v1/overview${query ? `${query}&` : '?'}format=compact`);
  return (isCompactOverview(body) ? decodeOverview(body) : body) as OverviewResponse;
}

export function useOverview(query: string, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.all, 'overview', query] as const,
    queryFn: () => fetchOverview(query),
    placeholderData: (previous) => previous,
    enabled,
  });
}
