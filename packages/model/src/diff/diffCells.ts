/**
 * What a policy change does to the matrix: the cells that appear, disappear or change verdict
 * between two analyses (the CLI's `diff`). Pure and memory-conscious: one side is held as a Map
 * of compact keys to a numeric verdict signature, and only the cells that differ are kept.
 * Its neighbours: the cells come from Analysis.cells(); the diagnostics half is
 * diffDiagnostics.ts.
 */
import { L4_VERDICTS, L7_VERDICTS, PROTECTIONS, type Cell } from '../verdict/types.ts';

/** The verdict fields whose difference makes a cell "changed" (l4Port follows mesh status, which l7 shows). */
export const DIFF_FIELDS = ['l4', 'l7', 'allowed', 'protection'] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

/**
 * How a reclassified cell moved, for summaries: `opened` (was not allowed, now is), `closed`
 * (was allowed, now denied), `unknown` (now unknown), `protection` (allowed before and after,
 * protected differently), `layer` (a layer verdict changed, `allowed` and `protection` did not).
 */
export type ChangeKind = 'opened' | 'closed' | 'unknown' | 'protection' | 'layer';

export interface CellChange {
  before: Cell;
  after: Cell;
  /** The fields that differ, in DIFF_FIELDS order. */
  fields: DiffField[];
  kind: ChangeKind;
}

export interface CellDiff {
  /** Cells only in `after` (a new workload or port), in `after` order. */
  added: Cell[];
  /** Cells only in `before`, in `before` order. */
  removed: Cell[];
  /** Cells in both whose l4, l7, allowed or protection differ, in `after` order. */
  changed: CellChange[];
  /** Cells in both with the same verdict. */
  unchanged: number;
}

/** `from|to|port|protocol`: `|` cannot occur in a workload id. */
export function cellKey(c: Pick<Cell, 'from' | 'to' | 'port' | 'protocol'>): string {
  return `${c.from}|${c.to}|${c.port}|${c.protocol}`;
}

const ALLOWED_VALUES = [true, false, null] as const;

/** The four verdict fields as one small integer (a few hundred values), cheap to hold per key. */
function signature(c: Cell): number {
  const l4 = L4_VERDICTS.indexOf(c.l4);
  const l7 = L7_VERDICTS.indexOf(c.l7);
  const allowed = ALLOWED_VALUES.indexOf(c.allowed);
  const protection = c.protection === null ? PROTECTIONS.length : PROTECTIONS.indexOf(c.protection);
  return ((l4 * L7_VERDICTS.length + l7) * ALLOWED_VALUES.length + allowed) * (PROTECTIONS.length + 1) + protection;
}

function changedFields(before: Cell, after: Cell): DiffField[] {
  return DIFF_FIELDS.filter((f) => before[f] !== after[f]);
}

function changeKind(before: Cell, after: Cell): ChangeKind {
  if (after.allowed === true && before.allowed !== true) return 'opened';
  if (after.allowed === false && before.allowed !== false) return 'closed';
  if (after.allowed === null && before.allowed !== null) return 'unknown';
  if (after.protection !== before.protection) return 'protection';
  return 'layer';
}

/**
 * Compares two sets of cells keyed by from|to|port|protocol.
 *
 * When `before` can be iterated twice (an array, or an object whose [Symbol.iterator] returns a
 * fresh iterator each time, e.g. `{ [Symbol.iterator]: () => analysis.cells()[Symbol.iterator]() }`),
 * only a key → signature map is held for it and the differing `before` cells are collected on a
 * second pass. A one-shot iterator (a generator object) is read once and held whole.
 */
export function diffCells(before: Iterable<Cell>, after: Iterable<Cell>): CellDiff {
  const firstPass = before[Symbol.iterator]();
  const oneShot = (firstPass as unknown) === before;
  const signatures = new Map<string, number>();
  const held = new Map<string, Cell>();
  for (let r = firstPass.next(); !r.done; r = firstPass.next()) {
    const key = cellKey(r.value);
    signatures.set(key, signature(r.value));
    if (oneShot) held.set(key, r.value);
  }

  const added: Cell[] = [];
  /** Changed cells by key, waiting for their `before` cell. */
  const pending = new Map<string, Cell>();
  const pendingOrder: string[] = [];
  let unchanged = 0;
  for (const cell of after) {
    const key = cellKey(cell);
    const sig = signatures.get(key);
    if (sig === undefined) {
      added.push(cell);
      continue;
    }
    signatures.delete(key);
    if (sig === signature(cell)) {
      unchanged++;
      held.delete(key);
    } else {
      pending.set(key, cell);
      pendingOrder.push(key);
    }
  }
  // Keys still in `signatures` are the removed cells.

  const beforeCells = new Map<string, Cell>();
  const removed: Cell[] = [];
  const collect = (cell: Cell, key: string) => {
    if (pending.has(key)) beforeCells.set(key, cell);
    else if (signatures.has(key)) removed.push(cell);
  };
  if (oneShot) for (const [key, cell] of held) collect(cell, key);
  else for (const cell of before) collect(cell, cellKey(cell));

  const changed: CellChange[] = [];
  for (const key of pendingOrder) {
    const a = pending.get(key);
    const b = beforeCells.get(key);
    // A re-iterable that yields different cells on its second pass is a caller error; skip the key.
    if (!a || !b) continue;
    changed.push({ before: b, after: a, fields: changedFields(b, a), kind: changeKind(b, a) });
  }
  return { added, removed, changed, unchanged };
}

/** Whether the diff has any added, removed or changed cell. */
export function cellDiffIsEmpty(d: CellDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}
