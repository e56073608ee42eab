/**
 * "Who can reach this workload, and what does it reach?": one row per peer × port with both
 * layers' verdicts and the protection class, from the workload detail (GET /api/v1/workloads/…
 * with includeOpen, so ports open to all are included). A port open to all is one row per
 * verdict, "every workload", instead of one row per client. Pure: sorted and filtered here.
 */
import type { EdgeClass, GraphEdge } from '../graph/graphTypes.ts';

export interface ReachRow {
  direction: 'inbound' | 'outbound';
  /** The other workload, or `every workload` for a port open to all. */
  peer: string;
  /** How many clients a port-open-to-all row stands for. */
  peers?: number;
  port: string;
  l4: string;
  l7: string;
  class: EdgeClass;
  allowed: boolean | null;
  openToAll: boolean;
}

export const EVERY_WORKLOAD = 'every workload';
/** A layer verdict the response did not carry (a port open to all, summarised by the server). */
export const NOT_LISTED = 'not listed';

const portKey = (p: { port: number; protocol: string }) => `${p.port}/${p.protocol}`;

/**
 * `openToAll`: this workload's ports open to all; `openElsewhere`: other workloads' (for
 * outbound rows to them, marked but kept per destination).
 */
export function reachabilityRows(inbound: readonly GraphEdge[], outbound: readonly GraphEdge[], openToAll: readonly string[], openElsewhere: (id: string) => readonly string[] = () => []): ReachRow[] {
  const rows: ReachRow[] = [];
  const open = new Set(openToAll);
  const grouped = new Map<string, ReachRow>();
  for (const e of inbound) {
    for (const p of e.ports) {
      const port = portKey(p);
      const base = { direction: 'inbound' as const, port, l4: p.l4, l7: p.l7, class: p.class, allowed: p.allowed };
      if (!open.has(port)) {
        rows.push({ ...base, peer: e.from, openToAll: false });
        continue;
      }
      const key = `${port}|${p.l4}|${p.l7}|${p.class}|${p.allowed}`;
      const g = grouped.get(key);
      if (g) g.peers = (g.peers ?? 0) + 1;
      else grouped.set(key, { ...base, peer: EVERY_WORKLOAD, peers: 1, openToAll: true });
    }
  }
  // An open port whose clients the response did not list: still a row — every workload gets in,
  // which is what the badge says — but its layers' verdicts and class were not sent, so they are
  // not guessed: an explicit allow at both layers (`both`) opens a port to all as much as no
  // policy at all (`none`) does. The server lists those clients with includeOpen at any size
  // (Analysis.workloadFlows), so this is only for a response that summarised them
  // (`openSummarised`, from servers before it) or was asked without includeOpen.
  for (const port of open) {
    if (![...grouped.values()].some((g) => g.port === port)) grouped.set(port, { direction: 'inbound', peer: EVERY_WORKLOAD, port, l4: NOT_LISTED, l7: NOT_LISTED, class: 'unknown', allowed: true, openToAll: true });
  }
  rows.push(...grouped.values());
  for (const e of outbound) {
    const elsewhere = new Set(openElsewhere(e.to));
    for (const p of e.ports) rows.push({ direction: 'outbound', peer: e.to, port: portKey(p), l4: p.l4, l7: p.l7, class: p.class, allowed: p.allowed, openToAll: elsewhere.has(portKey(p)) });
  }
  return sortRows(rows, 'direction', 'asc');
}

export type ReachColumn = 'direction' | 'peer' | 'port' | 'l4' | 'l7' | 'class';

/** Weakest first, as the graph ranks classes: sorting by class puts the riskiest rows on top. */
const CLASS_ORDER: Record<EdgeClass, number> = { conflict: 0, unknown: 1, none: 2, 'l4-only': 3, 'l7-only': 4, both: 5 };

function cell(r: ReachRow, c: ReachColumn): string | number {
  if (c === 'port') return parseInt(r.port, 10);
  if (c === 'class') return CLASS_ORDER[r.class];
  return r[c];
}

/** Stable sort on one column, then direction, peer and port as tie-breakers. */
export function sortRows(rows: readonly ReachRow[], column: ReachColumn, dir: 'asc' | 'desc'): ReachRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => sign * cmp(cell(a, column), cell(b, column)) || cmp(a.direction, b.direction) || cmp(a.peer, b.peer) || cmp(cell(a, 'port'), cell(b, 'port')) || cmp(a.port, b.port));
}

/** Rows any of whose cells contains every word of the text (case-insensitive). */
export function filterRows(rows: readonly ReachRow[], text: string): ReachRow[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const hay = [r.direction, r.peer, r.port, r.l4, r.l7, r.class, r.openToAll ? 'open to all' : ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/**
 * Rows drawn at once in the reachability table: a workload of a 30,000-workload cluster can
 * reach tens of thousands of peers, and a table of that many rows takes the tab seconds to lay
 * out (issue 19). The rest are a page away; the filter and the sort still see every row.
 */
export const REACH_ROWS_PER_PAGE = 200;

/** The page starting at `start` (clamped to the last page; 0 when empty) and the bounds to say. */
export function pageOf<T>(rows: readonly T[], start: number, per = REACH_ROWS_PER_PAGE): { rows: T[]; start: number; end: number; total: number } {
  const total = rows.length;
  const last = total === 0 ? 0 : Math.floor((total - 1) / per) * per;
  const from = Math.min(Math.max(0, Math.floor(start / per) * per), last);
  const page = rows.slice(from, from + per);
  return { rows: page, start: from, end: from + page.length, total };
}
