/** One dispatcher: the selection decides which panel shows; panels take props only. */
import type { GraphResponse } from '../graph/graphTypes.ts';
import type { EdgeData } from '../graph/elementData.ts';
import type { Selection } from '../state/viewState.ts';
import { EdgePanel } from './EdgePanel.tsx';
import { WorkloadPanel } from './WorkloadPanel.tsx';

/** `edge`: the selected edge's element data (its members), when it is drawn. */
export function SidePanel({ selection, graph, edge, onFocus, onToggleNamespace }: { selection: Selection; graph: GraphResponse; edge?: EdgeData | undefined; onFocus(id: string): void; onToggleNamespace(ns: string): void }) {
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
  // A drawn edge names the API edges it stands for; an edge not drawn (yet) is looked up by its API id.
  const ids = new Set(edge?.kind === 'flow' ? edge.members.map((m) => m.id) : [selection.id]);
  return <EdgePanel edges={graph.edges.filter((e) => ids.has(e.id))} />;
}
