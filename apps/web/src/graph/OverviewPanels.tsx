/**
 * Side panels for the overview's own elements: a namespace's posture (from /api/v1/overview)
 * with its expand button, and a pair edge (how many workload pairs of that class, ports).
 */
import { EDGE_CLASSES } from '@accessgraph/model';
import { EDGE_LOOKS } from './edgeClasses.ts';
import type { OverviewLike } from './overview.ts';
import type { PairEdgeData } from './elementData.ts';

const COVERAGE_TEXT = { all: 'every workload', some: 'some workloads', none: 'no workload', unknown: 'unknown (a layer could not be read)' } as const;

export function OverviewNamespacePanel({ overview, name, expanded, onToggle }: { overview: OverviewLike; name: string; expanded: boolean; onToggle(ns: string): void }) {
  const ns = overview.namespaces.find((n) => n.name === name);
  if (!ns) return <p>Namespace {name} is not in the graph.</p>;
  const p = ns.posture;
  const out = overview.pairs.filter((x) => x.from === name && x.to !== name);
  const inbound = overview.pairs.filter((x) => x.to === name && x.from !== name);
  const inside = overview.pairs.find((x) => x.from === name && x.to === name);
  return (
    <section aria-label={`Namespace ${name}`} data-testid="namespace-panel">
      <h2>Namespace {name}</h2>
      <ul data-testid="namespace-posture">
        <li>{ns.workloads} workloads, {ns.meshedWorkloads} meshed (mTLS)</li>
        <li>L4 default deny, ingress: {COVERAGE_TEXT[p.ingressDefaultDeny]}; egress: {COVERAGE_TEXT[p.egressDefaultDeny]}</li>
        <li>Linkerd default inbound policy: {p.l7DefaultPolicy}</li>
        <li>{p.openPorts} ports open to every workload</li>
        <li>
          Findings: {p.findings.error} errors, {p.findings.warning} warnings, {p.findings.info} info
        </li>
        <li>
          Flows out to {out.length} namespaces ({out.reduce((n, x) => n + x.flows, 0)} workload pairs), in from {inbound.length} ({inbound.reduce((n, x) => n + x.flows, 0)}), {inside?.flows ?? 0} inside
        </li>
      </ul>
      <button type="button" onClick={() => onToggle(name)} data-testid="toggle-namespace">
        {expanded ? 'Collapse' : 'Expand: show its workloads and their neighbours'}
      </button>
    </section>
  );
}

/** `parsed`: the selected pair edge's data (elementData.ts), undefined when it is not drawn. */
export function OverviewPairPanel({ overview, pair: parsed }: { overview: OverviewLike; pair: Pick<PairEdgeData, 'from' | 'to' | 'cls'> | undefined }) {
  const pair = parsed && overview.pairs.find((x) => x.from === parsed.from && x.to === parsed.to);
  if (!parsed || !pair) return <p>This edge is no longer in the graph.</p>;
  return (
    <section aria-label="Namespace pair" data-testid="pair-panel">
      <h2>
        {pair.from} → {pair.to}
      </h2>
      <p>
        {pair.counts[parsed.cls]} workload pairs {EDGE_LOOKS[parsed.cls].label} ({EDGE_LOOKS[parsed.cls].badge}); all classes: {pair.flows} workload pairs, {pair.ports} workload pair × port entries.
      </p>
      <ul>
        {EDGE_CLASSES.filter((c) => pair.counts[c] > 0).map((c) => (
          <li key={c}>
            {EDGE_LOOKS[c].label}: {pair.counts[c]}
          </li>
        ))}
      </ul>
      <p className="muted">Expand either namespace to see the workload edges and their per-port verdicts. With one of them expanded this edge is their bundle: hover or select one of its workloads, or the other namespace's box, to draw them.</p>
    </section>
  );
}
