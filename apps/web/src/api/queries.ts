/**
 * Query keys from one factory and the hooks components use; components never call fetch.
 * Live updates: one EventSource invalidates the graph queries on every new snapshot and
 * reports which edges changed so the graph can flash them.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Cell, Diagnostic, SnapshotInfo } from '@accessgraph/model';
import { apiFetch, eventsUrl } from './client.ts';
import type { GraphResponse, GraphEdge } from '../graph/graphTypes.ts';

export const queryKeys = {
  all: ['accessgraph'] as const,
  graph: (query: string) => [...queryKeys.all, 'graph', query] as const,
  workload: (id: string) => [...queryKeys.all, 'workload', id] as const,
};

export interface WorkloadPolicy {
  role: string;
  kind: string;
  namespace: string;
  name: string;
  file?: string;
  line?: number;
  summary: string;
  yaml: string;
}

export interface WorkloadResponse {
  snapshot: SnapshotInfo;
  workload: {
    id: string;
    namespace: string;
    name: string;
    kind: string;
    labels: Record<string, string>;
    serviceAccount: string;
    meshed: boolean;
    meshedBy: string;
    ports: { name?: string; port: number; protocol: string }[];
    ips: string[];
    openToAll: string[];
    l4Isolated: boolean;
  };
  policies: { l4: WorkloadPolicy[]; l7: WorkloadPolicy[] };
  inbound: GraphEdge[];
  outbound: GraphEdge[];
  diagnostics: Diagnostic[];
}

export interface CheckResponse {
  snapshot: SnapshotInfo;
  from: string;
  to: string;
  allowed: boolean | null;
  cells: Cell[];
  service?: { namespace: string; name: string; targets: { workload: string; servicePort: number; port: number; protocol: string }[]; notes: string[] };
}

export interface CheckRequest {
  from: string;
  to: string;
  port?: number;
  protocol?: string;
}

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

export function useCheck() {
  return useMutation({ mutationFn: (req: CheckRequest) => apiFetch<CheckResponse>('/api/v1/check', { method: 'POST', body: JSON.stringify(req) }) });
}

interface ChangeSummary {
  version: number;
  added?: { id?: string; from?: string; to?: string }[];
  removed?: { id?: string; from?: string; to?: string }[];
  reclassified?: { id?: string; from?: string; to?: string }[];
}

/** Subscribes to /api/v1/events; returns the ids of edges changed by the latest snapshot. */
export function useLiveUpdates(): { changed: string[]; connected: boolean } {
  const client = useQueryClient();
  const [changed, setChanged] = useState<string[]>([]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(eventsUrl());
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('snapshot', (ev) => {
      try {
        const s = JSON.parse((ev as MessageEvent<string>).data) as ChangeSummary;
        const ids = [...(s.added ?? []), ...(s.reclassified ?? [])].map((c) => c.id ?? `${c.from}->${c.to}`);
        setChanged(ids);
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
