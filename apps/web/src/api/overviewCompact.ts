/**
 * `/api/v1/overview?format=compact` decoded into the overview the rest of the app reads (issue
 * 19): the columnar answer (apps/api/src/routes/overviewCompact.ts) is a few MB where the JSON
 * objects are 47 MB at 30,000 workloads. Pure. A malformed answer (an array of the wrong length,
 * an index out of range, a class this app does not know) throws: the query shows the error,
 * nothing is drawn from half an overview.
 */
import { EDGE_CLASSES, type EdgeClass, type SnapshotInfo } from '@accessgraph/model';
import type { CompactOverview } from '../../../api/src/routes/overviewCompact.ts';
import type { Coverage, OverviewNamespaceLike, OverviewPairLike } from '../graph/overview.ts';

export type { CompactOverview };

export interface DecodedOverview {
  snapshot: SnapshotInfo;
  namespaces: OverviewNamespaceLike[];
  pairs: OverviewPairLike[];
}

const COVERAGE_SET = new Set<string>(['all', 'some', 'none', 'unknown']);
const CLASS_SET = new Set<string>(EDGE_CLASSES);

function bad(what: string): never {
  throw new Error(`The compact overview cannot be read: ${what}`);
}

export function isCompactOverview(body: unknown): body is CompactOverview {
  return typeof body === 'object' && body !== null && (body as { format?: unknown }).format === 'compact-1';
}

export function decodeOverview(c: CompactOverview): DecodedOverview {
  const n = c.names.length;
  const cols = c.namespaces;
  for (const [k, v] of Object.entries(cols)) if (!Array.isArray(v) || v.length !== n) bad(`namespaces.${k} has ${Array.isArray(v) ? v.length : 'no'} entries for ${n} namespaces`);
  const coverage = (i: number): Coverage => {
    const v = c.coverages[i];
    if (v === undefined || !COVERAGE_SET.has(v)) bad(`coverage ${i}`);
    return v as Coverage;
  };
  const policy = (i: number): string => c.l7Policies[i] ?? bad(`Linkerd default policy ${i}`);
  const namespaces: OverviewNamespaceLike[] = c.names.map((name, i) => ({
    name,
    workloads: cols.workloads[i]!,
    meshedWorkloads: cols.meshedWorkloads[i]!,
    posture: {
      ingressDefaultDeny: coverage(cols.ingressDefaultDeny[i]!),
      egressDefaultDeny: coverage(cols.egressDefaultDeny[i]!),
      l7DefaultPolicy: policy(cols.l7DefaultPolicy[i]!),
      openPorts: cols.openPorts[i]!,
      findings: { error: cols.errors[i]!, warning: cols.warnings[i]!, info: cols.infos[i]! },
    },
  }));

  const names = [...c.names, ...c.extraNames];
  const p = c.pairs;
  const len = p.length;
  if (p.from.length !== len || p.to.length !== len || p.extraPorts.length !== len) bad(`pairs: ${len} pairs, ${p.from.length} sources, ${p.to.length} destinations, ${p.extraPorts.length} port counts`);
  if (p.counts.length !== c.classes.length) bad(`${p.counts.length} count lists for ${c.classes.length} classes`);
  for (const cls of c.classes) if (!CLASS_SET.has(cls)) bad(`unknown edge class ${cls}`);
  const pairs: OverviewPairLike[] = new Array(len);
  let from = 0;
  let to = 0;
  for (let i = 0; i < len; i++) {
    const f = from + p.from[i]!;
    to = i > 0 && f === from ? to + p.to[i]! : p.to[i]!;
    from = f;
    const fromName = names[from];
    const toName = names[to];
    if (fromName === undefined || toName === undefined) bad(`pair ${i} names namespace ${fromName === undefined ? from : to} of ${names.length}`);
    pairs[i] = { from: fromName, to: toName, counts: { both: 0, 'l4-only': 0, 'l7-only': 0, none: 0, conflict: 0, unknown: 0 }, flows: 0, ports: p.extraPorts[i]! };
  }
  c.classes.forEach((cls, k) => {
    const list = p.counts[k]!;
    if (list.length % 2 !== 0) bad(`the count list of ${cls} has an odd length`);
    let at = -1;
    for (let j = 0; j < list.length; j += 2) {
      at += list[j]!;
      const pair = pairs[at];
      if (!pair || list[j]! < 1) bad(`the count list of ${cls} points past the pairs`);
      pair.counts[cls as EdgeClass] = list[j + 1]!;
      pair.flows += list[j + 1]!;
    }
  });
  for (const pair of pairs) pair.ports += pair.flows;
  return { snapshot: c.snapshot, namespaces, pairs };
}
