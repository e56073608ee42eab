/**
 * A workload: labels, service account, mesh status, ports, the policies selecting it at each
 * layer (with their YAML), and its findings.
 */
import { useWorkload, type WorkloadPolicy } from '../api/queries.ts';
import { directionsLabel } from './policyDirections.ts';
import { reachabilityRows } from './reachability.ts';
import { ReachabilityTable } from './ReachabilityTable.tsx';

export function WorkloadPanel({ id, onFocus, openToAllOf }: { id: string; onFocus(id: string): void; openToAllOf?: (id: string) => readonly string[] }) {
  const q = useWorkload(id);
  // An id from a hand-edited URL that names no workload: say so instead of loading forever.
  if (!id.includes('/')) return <p role="alert">“{id}” is not a workload id (namespace/name).</p>;
  if (q.isPending) return <p>Loading {id}…</p>;
  if (q.isError) return <p role="alert">Could not load {id}: {q.error.message}</p>;
  const { workload: w, policies, diagnostics, inbound, outbound, openSummarised } = q.data;
  return (
    <section aria-label={`Workload ${w.id}`} data-testid="workload-panel">
      <h2>
        {w.kind} {w.id}
      </h2>
      <button type="button" onClick={() => onFocus(w.id)}>
        Focus neighbourhood
      </button>
      <dl className="facts">
        <dt>Service account</dt>
        <dd>{w.serviceAccount}</dd>
        <dt>Meshed</dt>
        <dd data-testid="meshed">{w.meshed ? `yes (${w.meshedBy})` : 'no'}</dd>
        <dt>Ports</dt>
        <dd>{w.ports.map((p) => `${p.name ? p.name + ' ' : ''}${p.port}/${p.protocol}`).join(', ') || 'none declared'}</dd>
        <dt>Ingress isolated (L4)</dt>
        <dd>{w.l4Isolated ? 'yes' : 'no'}</dd>
        <dt>Open to all</dt>
        <dd>{w.openToAll.join(', ') || 'no port'}</dd>
        <dt>IPs</dt>
        <dd>{w.ips.join(', ') || 'unknown'}</dd>
        <dt>Labels</dt>
        <dd>
          {Object.entries(w.labels).map(([k, v]) => (
            <code key={k} className="label">
              {k}={v}
            </code>
          ))}
        </dd>
      </dl>
      {openSummarised && (
        <p className="banner banner-info" data-testid="open-summarised">
          This cluster is too big to list every flow of ports open to all: its own open ports are one “every workload” row each, and flows to other workloads’ open ports are not listed (see each destination’s “open to all”; Check answers any one flow).
        </p>
      )}
      <ReachabilityTable workload={w.id} rows={reachabilityRows(inbound, outbound, w.openToAll, openToAllOf)} />
      <PolicyList title="L4 — policies selecting it (NetworkPolicy, admin tiers)" items={policies.l4} />
      <PolicyList title="L7 — Linkerd policy guarding it" items={policies.l7} />
      {diagnostics.length > 0 && (
        <>
          <h3>Findings</h3>
          <ul>
            {diagnostics.map((d, i) => (
              <li key={i} className={`sev-${d.severity}`}>
                <strong>{d.code}</strong> {d.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PolicyList({ title, items }: { title: string; items: WorkloadPolicy[] }) {
  return (
    <>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        items.map((p) => (
          <details key={`${p.kind}/${p.namespace}/${p.name}/${p.role}`}>
            <summary>
              {p.directions && (
                <span className="policy-directions" data-testid="policy-directions">
                  [{directionsLabel(p.directions)}]{' '}
                </span>
              )}
              {p.kind} {p.namespace ? `${p.namespace}/` : ''}
              {p.name} — {p.summary}
              {p.file ? ` (${p.file}${p.line ? ':' + p.line : ''})` : ''}
            </summary>
            <pre>{p.yaml}</pre>
          </details>
        ))
      )}
    </>
  );
}
