/** The reachability table of a workload: sortable by any column, filterable by text. */
import { useMemo, useState } from 'react';
import { EDGE_LOOKS } from '../graph/edgeClasses.ts';
import { filterRows, pageOf, REACH_ROWS_PER_PAGE, sortRows, type ReachColumn, type ReachRow } from './reachability.ts';

const COLUMNS: [ReachColumn, string][] = [
  ['direction', 'Dir.'],
  ['peer', 'Client / destination'],
  ['port', 'Port'],
  ['l4', 'L4'],
  ['l7', 'L7'],
  ['class', 'Class'],
];

export function ReachabilityTable({ rows, workload }: { rows: ReachRow[]; workload: string }) {
  const [sort, setSort] = useState<{ column: ReachColumn; dir: 'asc' | 'desc' }>({ column: 'direction', dir: 'asc' });
  const [text, setText] = useState('');
  const [start, setStart] = useState(0);
  const matching = useMemo(() => sortRows(filterRows(rows, text), sort.column, sort.dir), [rows, text, sort]);
  // A page at a time: tens of thousands of rows at 30,000 workloads (pageOf clamps a stale start).
  const page = pageOf(matching, start);
  const shown = page.rows;
  const inbound = rows.filter((r) => r.direction === 'inbound');
  const outbound = rows.filter((r) => r.direction === 'outbound');
  return (
    <section aria-label={`Who can reach ${workload} and what it reaches`} data-testid="reachability">
      <h3>
        Reachability: {inbound.length} inbound, {outbound.length} outbound (peer × port)
      </h3>
      <input type="search" className="reach-filter" value={text} onChange={(e) => (setText(e.target.value), setStart(0))} placeholder="Filter rows (workload, port, verdict, class)" aria-label="Filter the reachability table" data-testid="reach-filter" />
      {page.total > REACH_ROWS_PER_PAGE && (
        <p className="pager" data-testid="reach-pager">
          Rows {page.start + 1}–{page.end} of {page.total}
          <button type="button" disabled={page.start === 0} onClick={() => setStart(page.start - REACH_ROWS_PER_PAGE)} aria-label="Previous rows">
            ◂
          </button>
          <button type="button" disabled={page.end >= page.total} onClick={() => setStart(page.start + REACH_ROWS_PER_PAGE)} aria-label="Next rows">
            ▸
          </button>
        </p>
      )}
      <table className="reach-table">
        <thead>
          <tr>
            {COLUMNS.map(([c, label]) => (
              <th key={c} aria-sort={sort.column === c ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" data-testid={`reach-sort-${c}`} onClick={() => (setSort((s) => ({ column: c, dir: s.column === c && s.dir === 'asc' ? 'desc' : 'asc' })), setStart(0))}>
                  {label}
                  {sort.column === c ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={`${r.direction}|${r.peer}|${r.port}|${r.l4}|${r.l7}|${i}`} data-testid="reach-row" data-direction={r.direction} data-peer={r.peer} data-port={r.port} data-class={r.class}>
              <td title={r.direction}>{r.direction === 'inbound' ? '← in' : 'out →'}</td>
              <td>
                {r.peer}
                {r.peers !== undefined && <span className="muted"> ({r.peers} listed)</span>}
                {r.openToAll && r.direction === 'outbound' && <span className="muted"> (open to all)</span>}
              </td>
              <td>{r.port}</td>
              <td>{r.l4}</td>
              <td>{r.l7}</td>
              <td>
                <span className="cls" style={{ border: `1px solid ${EDGE_LOOKS[r.class].color}` }} title={`${EDGE_LOOKS[r.class].label}: ${EDGE_LOOKS[r.class].description}`}>
                  {EDGE_LOOKS[r.class].badge}
                </span>
              </td>
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {rows.length === 0 ? 'No flow to or from this workload is allowed or unknown.' : `No row matches “${text}”.`}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
