/** GET /api/v1/overview (the graph folded to namespaces) and the graph of one namespace pair. */
import { useQuery } from '@tanstack/react-query';
import type { Overview, SnapshotInfo } from '@accessgraph/model';
import { apiFetch } from './client.ts';
import { queryKeys } from './queries.ts';

export interface OverviewResponse extends Overview {
  snapshot: SnapshotInfo;
}

export function useOverview(query: string, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.all, 'overview', query] as const,
    queryFn: () => apiFetch<OverviewResponse>(`/api/v1/overview${query}`),
    placeholderData: (previous) => previous,
    enabled,
  });
}
