/**
 * Cytoscape's style pass, made proportional to the elements it styles (issue 16, expanding a
 * namespace). Cytoscape 3.34 (src/style/apply.js) runs `checkTriggers` once per PROPERTY it
 * applies to an element: it dirties the element's style cache — with compound nodes in the graph,
 * as a fresh collection of the element, its descendants, its parents and every edge connected to
 * any of them — and, for properties that move bounds, dirties the element's and its parents'
 * bounding boxes and those of its connected and parallel edges. Expanding a namespace styles the
 * namespace box and each new workload with ~20 properties each: the box's ~20 passes each walk
 * all its workloads and their edges. Profiled at 2,000 workloads, that was two thirds of the
 * style pass (Collection construction in checkTriggers).
 *
 * Within one `Style.apply(eles)` call this records which triggers fired for each element (the
 * same per-property tests, evaluated when they happen) and runs each kind once, over all the
 * elements it fired for, when the call returns — before anyone can read the caches, since
 * `apply` is synchronous and its callers read styles only after it. Outside `apply` (bypasses,
 * animations) triggers run as before. The result is the same set of dirtied caches and the same
 * notifications (one per kind and pass instead of one per property).
 */
import type { CollectionArgument, CollectionReturnValue, Core, SingularElementReturnValue } from 'cytoscape';

/** A style property as Cytoscape's Style keeps it (style/properties.js): trigger tests on value changes. */
interface PropertyMeta {
  triggersZOrder?: (from: unknown, to: unknown, ele: unknown) => boolean;
  triggersBounds?: (from: unknown, to: unknown, ele: unknown) => boolean;
  triggersBoundsOfConnectedEdges?: (from: unknown, to: unknown, ele: unknown) => boolean;
  triggersBoundsOfParallelEdges?: (from: unknown, to: unknown, ele: unknown) => boolean;
}

/** The parts of Cytoscape's Style prototype this replaces (not in its public typings). */
interface StyleInternals {
  properties: Record<string, PropertyMeta>;
  apply(eles: CollectionReturnValue): unknown;
  checkTriggers(ele: SingularElementReturnValue, name: string, from: unknown, to: unknown): void;
  _private: { cy: Core };
}

/** Element internals read here: the dirtying functions Cytoscape's collections have. */
interface Dirtiable {
  dirtyStyleCache(): unknown;
  dirtyCompoundBoundsCache(): unknown;
  dirtyBoundingBoxCache(): unknown;
  parallelEdges(): CollectionReturnValue;
}

/** Which triggers fired for one element during a pass: bit flags. */
const Z = 1;
const BOUNDS = 2;
const CONNECTED = 4;
const PARALLEL = 8;

const PATCHED = Symbol.for('accessgraph.coalescedStyleTriggers');

/**
 * Installs the coalescing on Cytoscape's Style prototype (once per page; every instance shares
 * it). Returns what puts Cytoscape's own functions back (tests compare both), a no-op when it
 * was installed already.
 */
export function coalesceStyleTriggers(cy: Core): () => void {
  const proto = Object.getPrototypeOf(cy.style()) as StyleInternals & { [PATCHED]?: true };
  if (proto[PATCHED]) return () => undefined;
  // Another Cytoscape than the one this was written against (its internals renamed): leave it as it is.
  if (typeof proto.apply !== 'function' || typeof proto.checkTriggers !== 'function' || typeof proto.properties !== 'object' || proto.properties == null) return () => undefined;
  const apply = proto.apply;
  const checkTriggers = proto.checkTriggers;
  /** The pass under way: element → fired triggers. */
  let pending: Map<SingularElementReturnValue, number> | null = null;

  proto.checkTriggers = function (this: StyleInternals, ele, name, from, to) {
    if (!pending) return checkTriggers.call(this, ele, name, from, to);
    let flags = pending.get(ele) ?? 0;
    // Cytoscape checks the trigger conditions only for elements still in the graph; the style
    // cache is dirtied regardless.
    if (!ele.removed()) {
      const prop = this.properties[name];
      const fired = (test: PropertyMeta[keyof PropertyMeta]) => test != null && test(from, to, ele);
      if (prop) {
        if (!(flags & Z) && fired(prop.triggersZOrder)) flags |= Z;
        if (!(flags & BOUNDS) && fired(prop.triggersBounds)) flags |= BOUNDS;
        if (!(flags & CONNECTED) && fired(prop.triggersBoundsOfConnectedEdges)) flags |= CONNECTED;
        if (!(flags & PARALLEL) && fired(prop.triggersBoundsOfParallelEdges)) flags |= PARALLEL;
      }
    }
    pending.set(ele, flags);
  };

  proto.apply = function (this: StyleInternals, eles) {
    // A nested pass (none in Cytoscape 3.34; kept safe) joins the outer one.
    if (pending) return apply.call(this, eles);
    pending = new Map();
    try {
      return apply.call(this, eles);
    } finally {
      const fired = pending;
      pending = null;
      flush(this._private.cy, fired);
    }
  };
  proto[PATCHED] = true;
  return () => {
    proto.apply = apply;
    proto.checkTriggers = checkTriggers;
    delete proto[PATCHED];
  };
}

/** Runs each kind of trigger once over the elements it fired for (what checkTriggers does per property). */
function flush(cy: Core, fired: Map<SingularElementReturnValue, number>): void {
  if (fired.size === 0) return;
  // Cytoscape's own style pass calls apply with one element at a time: no collections then.
  const all: SingularElementReturnValue[] = [];
  const byFlag = new Map<number, SingularElementReturnValue[]>();
  for (const [ele, flags] of fired) {
    all.push(ele);
    if (flags === 0 || ele.removed()) continue;
    for (const flag of [Z, BOUNDS, CONNECTED, PARALLEL]) {
      if (!(flags & flag)) continue;
      const list = byFlag.get(flag);
      if (list) list.push(ele);
      else byFlag.set(flag, [ele]);
    }
  }
  const eles = (list: SingularElementReturnValue[]) => (list.length === 1 ? list[0]! : cy.collection(list as unknown as CollectionArgument)) as unknown as CollectionReturnValue & Dirtiable;
  eles(all).dirtyStyleCache();
  const z = byFlag.get(Z);
  if (z) (cy as unknown as { notify(event: string, eles: CollectionReturnValue): void }).notify('zorder', eles(z));
  const bounds = byFlag.get(BOUNDS);
  if (bounds) {
    const b = eles(bounds);
    b.dirtyCompoundBoundsCache();
    b.dirtyBoundingBoxCache();
  }
  // Connected edges of nodes (an edge has none).
  const connected = byFlag.get(CONNECTED);
  if (connected) (eles(connected).nodes().connectedEdges() as unknown as Dirtiable).dirtyBoundingBoxCache();
  const parallel = byFlag.get(PARALLEL);
  if (parallel) (eles(parallel).parallelEdges() as unknown as Dirtiable).dirtyBoundingBoxCache();
}
