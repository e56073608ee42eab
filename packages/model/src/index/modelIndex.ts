/**
 * The model's own index of source objects, kept up to date by change sets (changeSet.ts) rather
 * than by comparing one full object list with the next. Each object keeps its parse result
 * until a change set replaces or deletes it; what a change set touched — the objects themselves
 * and any duplicates of their identity, whose winner may flip — is remembered until the next
 * analysis, which re-evaluates only the destinations those objects' old and new contents select
 * (analysis/reuse.ts, through the evaluator's own target resolution).
 */
import type { Diagnostic } from '../diagnostics.ts';
import { buildInventory, objectIdentity, type ParsedObject, type ParseMemo, type WorkloadMemo } from '../k8s/buildInventory.ts';
import type { SourcedObject } from '../k8s/sourcedObject.ts';
import type { Inventory, UnknownScope } from '../k8s/types.ts';
import { analyzeWith } from '../analysis/analyze.ts';
import type { InventoryDelta, ReuseState } from '../analysis/reuse.ts';
import type { Analysis, AnalyzeOptions } from '../analysis/types.ts';
import type { ChangeSet, ObjectKey } from './changeSet.ts';

interface Entry {
  key: ObjectKey;
  source: SourcedObject;
  identity: string | undefined;
  memo: ParseMemo;
}

/** What an object contributed to the last build: its parse result when it won over duplicates. */
type Contribution = ParsedObject | undefined;

const contribution = (e: Entry | undefined): Contribution => (e?.memo.contributed ? e.memo.parsed : undefined);
const WORKLOAD_BUCKETS = new Set(['rawWorkloads', 'namespaces']);

export interface AnalyzeContext {
  /** A layer the source could not read is `unknown` with the reason. */
  layers?: Inventory['layers'];
  /** Parts of the cluster the source may not read (tenant mode). */
  unknownScopes?: UnknownScope[];
  /** The source's own diagnostics (read and parse errors), carried into the analysis. */
  diagnostics?: Diagnostic[];
}

export class ModelIndex {
  private readonly entries = new Map<ObjectKey, Entry>();
  /** Keys by identity, for the objects whose identity more than one key holds (duplicates). */
  private readonly byIdentity = new Map<string, Set<ObjectKey>>();
  /** How many identities more than one key holds. */
  private duplicated = 0;
  private sorted: Entry[] | undefined;
  private objectList: SourcedObject[] | undefined;
  /** What each object touched since the last analysis contributed to it (before the change). */
  private touched = new Map<ObjectKey, Contribution>();
  private workloadMemo: WorkloadMemo | undefined;
  private last: { state: ReuseState; settings: string } | undefined;

  /** Applies one change set: replaces, adds and deletes objects; nothing is parsed yet. */
  apply(set: ChangeSet): void {
    if (set.reset) {
      const kept = new Set(set.changes.filter((c) => c.type === 'apply').map((c) => c.key));
      for (const key of [...this.entries.keys()]) if (!kept.has(key)) this.remove(key);
    }
    for (const c of set.changes) {
      if (c.type === 'delete') this.remove(c.key);
      else this.put(c.key, c.object);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The objects held, ordered by key (a fresh array whenever something changed; never mutated after). */
  objects(): SourcedObject[] {
    return (this.objectList ??= this.order().map((e) => e.source));
  }

  /**
   * The analysis of the objects held: incremental on the previous one when the settings are
   * the same, evaluating again only what the objects changed since then can affect.
   */
  analyze(context: AnalyzeContext = {}, options: AnalyzeOptions = {}): Analysis {
    const entries = this.order();
    const objects = this.objects();
    const memos = entries.map((e) => e.memo);
    // Objects parsed afresh are checked by buildInventory itself; here: what went away or was replaced.
    const workloadsChanged = [...this.touched.values()].some(touchesWorkloads);
    const built = buildInventory(objects, {
      ...(context.layers ? { layers: context.layers } : {}),
      memos,
      ...(this.workloadMemo ? { workloads: { previous: this.workloadMemo, unchanged: !workloadsChanged } } : {}),
      identities: { of: entries.map((e) => e.identity), distinct: this.duplicated === 0 },
    });
    this.workloadMemo = built.workloadMemo;
    const delta: InventoryDelta = { removed: [], added: [] };
    for (const [key, before] of this.touched) {
      const after = contribution(this.entries.get(key));
      if (before === after) continue;
      if (before) delta.removed.push(before);
      if (after) delta.added.push(after);
    }
    this.touched = new Map();
    const inventory = context.unknownScopes?.length ? { ...built.inventory, unknownScopes: [...built.inventory.unknownScopes, ...context.unknownScopes] } : built.inventory;
    const settings = settingsKey(options);
    const prior = this.last && this.last.settings === settings ? { state: this.last.state, delta } : undefined;
    const { analysis, state } = analyzeWith(inventory, { ...options, ...(context.layers ? { layers: context.layers } : {}), inputDiagnostics: [...(context.diagnostics ?? []), ...built.diagnostics] }, prior);
    this.last = { state, settings };
    return analysis;
  }

  private order(): Entry[] {
    if (!this.sorted) {
      this.sorted = [...this.entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return this.sorted;
  }

  /** Remembers what `key` (and every other holder of `identity`) contributed before this change. */
  private touch(key: ObjectKey, identity: string | undefined): void {
    if (!this.touched.has(key)) this.touched.set(key, contribution(this.entries.get(key)));
    if (identity === undefined) return;
    for (const other of this.byIdentity.get(identity) ?? []) if (!this.touched.has(other)) this.touched.set(other, contribution(this.entries.get(other)));
  }

  private put(key: ObjectKey, source: SourcedObject): void {
    const old = this.entries.get(key);
    const identity = objectIdentity(source);
    this.touch(key, old?.identity);
    this.touch(key, identity);
    if (old) this.unlink(old);
    else this.sorted = undefined;
    const entry: Entry = { key, source, identity, memo: {} };
    this.entries.set(key, entry);
    if (identity !== undefined) {
      const holders = this.byIdentity.get(identity) ?? new Set<ObjectKey>();
      holders.add(key);
      if (holders.size === 2) this.duplicated++;
      this.byIdentity.set(identity, holders);
    }
    if (this.sorted && old) this.sorted[this.sorted.indexOf(old)] = entry;
    this.objectList = undefined;
  }

  private remove(key: ObjectKey): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.touch(key, old.identity);
    this.unlink(old);
    this.entries.delete(key);
    this.sorted = undefined;
    this.objectList = undefined;
  }

  private unlink(e: Entry): void {
    if (e.identity === undefined) return;
    const holders = this.byIdentity.get(e.identity);
    if (holders?.delete(e.key) && holders.size === 1) this.duplicated--;
    if (holders?.size === 0) this.byIdentity.delete(e.identity);
  }
}

function touchesWorkloads(p: ParsedObject | undefined): boolean {
  return !!p?.bucket && WORKLOAD_BUCKETS.has(p.bucket);
}

/** Settings that change what every destination's answer is built from: a change starts afresh. */
function settingsKey(o: AnalyzeOptions): string {
  const cidrs = (list: AnalyzeOptions['clusterNetworks']) => (list ?? []).map((c) => `${c.base}/${c.prefix}/${c.family}`).join(',');
  return `${cidrs(o.clusterNetworks)}|${cidrs(o.externals)}`;
}
