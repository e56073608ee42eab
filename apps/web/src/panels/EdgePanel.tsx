/**
 * An edge: per-port verdicts with the reasons from /api/v1/check, the port L4 decided on
 * (4143 for meshed traffic) and the identities the L7 policy authorizes.
 */
import { useCheck } from '../api/queries.ts';
import type { GraphEdge } from '../graph/graphTypes.ts';
import type { Protocol } from '@accessgraph/model';
import { EDGE_LOOKS } from '../graph/edgeClasses.ts';
import { VerdictView } from './VerdictView.tsx';

export function EdgePanel({ edges }: { edges: GraphEdge[] }) {
  if (edges.length === 0) return <p>This edge is no longer in the graph.</p>;
  return (
    <section aria-label="Edge" data-testid="edge-panel">
      {edges.map((e) => (
        <EdgeDetail key={e.id} edge={e} />
      ))}
    </section>
  );
}

function EdgeDetail({ edge }: { edge: GraphEdge }) {
  return (
    <article className="edge-detail">
      <h2>
        {edge.from} → {edge.to}
      </h2>
      <p data-testid="edge-class" data-class={edge.class}>
        {EDGE_LOOKS[edge.class].label}: {EDGE_LOOKS[edge.class].description}
        {edge.mixed ? ' (ports differ; the weakest is shown)' : ''}
      </p>
      {edge.ports.map((p) => (
        <PortVerdict key={`${p.port}/${p.protocol}`} from={edge.from} to={edge.to} port={p.port} protocol={p.protocol} l4Port={p.l4Port} proxyPortBlocked={p.proxyPortBlocked === true} />
      ))}
    </article>
  );
}

interface PortVerdictProps {
  from: string;
  to: string;
  port: number;
  protocol: Protocol;
  l4Port: number;
  proxyPortBlocked: boolean;
}

function PortVerdict({ from, to, port, protocol, l4Port, proxyPortBlocked }: PortVerdictProps) {
  const check = useCheck({ from, to, port, protocol });
  const cell = check.data?.cells[0];
  const server = cell?.reasons.l7.find((r) => r.role === 'server');
  return (
    <div className="port-verdict" data-testid={`port-${port}`}>
      <h3>
        {port}/{protocol} <span className="muted">(L4 decided on {l4Port})</span>
      </h3>
      {proxyPortBlocked && (
        <p className="proxy-port-blocked" data-testid="proxy-port-blocked">
          ⚠ Blocked on {l4Port}: a NetworkPolicy rule admits this client on {port}, but both workloads are meshed, so the connection reaches the CNI on the proxy&apos;s
          inbound port {l4Port}, which no rule admits for it. Admit {l4Port}/TCP from this client, and let Linkerd policy guard {port}.
        </p>
      )}
      {check.isError && <p role="alert">{check.error.message}</p>}
      {cell ? <VerdictView cell={cell} /> : <p>Loading verdict…</p>}
      {server && <p className="identities" data-testid="authorized-identities">{server.text}</p>}
    </div>
  );
}
