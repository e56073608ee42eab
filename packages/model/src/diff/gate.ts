/**
 * A CI gate on what a policy change does (issue 14): each difference between two analyses is
 * sorted into the classes a reviewer fails a pull request on, so `diff --fail-on LIST` exits
 * non-zero only for the changes that matter to the team, not for every change.
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Cell, Protection } from '../verdict/types.ts';
import type { CellDiff } from './diffCells.ts';
import type { DiagnosticDiff } from './diffDiagnostics.ts';
import { isOneOf } from '../util/isOneOf.ts';

export const GATE_CLASSES = [
  /** A flow that was not allowed (or did not exist) is now allowed. */
  'new-allowed',
  /** A flow that was not `open` at L4 (or did not exist) is now allowed with nothing restricting it (protection `none`). */
  'new-open',
  /** An allowed flow is now protected by fewer layers (`both` → `l4-only`, `l7-only` → `none`, …). */
  'protection-lowered',
  /** A flow where the layers now disagree (one allows what the other denies) and did not before. */
  'new-conflict',
  /** A flow whose verdict is now `unknown` (and was not). */
  'new-unknown',
  /** An error finding the change introduces. */
  'error-finding',
] as const;
export type GateClass = (typeof GATE_CLASSES)[number];

/** How many layers protect a flow: both 2, one 1, none 0. */
const STRENGTH: Record<Protection, number> = { both: 2, 'l4-only': 1, 'l7-only': 1, none: 0 };

function explicitAllow(c: Cell): { l4: boolean; l7: boolean } {
  return { l4: c.l4 === 'allow', l7: c.l7 === 'allow' || c.l7 === 'partial' };
}

/** One layer explicitly allows what the other denies (the graph's `conflict` class). */
export function isConflict(c: Cell): boolean {
  const a = explicitAllow(c);
  return (a.l4 && c.l7 === 'deny') || (a.l7 && c.l4 === 'deny');
}

/** The gate classes of one cell's change (before undefined: a new cell). */
export function cellGateClasses(before: Cell | undefined, after: Cell): GateClass[] {
  const out: GateClass[] = [];
  if (after.allowed === true && before?.allowed !== true) out.push('new-allowed');
  if (after.allowed === true && after.protection === 'none' && !(before?.allowed === true && before.protection === 'none')) out.push('new-open');
  if (before?.allowed === true && after.allowed === true && before.protection && after.protection && STRENGTH[after.protection] < STRENGTH[before.protection]) out.push('protection-lowered');
  if (isConflict(after) && !(before && isConflict(before))) out.push('new-conflict');
  if (after.allowed === null && before?.allowed !== null) out.push('new-unknown');
  return out;
}

export interface GateHit {
  class: GateClass;
  /** The flow, for cell classes. */
  cell?: Cell;
  before?: Cell;
  /** The finding, for `error-finding`. */
  diagnostic?: Diagnostic;
}

/** Every gate class the change hits, with the cell or finding that hit it, in diff order. */
export function gateHits(cells: CellDiff, diagnostics: DiagnosticDiff): GateHit[] {
  const hits: GateHit[] = [];
  for (const cell of cells.added) for (const c of cellGateClasses(undefined, cell)) hits.push({ class: c, cell });
  for (const ch of cells.changed) for (const c of cellGateClasses(ch.before, ch.after)) hits.push({ class: c, cell: ch.after, before: ch.before });
  for (const d of diagnostics.introduced) if (d.severity === 'error') hits.push({ class: 'error-finding', diagnostic: d });
  return hits;
}

/** Parses `--fail-on a,b`; undefined for a word that is not a class (the caller says which are). */
export function parseGateClasses(list: readonly string[]): GateClass[] | { unknown: string } {
  const out: GateClass[] = [];
  for (const word of list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    if (!isOneOf(GATE_CLASSES, word)) return { unknown: word };
    if (!out.includes(word as GateClass)) out.push(word as GateClass);
  }
  return out;
}
