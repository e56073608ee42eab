import { describe, expect, it } from 'vitest';
import type { EdgePort, GraphEdge } from '../graph/graphTypes.ts';
import { EVERY_WORKLOAD, NOT_LISTED, filterRows, reachabilityRows, sortRows } from './reachability.ts';

const p = (port: number, cls: EdgePort['class'], l4: EdgePort['l4'] = 'allow', l7: EdgePort['l7'] = 'n/a', allowed: boolean | null = true): EdgePort => ({ port, protocol: 'TCP', l4Port: port, l4, l7, allowed, protection: null, class: cls });
const e = (from: string, to: string, ports: EdgePort[]): GraphEdge => ({ id: `${from}->${to}`, from, to, class: ports[0]!.class, mixed: false, ports });

// db: 5432 restricted at L4, 9187 open to all; it calls out to s3.
const inbound = [
  e('app/web', 'data/db', [p(5432, 'l4-only'), p(9187, 'none')]),
  e('app/api', 'data/db', [p(5432, 'unknown', 'unknown', 'n/a', null)]),
  e('mon/prom', 'data/db', [p(9187, 'none')]),
  e('ops/shell', 'data/db', [p(9187, 'none')]),
];
const outbound = [e('data/db', 'store/s3', [p(9000, 'both', 'allow', 'allow'), p(9001, 'none')])];
const rows = reachabilityRows(inbound, outbound, ['9187/TCP'], (id) => (id === 'store/s3' ? ['9001/TCP'] : []));

describe('reachabilityRows (issue 16: the workload panel showed only “8 inbound”)', () => {
  it('one row per client × port with both verdicts and the class; unknown flows included', () => {
    expect(rows.filter((r) => r.direction === 'inbound' && !r.openToAll).map((r) => [r.peer, r.port, r.l4, r.l7, r.class])).toEqual([
      ['app/api', '5432/TCP', 'unknown', 'n/a', 'unknown'],
      ['app/web', '5432/TCP', 'allow', 'n/a', 'l4-only'],
    ]);
  });
  it('a port open to all is one “every workload” row with its verdict, not one row per client', () => {
    expect(rows.filter((r) => r.openToAll && r.direction === 'inbound')).toEqual([{ direction: 'inbound', peer: EVERY_WORKLOAD, peers: 3, port: '9187/TCP', l4: 'allow', l7: 'n/a', class: 'none', allowed: true, openToAll: true }]);
  });
  it('an open port whose clients are listed (includeOpen, at any size) gets their verdicts, never the not-listed fallback', () => {
    const open = reachabilityRows([e('app/web', 'data/db', [p(80, 'both', 'allow', 'allow')]), e('app/api', 'data/db', [p(80, 'none', 'open', 'open')])], [], ['80/TCP']);
    expect(open.map((r) => [r.peer, r.peers, r.l4, r.l7, r.class])).toEqual([
      [EVERY_WORKLOAD, 1, 'allow', 'allow', 'both'],
      [EVERY_WORKLOAD, 1, 'open', 'open', 'none'],
    ]);
    expect(open.some((r) => r.l4 === NOT_LISTED || r.l7 === NOT_LISTED)).toBe(false);
  });
  it('an open port whose clients were not listed (a summarised response) still gets its row', () => {
    // Its layers' verdicts were not sent: never guessed (an allow at both layers opens a port to all too).
    expect(reachabilityRows([], [], ['80/TCP'])).toEqual([{ direction: 'inbound', peer: EVERY_WORKLOAD, port: '80/TCP', l4: NOT_LISTED, l7: NOT_LISTED, class: 'unknown', allowed: true, openToAll: true }]);
  });
  it('destinations: one row per port, a destination port open to all marked so', () => {
    expect(rows.filter((r) => r.direction === 'outbound').map((r) => [r.peer, r.port, r.class, r.openToAll])).toEqual([
      ['store/s3', '9000/TCP', 'both', false],
      ['store/s3', '9001/TCP', 'none', true],
    ]);
  });
  it('sorts by any column, both ways; class sorts weakest (riskiest) first', () => {
    expect(sortRows(rows, 'class', 'asc').map((r) => r.class)).toEqual(['unknown', 'none', 'none', 'l4-only', 'both']);
    expect(sortRows(rows, 'port', 'desc').map((r) => r.port)).toEqual(['9187/TCP', '9001/TCP', '9000/TCP', '5432/TCP', '5432/TCP']);
    expect(sortRows(rows, 'peer', 'asc').map((r) => r.peer)).toEqual(['app/api', 'app/web', EVERY_WORKLOAD, 'store/s3', 'store/s3']);
  });
  it('filters by text over every cell, all words must match', () => {
    expect(filterRows(rows, 'web').map((r) => r.peer)).toEqual(['app/web']);
    expect(filterRows(rows, 'open to all').map((r) => r.port)).toEqual(['9187/TCP', '9001/TCP']);
    expect(filterRows(rows, 'outbound both').map((r) => r.port)).toEqual(['9000/TCP']);
    expect(filterRows(rows, '')).toHaveLength(rows.length);
  });
});
