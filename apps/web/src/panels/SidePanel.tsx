/** One dispatcher: the selection decides which panel shows; panels take props only. */
import type { GraphResponse } from '../graph/graphTypes.ts';
import type { Selection } from '../state/viewState.ts';
import { EdgePanel } from './EdgePanel.tsx';
import { WorkloadPanel } from './WorkloadPanel.tsx';

export function SidePanel({ selection, graph, onFocus, onToggleNamespace }: { selection: Selection; graph: GraphResponse; onFocus(id: string): void; onToggleNamespace(ns: string): void }) {
  if (!selection) return <p className="muted">Select a workload, a namespace or an edge to see why.</p>;
  if (selection.kind === 'workload') return <WorkloadPanel id={selection.id} onFocus={onFocus} openToAllOf={(id) => graph.nodes.find((n) => n.id === id)?.openToAll ?? []} />;
  if (selection.kind === 'namespace') {
    const ns = graph.namespaces.find((n) => n.name === selection.id);
    if (!ns) return <p>Namespace {selection.id} is not in the graph.</p>;
    return (
      <section aria-label={`Namespace ${ns.name}`} data-testid="namespace-panel">
        <h2>Namespace {ns.name}</h2>
        <p>
          {ns.workloadCount} workloads · {ns.meshed ? 'meshed' : 'not (fully) meshed'} · {ns.openWorkloads} with ingress open to all
          {ns.implicit ? ' · not in the input (implicit)' : ''}
        </p>
        <button type="button" onClick={() => onToggleNamespace(ns.name)} data-testid="toggle-namespace">
          Collapse / expand
        </button>
      </section>
    );
  }
  const ids = selection.id.startsWith('agg:') ? graph.edges.filter((e) => aggregatedMembers(selection.id, graph).includes(e.id)) : graph.edges.filter((e) => e.id === selection.id);
  return <EdgePanel edges={ids} />;
}

/** Members of an aggregated edge `agg:ns:a->b/db`: the graph edges whose ends map to its ends. */
function aggregatedMembers(aggId: string, graph: GraphResponse): string[] {
  const [src, dst] = aggId.slice(4).split('->') as [string, string];
  const matches = (end: string, id: string) => (end.startsWith('ns:') ? id.startsWith(end.slice(3) + '/') : id === end);
  return graph.edges.filter((e) => matches(src, e.from) && matches(dst, e.to)).map((e) => e.id);
}
