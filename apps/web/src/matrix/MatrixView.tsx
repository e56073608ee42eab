/**
 * The matrix view: namespace × namespace (sources in rows, destinations in columns), each cell
 * drawn as its worst class — colour, pattern and text (`⚠`, `?`, `open`, `L4`, `L7`, `L4+L7`)
 * with the flow count — sortable, and opening into the workload × workload matrix of that pair,
 * whose cells jump to the graph. A grid: one Tab stop, arrow keys move, Enter opens.
 *
 * Data: a graph in hand (small clusters) is folded here, so find expressions apply to every
 * workload; otherwise /api/v1/overview answers and the expression's namespace terms are applied
 * to its pairs (class and port terms go to the API); the rest says it needs the workloads.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { EdgeClass } from '@accessgraph/model';
import { EDGE_LOOKS } from '../graph/edgeClasses.ts';
import type { GraphEdge, GraphNode } from '../graph/graphTypes.ts';
import { useOverview, type OverviewResponse } from '../api/overview.ts';
import { useGraph } from '../api/queries.ts';
import { applyFind, pairPlan, type FindExpr } from '../state/findExpr.ts';
import { withSensitive } from '../state/sensitiveSetting.ts';
import type { ViewState } from '../state/viewState.ts';
import { describeCounts, foldEdges, MATRIX_SORTS, orderAxes, pairsBySource, parsePair, risk, rowCells, SORT_LABELS, workloadMatrix, worstClass, type MatrixPair, type MatrixSort } from './matrixModel.ts';
import './matrix.css';

/** Short text per class, for narrow cells (the legend spells them out). */
export const CELL_BADGE: Record<EdgeClass, string> = { both: 'L4+L7', 'l4-only': 'L4', 'l7-only': 'L7', none: 'open', conflict: '⚠', unknown: '?' };

const ROWS_PER_PAGE = 40;
const COLS_PER_PAGE = 18;

export interface MatrixViewProps {
  view: ViewState;
  onChange(next: Partial<ViewState>): void;
  /** The graph with the view's filters, find and sensitive setting applied, when loaded; null at sizes where it is not. */
  graph: { nodes: GraphNode[]; edges: GraphEdge[]; namespaces: { name: string }[] } | null;
  expr: FindExpr | null;
  /** The /api/v1/graph query of the view's filters. */
  apiQuery: string;
}

export function MatrixView(props: MatrixViewProps) {
  const pair = parsePair(props.view.pair);
  return pair ? <PairMatrix {...props} from={pair.from} to={pair.to} /> : <NamespaceMatrix {...props} />;
}

