/**
 * Diagnostics and cross-layer findings grouped by severity; each links to the workloads it
 * concerns (selecting one focuses the graph on it).
 */
import { memo, useState } from 'react';
import { SEVERITIES, type Diagnostic } from '@accessgraph/model';
import type { Flow } from '../graph/elementData.ts';

/** Findings shown per severity before "show all": a big cluster has thousands. */
export const FINDINGS_PAGE = 50;

/** What a finding lights up on the graph: its workloads and every drawn edge between them. */
export function findingHighlight(workloads: readonly string[]): Flow[] {
  const ids = workloads.slice(0, 8);
  const out: Flow[] = [];
  for (const a of ids) for (const b of ids) if (a !== b) out.push({ from: a, to: b });
  // A single workload: the highlight names it as both ends (no edge, the node lights up).
  return out.length > 0 ? out : ids.map((w) => ({ from: w, to: w }));
}

/** Memoised: thousands of findings at 10,000 workloads, re-rendered only when they (or the callbacks) change. */
export const FindingsPanel = memo(function FindingsPanel({ diagnostics, onSelectWorkload, onHighlight }: { diagnostics: Diagnostic[]; onSelectWorkload(id: string): void; onHighlight(flows: Flow[]): void }) {
  const [showAll, setShowAll] = useState<Record<string, boolean>>({});
  if (diagnostics.length === 0) return <p className="muted">No findings.</p>;
  return (
    <section aria-label="Findings" data-testid="findings-panel">
      {SEVERITIES.map((sev) => {
        const all = diagnostics.filter((d) => d.severity === sev);
        if (all.length === 0) return null;
        const items = showAll[sev] ? all : all.slice(0, FINDINGS_PAGE);
        return (
          <details key={sev} open={sev !== 'info'}>
            <summary>
              {sev === 'error' ? 'Errors' : sev === 'warning' ? 'Warnings' : 'Info'} ({all.length})
            </summary>
            <ul>
              {items.map((d, i) => {
                const o = d.object;
                const where = o?.file ?? d.file;
                return (
                  <li key={i} className={`finding sev-${sev}`} data-code={d.code}>
                    <strong>{d.code}</strong>
                    {o && (
                      <span className="finding-object">
                        {' '}
                        {o.kind} {o.namespace ? `${o.namespace}/` : ''}
                        {o.name}
                      </span>
                    )}
                    {where && (
                      <span className="muted">
                        {' '}
                        ({where}
                        {(o?.line ?? d.line) ? `:${o?.line ?? d.line}` : ''})
                      </span>
                    )}
                    <p>{d.message}</p>
                    {d.workloads && d.workloads.length > 0 && (
                      <p className="finding-links">
                        <button type="button" className="link" data-testid="finding-show" onClick={() => onHighlight(findingHighlight(d.workloads!))}>
                          Show on graph
                        </button>
                        {d.workloads.slice(0, 8).map((w) => (
                          <button key={w} type="button" className="link" onClick={() => onSelectWorkload(w)}>
                            {w}
                          </button>
                        ))}
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
            {items.length < all.length && (
              <button type="button" onClick={() => setShowAll({ ...showAll, [sev]: true })} data-testid={`findings-more-${sev}`}>
                Show all {all.length}
              </button>
            )}
          </details>
        );
      })}
    </section>
  );
});
