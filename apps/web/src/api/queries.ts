/**
 * Query keys from one factory and the hooks components use; components never call fetch.
 * Live updates: one EventSource invalidates the graph queries on every new snapshot and
 * reports which edges changed so the graph can flash them.
 */
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
// Type-only: the API's TypeBox schemas are the response types; no server code reaches the bundle.
import type { CheckBody, CheckResponse } from '../../../api/src/schemas/check.ts';
import type { WorkloadPolicy, WorkloadResponse } from '../../../api/src/schemas/workload.ts';
import type { SnapshotResponse, SourceOrigin } from '../../../api/src/schemas/snapshot.ts';
import type { ChangeSummary } from '../../../api/src/schemas/events.ts';
import { apiFetch, eventsUrl } from './client.ts';
import type { GraphResponse } from '../graph/graphTypes.ts';
import type { Flow } from '../graph/elementData.ts';

export type { CheckBody, CheckResponse, SnapshotResponse, SourceOrigin, WorkloadPolicy, WorkloadResponse };

export const queryKeys = {
  all: ['accessgraph'] as const,
  graph: (query: string) => [...queryKeys.all, 'graph', query] as const,
  workload: (id: string) => [...queryKeys.all, 'workload', id] as const,
  snapshot: () => [...queryKeys.all, 'snapshot'] as const,
  check: (req: CheckBody) => [...queryKeys.all, 'check', req.from, req.to, req.port ?? null, req.protocol ?? null] as const,
};

export function useGraph(query: string, enabled = true) {
  return useQuery({ queryKey: queryKeys.graph(query), queryFn: () => apiFetch<GraphResponse>(`/api/v1/graph${query}`), placeholderData: (previous) => previous, enabled });
}

export function useWorkload(id: string | null) {
  return useQuery({
    queryKey: queryKeys.workload(id ?? ''),
    // `ns/name`, or `ns/kind/name` when two kinds share a name: each segment is a path segment.
    // includeOpen: the reachability table lists the clients of ports open to all too.
    queryFn: () => apiFetch<WorkloadResponse>(`/api/v1/workloads/${(id ?? '').split('/').map(encodeURIComponent).join('/')}?includeOpen=true`),
    enabled: !!id && id.includes('/'),
  });
}

/** One question's verdicts, cached per question (an edge's ports ask the same ones again). */
export function useCheck(req: CheckBody | null) {
  return useQuery({
    queryKey: req ? queryKeys.check(req) : [...queryKeys.all, 'check', null],
    queryFn: () => apiFetch<CheckResponse>('/api/v1/check', { method: 'POST', body: JSON.stringify(req) }),
    enabled: req !== null,
  });
}

/** What the server holds: the source (as data), counts of the whole snapshot. */
export function useSnapshot() {
  return useQuery({ queryKey: queryKeys.snapshot(), queryFn: () => apiFetch<SnapshotResponse>('/api/v1/snapshot') });
}

/** Subscribes to /api/v1/events; returns the flows changed by the latest snapshot. */
export function useLiveUpdates(): { changed: Flow[]; connected: boolean } {
  const client = useQueryClient();
  const [changed, setChanged] = useState<Flow[]>([]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(eventsUrl());
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('snapshot', (ev) => {
      try {
        const s = JSON.parse((ev as MessageEvent<string>).data) as Partial<ChangeSummary>;
        setChanged([...(s.added ?? []), ...(s.reclassified ?? [])].map((c) => ({ from: c.from, to: c.to })));
      } catch {
        setChanged([]);
      }
      void client.invalidateQueries({ queryKey: queryKeys.all });
    });
    source.addEventListener('status', () => void client.invalidateQueries({ queryKey: queryKeys.all }));
    return () => source.close();
  }, [client]);
  return { changed, connected };
}