/** The view's API query narrowed by the expression's classes and ports; null when nothing can match. */
function mergeQuery(apiQuery: string, protections: EdgeClass[] | null, ports: string[] | null): string | null {
  const q = new URLSearchParams(apiQuery);
  if (protections) {
    const current = q.getAll('protection');
    const next = current.length ? protections.filter((c) => current.includes(c)) : protections;
    if (next.length === 0) return null;
    q.delete('protection');
    for (const c of next) q.append('protection', c);
  }
  if (ports) {
    const current = q.getAll('port');
    const next = current.length ? ports.filter((p) => current.includes(p)) : ports;
    if (next.length === 0) return null;
    q.delete('port');
    for (const p of next) q.append('port', p);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

function postureText(ns: OverviewResponse['namespaces'][number] | undefined): string {
  if (!ns) return '';
  const p = ns.posture;
  const f = p.findings;
  return `${ns.workloads} workloads (${ns.meshedWorkloads} meshed) · ingress default deny: ${p.ingressDefaultDeny} · egress: ${p.egressDefaultDeny} · Linkerd default: ${p.l7DefaultPolicy} · ports open to all: ${p.openPorts} · findings: ${f.error} error, ${f.warning} warning, ${f.info} info`;
}

/** Roving focus over `td[data-r][data-c]` cells: arrows, Home/End. */
function useGridKeys() {
  const tableRef = useRef<HTMLTableElement | null>(null);
  const [active, setActive] = useState<[number, number]>([0, 0]);
  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    let [r, c] = active;
    if (moves[e.key]) {
      r += moves[e.key]![0];
      c += moves[e.key]![1];
    } else if (e.key === 'Home') c = 0;
    else if (e.key === 'End') c = Number.MAX_SAFE_INTEGER;
    else return;
    e.preventDefault();
    const cells = tableRef.current?.querySelectorAll<HTMLElement>('td[data-r]') ?? [];
    let best: HTMLElement | null = null;
    for (const cell of cells) {
      const cr = Number(cell.dataset.r);
      const cc = Number(cell.dataset.c);
      if (cr === Math.max(0, r) && cc <= Math.max(0, c)) best = cell;
    }
    if (best) {
      setActive([Number(best.dataset.r), Number(best.dataset.c)]);
      best.focus();
    }
  };
  return { tableRef, active, setActive, onKeyDown };
}

function NamespaceMatrix({ view, onChange, graph, expr, apiQuery }: MatrixViewProps) {
  const plan = useMemo(() => (expr ? pairPlan(expr) : null), [expr]);
  const overviewQuery = graph ? apiQuery : mergeQuery(apiQuery, plan?.protections ?? null, plan?.ports ?? null);
  // Namespace posture for the heads comes from the view's own query; the cells from the narrowed one.
  const overview = useOverview(overviewQuery ?? apiQuery);
  const nothing = overviewQuery === null;
  const [rowStart, setRowStart] = useState(0);
  const [colStart, setColStart] = useState(0);
  const { tableRef, active, setActive, onKeyDown } = useGridKeys();

  const { namespaces, pairs, note } = useMemo((): { namespaces: string[]; pairs: MatrixPair[]; note: string | null } => {
    if (graph) return { namespaces: graph.namespaces.map((n) => n.name), pairs: foldEdges(graph.edges), note: null };
    const o = overview.data;
    if (!o) return { namespaces: [], pairs: [], note: null };
    const names = o.namespaces.map((n) => n.name).filter((n) => !plan?.namespaceHidden(n));
    const kept = nothing ? [] : plan ? o.pairs.filter((p) => plan.pair(p.from, p.to)) : o.pairs;
    const note = plan?.needsWorkloads.length
      ? `Not applied here (they need every workload, which this view does not load at this size): ${plan.needsWorkloads.join(' ')}. They apply in a namespace pair's workload matrix and on the graph.`
      : null;
    return { namespaces: names, pairs: kept, note };
  }, [graph, overview.data, plan, nothing]);

  // Cells are looked up for the rows on screen only (40 of ~1,200 at 30,000 workloads): the pairs by source once, a row's by destination when drawn.
  const bySource = useMemo(() => pairsBySource(pairs), [pairs]);
  const posture = useMemo(() => new Map((overview.data?.namespaces ?? []).map((n) => [n.name, n])), [overview.data]);
  const { rows, cols } = useMemo(() => orderAxes(namespaces, pairs, view.sort), [namespaces, pairs, view.sort]);
  const shownRows = rows.slice(rowStart, rowStart + ROWS_PER_PAGE);
  const shownCols = cols.slice(colStart, colStart + COLS_PER_PAGE);
  const totals = useMemo(() => pairs.reduce((t, p) => ({ flows: t.flows + p.flows, risky: t.risky + risk(p.counts) }), { flows: 0, risky: 0 }), [pairs]);

  if (overview.isError && !graph) return <p className="banner banner-error" role="alert">Could not load the namespace overview: {overview.error.message}</p>;
  if (!graph && !overview.data) return <p className="matrix-loading">Loading the namespace overview…</p>;

  const pager = (label: string, start: number, total: number, per: number, set: (n: number) => void, testId: string) =>
    total > per && (
      <span className="pager" data-testid={testId}>
        {label} {start + 1}–{Math.min(total, start + per)} of {total}
        <button type="button" disabled={start === 0} onClick={() => set(Math.max(0, start - per))} aria-label={`Previous ${label.toLowerCase()}`}>
          ◂
        </button>
        <button type="button" disabled={start + per >= total} onClick={() => set(start + per)} aria-label={`Next ${label.toLowerCase()}`}>
          ▸
        </button>
      </span>
    );

  return (
    <section className="matrix" aria-label="Namespace matrix" data-testid="matrix">
      <div className="matrix-controls">
        <label>
          Sort by
          <select
            value={view.sort}
            data-testid="matrix-sort"
            onChange={(e) => {
              setRowStart(0);
              setColStart(0);
              onChange({ sort: e.target.value as MatrixSort });
            }}
          >
            {MATRIX_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" data-testid="matrix-summary">
          {namespaces.length} namespaces · {pairs.length} namespace pairs with flows · {totals.flows} workload flows, {totals.risky} open, conflicting or unknown
        </span>
        {pager('Rows', rowStart, rows.length, ROWS_PER_PAGE, setRowStart, 'matrix-rows-pager')}
        {pager('Columns', colStart, cols.length, COLS_PER_PAGE, setColStart, 'matrix-cols-pager')}
      </div>
      {note && (
        <p className="banner banner-info" data-testid="matrix-find-note">
          {note}
        </p>
      )}
      <div className="matrix-scroll">
        <table className="matrix-table" role="grid" aria-label="Namespaces: sources in rows, destinations in columns; each cell is the worst class of the flows between them and their number" ref={tableRef} onKeyDown={onKeyDown}>
          <thead>
            <tr>
              <th scope="col" className="corner">
                from ↓ · to →
              </th>
              {shownCols.map((c) => (
                <th key={c} scope="col" className="col-head" data-ns={c} title={postureText(posture.get(c))}>
                  <span>
                    {c}
                    <OpenMark n={posture.get(c)?.posture.openPorts ?? 0} />
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shownRows.map((r, ri) => {
              const row = rowCells(bySource, r);
              return (
              <tr key={r}>
                <th scope="row" className="row-head" data-ns={r} title={postureText(posture.get(r))}>
                  {r}
                  <OpenMark n={posture.get(r)?.posture.openPorts ?? 0} />
                </th>
                {shownCols.map((c, ci) => {
                  const p = row.get(c);
                  const worst = p ? worstClass(p.counts) : null;
                  const isActive = active[0] === ri && active[1] === ci;
                  const label = p ? `${r} → ${c}: ${p.flows} workload flow${p.flows === 1 ? '' : 's'} on ${p.ports} port${p.ports === 1 ? '' : 's'}: ${describeCounts(p.counts)}. Enter opens the workload matrix.` : `${r} → ${c}: no flows`;
                  const open = () => p && onChange({ pair: `${r}>${c}` });
                  return (
                    <td
                      key={c}
                      role="gridcell"
                      data-r={ri}
                      data-c={ci}
                      data-testid={`cell-${r}-${c}`}
                      data-class={worst ?? 'empty'}
                      className={`cell ${worst ? `cls-${worst}` : 'cell-empty'}`}
                      tabIndex={isActive ? 0 : -1}
                      aria-label={label}
                      title={label}
                      onFocus={() => setActive([ri, ci])}
                      onClick={open}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          open();
                        }
                      }}
                    >
                      {p && worst && (
                        <>
                          <span className="cell-badge">
                            {CELL_BADGE[worst]} {p.counts[worst]}
                          </span>
                          {p.flows > p.counts[worst] && <span className="cell-count">of {p.flows}</span>}
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="matrix-key muted">
        A cell shows the worst class of its flows ({Object.entries(CELL_BADGE).map(([c, b]) => `${b} = ${EDGE_LOOKS[c as EdgeClass].label}`).join(', ')}) with how many workload pairs are of it (“of N”: all its pairs); hover or focus it for every class. A row or column head gives the namespace's posture; ⚠N open counts its ports every workload reaches (no cell: “Show open flows” counts them in).
      </p>
    </section>
  );
}

/** `⚠3 open`: ports of the namespace (or workload) that every other workload reaches; they have no cell. */
function OpenMark({ n }: { n: number }) {
  return n > 0 ? <small className="open-mark"> ⚠{n} open</small> : null;
}

const MAX_WORKLOAD_AXIS = 80;

function PairMatrix({ view, onChange, expr, apiQuery, from, to }: MatrixViewProps & { from: string; to: string }) {
  const q = new URLSearchParams(apiQuery);
  q.delete('namespace');
  for (const ns of [...new Set([from, to])]) q.append('namespace', ns);
  const pairGraph = useGraph(`?${q.toString()}`);
  const data = useMemo(() => {
    if (!pairGraph.data) return null;
    const g = withSensitive(pairGraph.data, view.sensitive).graph;
    return expr ? applyFind(g, expr) : g;
  }, [pairGraph.data, view.sensitive, expr]);
  const m = useMemo(() => (data ? workloadMatrix(data, from, to) : null), [data, from, to]);
  const openPorts = useMemo(() => new Map((data?.nodes ?? []).map((n) => [n.id, n.openToAll.length])), [data]);
  const { tableRef, active, setActive, onKeyDown } = useGridKeys();
  const showOnGraph = (selection: ViewState['selection']) =>
    onChange({ mode: 'graph', namespaces: [...new Set([from, to])], expanded: [...new Set([...view.expanded, from, to])], collapsed: view.collapsed.filter((n) => n !== from && n !== to), selection });

  return (
    <section className="matrix" aria-label={`Workload matrix ${from} → ${to}`} data-testid="pair-matrix">
      <div className="matrix-controls">
        <button type="button" onClick={() => onChange({ pair: null })} data-testid="matrix-back">
          ◂ All namespaces
        </button>
        <strong>
          {from} → {to}
        </strong>
        <button type="button" onClick={() => showOnGraph(null)} data-testid="pair-show-graph">
          Show on the graph
        </button>
      </div>
      {pairGraph.isError && <p className="banner banner-error" role="alert">Could not load the workloads of {from} and {to}: {pairGraph.error.message}</p>}
      {!m && !pairGraph.isError && <p className="matrix-loading">Loading the workloads of {from} and {to}…</p>}
      {m && (m.rows.length > MAX_WORKLOAD_AXIS || m.cols.length > MAX_WORKLOAD_AXIS) && (
        <p className="banner banner-info">
          Showing the first {MAX_WORKLOAD_AXIS} workloads of each side ({m.rows.length} × {m.cols.length}): narrow with a find expression (e.g. from:{from}/api*).
        </p>
      )}
      {m && (
        <div className="matrix-scroll">
          <table className="matrix-table workload-matrix" role="grid" aria-label={`Workloads of ${from} in rows, of ${to} in columns; each cell is the class of the flow and its ports`} ref={tableRef} onKeyDown={onKeyDown}>
            <thead>
              <tr>
                <th scope="col" className="corner">
                  from ↓ · to →
                </th>
                {m.cols.slice(0, MAX_WORKLOAD_AXIS).map((c) => (
                  <th key={c} scope="col" className="col-head" title={c}>
                    <span>
                      {c.slice(to.length + 1)}
                      <OpenMark n={openPorts.get(c) ?? 0} />
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.rows.slice(0, MAX_WORKLOAD_AXIS).map((r, ri) => (
                <tr key={r}>
                  <th scope="row" className="row-head" title={r}>
                    {r.slice(from.length + 1)}
                    <OpenMark n={openPorts.get(r) ?? 0} />
                  </th>
                  {m.cols.slice(0, MAX_WORKLOAD_AXIS).map((c, ci) => {
                    const cell = m.cells.get(`${r}>${c}`);
                    const isActive = active[0] === ri && active[1] === ci;
                    const label = cell ? `${r} → ${c}: ${EDGE_LOOKS[cell.edge.class].label}, ports ${cell.label.split(' · ')[1]}. Enter shows it on the graph.` : r === c ? `${r}: itself` : `${r} → ${c}: no flow`;
                    const open = () => cell && showOnGraph({ kind: 'edge', id: cell.edge.id });
                    return (
                      <td
                        key={c}
                        role="gridcell"
                        data-r={ri}
                        data-c={ci}
                        data-testid={`wcell-${r}-${c}`}
                        data-class={cell?.edge.class ?? 'empty'}
                        className={`cell ${cell ? `cls-${cell.edge.class}` : 'cell-empty'}`}
                        tabIndex={isActive ? 0 : -1}
                        aria-label={label}
                        title={label}
                        onFocus={() => setActive([ri, ci])}
                        onClick={open}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            open();
                          }
                        }}
                      >
                        {cell && (
                          <>
                            <span className="cell-badge">{CELL_BADGE[cell.edge.class]}</span>
                            <span className="cell-count">{cell.edge.ports.map((p) => p.port).join(',')}</span>
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
