/**
 * `GET /api/v1/overview?format=compact`: the same overview as the default JSON, columnar (issue
 * 19). At 30,000 workloads the overview has ~1,200 namespaces and ~350,000 namespace pairs: as
 * objects with repeated names and every class count spelled out that is 47 MB of JSON for the
 * browser to parse; columnar, with names once, namespace indices delta-coded, class counts
 * sparse and `flows` left out (the sum of the counts), it is a few MB. Lossless: decoding gives
 * back the default answer exactly (apps/web/src/api/overviewCompact.ts decodeOverview, held by
 * apps/api/test/routes/overviewCompact.test.ts).
 *
 * Layout (schemas/overview.ts CompactOverviewResponseSchema):
 * - `names`: the namespaces of the answer, in its order; `extraNames`: namespaces a pair names
 *   that are not among them (none in practice; never dropped). A namespace index is into
 *   names ++ extraNames.
 * - `namespaces`: one array per field, indexed like `names`; coverages and the Linkerd default
 *   policy as indices into `coverages` / `l7Policies`.
 * - `pairs.from[i]`: the source index minus the previous pair's (the first: minus 0);
 *   `pairs.to[i]`: the destination index minus the previous pair's when both have the same
 *   source, else the index itself.
 * - `pairs.counts[k]` for class `classes[k]`: the pairs with a non-zero count of it, as
 *   `gap, count` couples; gap = pair index minus the previous such pair's index (the first:
 *   minus -1), so every gap is ≥ 1.
 * - `pairs.extraPorts[i]`: ports minus flows (a pair has at least one port per workload pair).
 */
import { COVERAGES, EDGE_CLASSES, type Overview, type SnapshotInfo } from '@accessgraph/model';

export const COMPACT_FORMAT = 'compact-1';

export interface CompactOverview {
  snapshot: SnapshotInfo;
  format: typeof COMPACT_FORMAT;
  classes: string[];
  coverages: string[];
  l7Policies: string[];
  names: string[];
  extraNames: string[];
  namespaces: {
    workloads: number[];
    meshedWorkloads: number[];
    ingressDefaultDeny: number[];
    egressDefaultDeny: number[];
    l7DefaultPolicy: number[];
    openPorts: number[];
    errors: number[];
    warnings: number[];
    infos: number[];
  };
  pairs: { length: number; from: number[]; to: number[]; counts: number[][]; extraPorts: number[] };
}

export function encodeOverview(snapshot: SnapshotInfo, o: Overview): CompactOverview {
  const names = o.namespaces.map((n) => n.name);
  const extraNames: string[] = [];
  const index = new Map(names.map((n, i) => [n, i]));
  const indexOf = (name: string): number => {
    let i = index.get(name);
    if (i === undefined) {
      i = names.length + extraNames.length;
      extraNames.push(name);
      index.set(name, i);
    }
    return i;
  };
  const coverages: string[] = [...COVERAGES];
  const coverageIndex = (c: string): number => {
    let i = coverages.indexOf(c);
    if (i < 0) i = coverages.push(c) - 1; // a value the schema does not know travels as itself
    return i;
  };
  const l7Policies: string[] = [];
  const policyIndex = (p: string): number => {
    let i = l7Policies.indexOf(p);
    if (i < 0) i = l7Policies.push(p) - 1;
    return i;
  };
  const ns: CompactOverview['namespaces'] = { workloads: [], meshedWorkloads: [], ingressDefaultDeny: [], egressDefaultDeny: [], l7DefaultPolicy: [], openPorts: [], errors: [], warnings: [], infos: [] };
  for (const n of o.namespaces) {
    ns.workloads.push(n.workloads);
    ns.meshedWorkloads.push(n.meshedWorkloads);
    ns.ingressDefaultDeny.push(coverageIndex(n.posture.ingressDefaultDeny));
    ns.egressDefaultDeny.push(coverageIndex(n.posture.egressDefaultDeny));
    ns.l7DefaultPolicy.push(policyIndex(n.posture.l7DefaultPolicy));
    ns.openPorts.push(n.posture.openPorts);
    ns.errors.push(n.posture.findings.error);
    ns.warnings.push(n.posture.findings.warning);
    ns.infos.push(n.posture.findings.info);
  }
  const classes: string[] = [...EDGE_CLASSES];
  const pairs: CompactOverview['pairs'] = { length: o.pairs.length, from: [], to: [], counts: classes.map(() => []), extraPorts: [] };
  const last = classes.map(() => -1);
  let prevFrom = 0;
  let prevTo = 0;
  o.pairs.forEach((p, i) => {
    const from = indexOf(p.from);
    const to = indexOf(p.to);
    pairs.from.push(from - prevFrom);
    pairs.to.push(i > 0 && from === prevFrom ? to - prevTo : to);
    prevFrom = from;
    prevTo = to;
    for (const [k, c] of classes.entries()) {
      const n = p.counts[c as (typeof EDGE_CLASSES)[number]] ?? 0;
      if (n === 0) continue;
      pairs.counts[k]!.push(i - last[k]!, n);
      last[k] = i;
    }
    pairs.extraPorts.push(p.ports - p.flows);
  });
  return { snapshot, format: COMPACT_FORMAT, classes, coverages, l7Policies, names, extraNames, namespaces: ns, pairs };
}
