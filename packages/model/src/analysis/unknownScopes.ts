/**
 * Fail closed (issue 12, issue 15): every flow inside an UnknownScope — the part of a layer
 * an invalid or unevaluated policy object could decide — is `unknown` at that layer, with the
 * object as the reason. Applied once, on top of each layer's evaluator, so the graph, the
 * matrix, `check`, the findings and every export read the same answer.
 */
import { setCache } from '../util/byteLru.ts';
import type { Diagnostic, ObjectRef } from '../diagnostics.ts';
import type { Inventory, Protocol, UnknownScope } from '../k8s/types.ts';
import type { L4RuleView } from '../l4/buildL4Evaluator.ts';
import type { L7ServerView } from '../l7/buildL7Evaluator.ts';
import type { L4Classes } from '../l4/types.ts';
import type { L7Classes } from '../l7/types.ts';
import { bytesOfSets, WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import type { Reason } from '../verdict/types.ts';

/** Per workload, the first scope that makes it unknown as a destination and as a source. */
export interface ScopeIndex {
  asDestination: WorkloadSet;
  asSource: WorkloadSet;
  /** Whether the scope also overrides `n/a` (another engine's L7 policy applies to unmeshed pods too). */
  overridesNotApplicable: WorkloadSet;
  destinationScope: (UnknownScope | undefined)[];
  sourceScope: (UnknownScope | undefined)[];
}

/** The workloads a scope covers. */
export function scopeMembers(scope: UnknownScope, table: WorkloadTable): WorkloadSet {
  if (scope.namespace === undefined) return table.all.clone();
  return scope.podSelector ? table.matchingIn(scope.namespace, scope.podSelector) : table.inNamespace(scope.namespace).clone();
}

export function indexScopes(scopes: readonly UnknownScope[], layer: 'l4' | 'l7', table: WorkloadTable): ScopeIndex | undefined {
  const mine = scopes.filter((s) => s.layer === layer);
  if (mine.length === 0) return undefined;
  const n = table.size;
  const index: ScopeIndex = {
    asDestination: WorkloadSet.empty(n),
    asSource: WorkloadSet.empty(n),
    overridesNotApplicable: WorkloadSet.empty(n),
    destinationScope: new Array(n),
    sourceScope: new Array(n),
  };
  for (const scope of mine) {
    const members = scopeMembers(scope, table);
    for (const w of members) {
      if (!index.asDestination.has(w)) index.destinationScope[w] = scope;
      if (scope.affects === 'source-or-destination') {
        if (!index.asSource.has(w)) index.sourceScope[w] = scope;
        index.overridesNotApplicable.add(w);
      }
    }
    index.asDestination.unionWith(members);
    if (scope.affects === 'source-or-destination') index.asSource.unionWith(members);
  }
  return index;
}

export function scopeReason(scope: UnknownScope): Reason {
  const o = scope.object;
  return {
    role: 'layer-unknown',
    kind: o.kind,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    name: o.name,
    ...(o.file ? { file: o.file } : {}),
    ...(o.line ? { line: o.line } : {}),
    text: scope.reason,
  };
}

/** The scope that makes flow from → to unknown, if any (the destination's first). */
function scopeOf(index: ScopeIndex, from: number, to: number): UnknownScope | undefined {
  return index.asDestination.has(to) ? index.destinationScope[to] : index.asSource.has(from) ? index.sourceScope[from] : undefined;
}

export function withL4Scopes(inner: L4RuleView, scopes: readonly UnknownScope[], table: WorkloadTable): L4RuleView {
  const index = indexScopes(scopes, 'l4', table);
  if (!index) return inner;
  const cache = setCache<L4Classes>('l4-scoped', table.size, 5, undefined, bytesOfSets);
  return {
    ...inner,
    classify(to: number, port: number, protocol: Protocol): L4Classes {
      const key = `${to}|${port}|${protocol}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const base = inner.classify(to, port, protocol);
      const unknown = index.asDestination.has(to) ? table.all.clone() : index.asSource.clone();
      const result: L4Classes = {
        allow: base.allow.minus(unknown),
        deny: base.deny.minus(unknown),
        open: base.open.minus(unknown),
        unknown: base.unknown.union(unknown),
        proxyPortBlocked: base.proxyPortBlocked.minus(unknown),
        ...(base.adminDeny ? { adminDeny: base.adminDeny.minus(unknown) } : {}),
      };
      cache.set(key, result);
      return result;
    },
    explain(from, to, port, protocol) {
      const base = inner.explain(from, to, port, protocol);
      const scope = scopeOf(index, from, to);
      return scope ? { verdict: 'unknown', l4Port: base.l4Port, reasons: [scopeReason(scope)] } : base;
    },
  };
}

export function withL7Scopes(inner: L7ServerView, scopes: readonly UnknownScope[], table: WorkloadTable): L7ServerView {
  const index = indexScopes(scopes, 'l7', table);
  if (!index) return inner;
  const cache = setCache<L7Classes>('l7-scoped', table.size, 7, undefined, bytesOfSets);
  /** Sources made unknown towards `to`: all when `to` is in scope, else the scoped sources. */
  const unknownTowards = (to: number) => (index.asDestination.has(to) ? table.all.clone() : index.asSource.clone());
  /** A Linkerd object only matters where Linkerd enforces; another engine's L7 policy also where it does not. */
  const overrides = (to: number, from: number) => index.overridesNotApplicable.has(to) || index.overridesNotApplicable.has(from);
  return {
    ...inner,
    classify(to: number, port: number, protocol: Protocol): L7Classes {
      const key = `${to}|${port}|${protocol}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const base = inner.classify(to, port, protocol);
      const unknown = unknownTowards(to);
      const notApplicable = base.notApplicable.clone();
      for (const from of unknown) {
        if (notApplicable.has(from) && !overrides(to, from)) unknown.delete(from);
      }
      notApplicable.subtract(unknown);
      const result: L7Classes = {
        allow: base.allow.minus(unknown),
        partial: base.partial.minus(unknown),
        authenticated: base.authenticated.minus(unknown),
        open: base.open.minus(unknown),
        deny: base.deny.minus(unknown),
        notApplicable,
        unknown: base.unknown.union(unknown),
      };
      cache.set(key, result);
      return result;
    },
    explain(from, to, port, protocol) {
      const base = inner.explain(from, to, port, protocol);
      const scope = scopeOf(index, from, to);
      if (!scope || (base.verdict === 'n/a' && !overrides(to, from))) return base;
      return { verdict: 'unknown', reasons: [scopeReason(scope)] };
    },
  };
}

/** True when two inventories have the same unknown scopes (so reused per-destination results stay valid). */
export function sameScopes(a: Inventory, b: Inventory): boolean {
  return a.unknownScopes === b.unknownScopes || JSON.stringify(a.unknownScopes) === JSON.stringify(b.unknownScopes);
}

const refKey = (o: ObjectRef) => `${o.kind}|${o.namespace ?? ''}|${o.name}|${o.file ?? ''}|${o.line ?? ''}`;

/**
 * The diagnostic that explains a namespaced scope names the workloads it makes unknown, so a
 * workload's panel and `check` show why (copies: input diagnostics are shared across
 * snapshots). Cluster-wide scopes name no list: they concern every workload.
 */
export function attachScopeWorkloads(diagnostics: readonly Diagnostic[], inventory: Inventory, table: WorkloadTable): Diagnostic[] {
  const byObject = new Map<string, Set<string>>();
  for (const scope of inventory.unknownScopes) {
    if (scope.namespace === undefined) continue;
    const key = refKey(scope.object);
    const ids = byObject.get(key) ?? new Set<string>();
    for (const id of table.ids(scopeMembers(scope, table))) ids.add(id);
    byObject.set(key, ids);
  }
  if (byObject.size === 0) return [...diagnostics];
  const explained = new Set<string>();
  return diagnostics.map((d) => {
    if (!d.object || d.severity === 'info') return d;
    const key = refKey(d.object);
    const ids = byObject.get(key);
    // One diagnostic per object carries the list (the first error or warning about it).
    if (!ids || ids.size === 0 || explained.has(key)) return d;
    explained.add(key);
    return { ...d, workloads: [...new Set([...(d.workloads ?? []), ...ids])].sort() };
  });
}
