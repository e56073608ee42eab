/**
 * The workloads of one analysis, numbered, with label and namespace indexes so that a
 * selector resolves to a WorkloadSet by a handful of bitset operations. Both layers resolve
 * every selector through here (SEMANTICS.md §3.1, §3.6, §5.2).
 */
import type { Namespace, Workload } from '../k8s/types.ts';
import { WorkloadSet } from './workloadSet.ts';
import { matchesSelector, type LabelSelector } from './labelSelector.ts';

export class WorkloadTable {
  readonly size: number;
  readonly all: WorkloadSet;
  readonly meshed: WorkloadSet;
  private readonly index = new Map<string, number>();
  private readonly namespaceSets = new Map<string, WorkloadSet>();
  private readonly namespacesByName = new Map<string, Namespace>();
  /** label key → value → workloads */
  private readonly labelValues = new Map<string, Map<string, WorkloadSet>>();
  /** label key → workloads having it */
  private readonly labelKeys = new Map<string, WorkloadSet>();
  private readonly selectorMemo = new Map<string, WorkloadSet>();
  private readonly namespaceSelectorMemo = new Map<string, WorkloadSet>();
  private readonly accountSets = new Map<string, WorkloadSet>();
  /** Namespace label key → value → namespace positions (ascending): narrows a namespace selector to its candidates. */
  private readonly namespaceLabelValues = new Map<string, Map<string, number[]>>();

  constructor(
    readonly workloads: readonly Workload[],
    readonly namespaces: readonly Namespace[],
  ) {
    this.size = workloads.length;
    this.all = WorkloadSet.full(this.size);
    this.meshed = WorkloadSet.empty(this.size);
    namespaces.forEach((ns, k) => {
      this.namespacesByName.set(ns.name, ns);
      for (const [key, value] of Object.entries(ns.labels)) {
        let values = this.namespaceLabelValues.get(key);
        if (!values) this.namespaceLabelValues.set(key, (values = new Map()));
        let list = values.get(value);
        if (!list) values.set(value, (list = []));
        list.push(k);
      }
    });
    workloads.forEach((w, i) => {
      this.index.set(w.id, i);
      if (w.meshed) this.meshed.add(i);
      this.setFor(this.namespaceSets, w.namespace).add(i);
      this.setFor(this.accountSets, `${w.namespace}/${w.serviceAccount}`).add(i);
      for (const [k, v] of Object.entries(w.labels)) {
        this.setFor(this.labelKeys, k).add(i);
        let values = this.labelValues.get(k);
        if (!values) this.labelValues.set(k, (values = new Map()));
        this.setFor(values, v).add(i);
      }
    });
  }

  private setFor(map: Map<string, WorkloadSet>, key: string): WorkloadSet {
    let s = map.get(key);
    if (!s) map.set(key, (s = WorkloadSet.empty(this.size)));
    return s;
  }

  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  at(i: number): Workload {
    const w = this.workloads[i];
    if (!w) throw new Error(`no workload at index ${i}`);
    return w;
  }

  namespace(name: string): Namespace | undefined {
    return this.namespacesByName.get(name);
  }

  /** Workloads of one namespace (a fresh copy the caller may modify). */
  inNamespace(name: string): WorkloadSet {
    return this.namespaceSets.get(name)?.clone() ?? WorkloadSet.empty(this.size);
  }

  /** Workloads running as `namespace/serviceAccount`. */
  withServiceAccount(namespace: string, serviceAccount: string): WorkloadSet {
    return this.accountSets.get(`${namespace}/${serviceAccount}`)?.clone() ?? WorkloadSet.empty(this.size);
  }

  /** Workloads of every namespace whose labels match `selector` (memoised; a fresh copy). */
  inNamespacesMatching(selector: LabelSelector): WorkloadSet {
    const key = JSON.stringify(selector);
    let s = this.namespaceSelectorMemo.get(key);
    if (!s) {
      s = WorkloadSet.empty(this.size);
      for (const name of this.namespacesMatching(selector)) {
        const members = this.namespaceSets.get(name);
        if (members) s.unionWith(members);
      }
      this.namespaceSelectorMemo.set(key, s);
    }
    return s.clone();
  }

  /**
   * Names of the namespaces whose labels match `selector`, in inventory order. A `key=value` or
   * `key In (…)` requirement narrows the candidates to the namespaces carrying such a label
   * (label index), so a selector naming a few namespaces costs a few checks, not one per
   * namespace; every candidate is still checked against the whole selector.
   */
  namespacesMatching(selector: LabelSelector): string[] {
    let candidates: number[] | undefined;
    const narrow = (list: number[]) => {
      if (!candidates || list.length < candidates.length) candidates = list;
    };
    for (const [k, v] of selector.matchLabels) narrow(this.namespaceLabelValues.get(k)?.get(v) ?? []);
    for (const r of selector.matchExpressions) {
      if (r.operator !== 'In') continue;
      const values = this.namespaceLabelValues.get(r.key);
      const set = new Set<number>();
      for (const v of r.values) for (const k of values?.get(v) ?? []) set.add(k);
      narrow([...set].sort((a, b) => a - b));
    }
    const pool = candidates ? candidates.map((k) => this.namespaces[k]!) : this.namespaces;
    return pool.filter((ns) => matchesSelector(selector, ns.labels)).map((ns) => ns.name);
  }

  /** Workloads (in any namespace) whose pod labels match `selector`. Fresh copy. */
  matching(selector: LabelSelector): WorkloadSet {
    const key = JSON.stringify(selector);
    let s = this.selectorMemo.get(key);
    if (!s) {
      s = this.resolve(selector);
      this.selectorMemo.set(key, s);
    }
    return s.clone();
  }

  /** Workloads in namespace `namespace` whose pod labels match `selector`. Fresh copy. */
  matchingIn(namespace: string, selector: LabelSelector): WorkloadSet {
    return this.matching(selector).intersectWith(this.namespaceSets.get(namespace) ?? WorkloadSet.empty(this.size));
  }

  private resolve(selector: LabelSelector): WorkloadSet {
    const out = this.all.clone();
    const empty = WorkloadSet.empty(this.size);
    for (const [k, v] of selector.matchLabels) out.intersectWith(this.labelValues.get(k)?.get(v) ?? empty);
    for (const r of selector.matchExpressions) {
      const keySet = this.labelKeys.get(r.key) ?? empty;
      const valueSet = () => {
        const u = WorkloadSet.empty(this.size);
        for (const v of r.values) {
          const s = this.labelValues.get(r.key)?.get(v);
          if (s) u.unionWith(s);
        }
        return u;
      };
      switch (r.operator) {
        case 'In':
          out.intersectWith(valueSet());
          break;
        case 'NotIn':
          out.subtract(valueSet());
          break;
        case 'Exists':
          out.intersectWith(keySet);
          break;
        case 'DoesNotExist':
          out.subtract(keySet);
          break;
      }
    }
    return out;
  }

  ids(set: WorkloadSet): string[] {
    return [...set].map((i) => this.at(i).id);
  }
}
