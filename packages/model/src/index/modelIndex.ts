/**
 * The model's own index of source objects, kept up to date by change sets (changeSet.ts) rather
 * than by comparing one full object list with the next. Each object keeps its parse result
 * until a change set replaces or deletes it; what a change set touched — the objects themselves
 * and any duplicates of their identity, whose winner may flip — is remembered until the next
 * analysis, which re-evaluates only the destinations those objects' old and new contents select
 * (analysis/reuse.ts, through the evaluator's own target resolution).
 */
import type { Diagnostic } from '../diagnostics.ts';
import { buildInventory, objectIdentity, parseObject, type Bucket, type ParsedObject, type ParseMemo, type WorkloadMemo } from '../k8s/buildInventory.ts';
import type { SourcedObject } from '../k8s/sourcedObject.ts';
import { opaqueTransportKey } from '../k8s/linkerd/outboundTransport.ts';
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
/** Lists an inventory builds from more than one object or reads apart (replaceInPlace leaves them to a full build). */
const IN_PLACE_EXCLUDED = new Set<Bucket>(['rawWorkloads', 'namespaces', 'linkerdConfig']);

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
  /** The last build, while no object was added or deleted since (only replaced): the base of replaceInPlace. */
  private lastBuild: { built: ReturnType<typeof buildInventory>; layers: string } | undefined;

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
    // Objects parsed afresh are checked by buildInventory itself; here: what went away or was replaced.
    const layers = JSON.stringify(context.layers ?? null);
    const built =
      this.replaceInPlace(layers) ??
      buildInventory(this.objects(), {
        ...(context.layers ? { layers: context.layers } : {}),
        memos: this.order().map((e) => e.memo),
        ...(this.workloadMemo ? { workloads: { previous: this.workloadMemo, unchanged: ![...this.touched.values()].some(touchesWorkloads) } } : {}),
        identities: { of: this.order().map((e) => e.identity), distinct: this.duplicated === 0 },
      });
    this.lastBuild = this.duplicated === 0 ? { built, layers } : undefined;
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

  /**
   * The last build with the objects replaced since put in their places (issue 19: one changed
   * policy at 30,000 workloads no longer replays 110,000 parse results): when no object was
   * added or deleted, none is duplicated, the layers are the same, and each replaced object
   * contributes to the same list as before (not a workload, Namespace or linkerd-config), with no
   * unknown scope, no findings and the same namespace reference before and after — then every
   * list of the inventory is the last one with those values replaced at their positions, as a
   * build from nothing makes it. Undefined otherwise (a full build).
   */
  private replaceInPlace(layers: string): ReturnType<typeof buildInventory> | undefined {
    const last = this.lastBuild;
    if (!last || last.layers !== layers || this.duplicated !== 0 || this.touched.size === 0 || this.touched.size > 64) return undefined;
    const replaced: { bucket: Bucket; before: unknown; after: unknown }[] = [];
    const parsedNow: [Entry, ParsedObject][] = [];
    for (const [key, before] of this.touched) {
      const entry = this.entries.get(key);
      if (!entry || !before || entry.source.decodeErrors?.length) return undefined;
      const after = parseObject(entry.source);
      const plain = (p: ParsedObject) => !p.scopes?.length && p.diagnostics.length === 0 && (p.bucket === undefined || !IN_PLACE_EXCLUDED.has(p.bucket));
      if (!plain(before) || !plain(after) || before.bucket !== after.bucket || before.referenced !== after.referenced) return undefined;
      parsedNow.push([entry, after]);
      if (after.bucket) replaced.push({ bucket: after.bucket, before: before.value, after: after.value });
    }
    const inventory: Inventory = { ...last.built.inventory };
    const copied = new Set<Bucket>();
    for (const r of replaced) {
      const list = inventory[r.bucket as keyof Inventory] as unknown[];
      const at = list.indexOf(r.before);
      if (at < 0) return undefined;
      const next = copied.has(r.bucket) ? list : list.slice();
      next[at] = r.after;
      (inventory as unknown as Record<string, unknown[]>)[r.bucket] = next;
      copied.add(r.bucket);
    }
    // The workloads are the last build's: only while what their opaque-transport ports come
    // from (linkerd-config's mode, opaque Servers) is the same (k8s/linkerd/outboundTransport.ts).
    if (opaqueTransportKey(inventory.linkerdConfig, inventory.servers) !== last.built.workloadMemo.transportKey) return undefined;
    for (const [entry, parsed] of parsedNow) {
      entry.memo.parsed = parsed;
      entry.memo.contributed = true;
    }
    return { inventory, diagnostics: last.built.diagnostics, workloadMemo: last.built.workloadMemo };
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
    if (!old) this.lastBuild = undefined;
    const at = this.sorted && old ? this.sorted.indexOf(old) : -1;
    if (at >= 0) {
      this.sorted![at] = entry;
      // The list handed out is never mutated: a copy with the one object replaced.
      if (this.objectList) (this.objectList = this.objectList.slice())[at] = source;
    } else this.objectList = undefined;
  }

  private remove(key: ObjectKey): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.touch(key, old.identity);
    this.unlink(old);
    this.entries.delete(key);
    this.sorted = undefined;
    this.objectList = undefined;
    this.lastBuild = undefined;
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
