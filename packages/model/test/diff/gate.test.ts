/**
 * The CI gate's classes (issue 14), one row per rule: which change of one flow hits which class.
 */
import { describe, expect, it } from 'vitest';
import { parseGateClasses, type Cell } from '../../src/index.ts';
import { cellGateClasses } from '../../src/diff/gate.ts';

const cell = (l4: Cell['l4'], l7: Cell['l7'], allowed: Cell['allowed'], protection: Cell['protection']): Cell => ({
  from: 'a/x', to: 'b/y', port: 80, protocol: 'TCP', l4Port: 80, l4, l7, allowed, protection, reasons: { l4: [], l7: [] },
});
const both = cell('allow', 'allow', true, 'both');
const l4only = cell('allow', 'open', true, 'l4-only');
const none = cell('open', 'open', true, 'none');
const denied = cell('deny', 'open', false, null);
const conflict = cell('deny', 'allow', false, null);
const unknown = cell('unknown', 'open', null, null);

describe('gate classes', () => {
  it.each([
    ['new-allowed: denied → allowed', denied, l4only, ['new-allowed']],
    ['new-allowed and new-open: a new flow nothing restricts', undefined, none, ['new-allowed', 'new-open']],
    ['new-open: allowed and protected → allowed with nothing restricting it', l4only, none, ['new-open', 'protection-lowered']],
    ['protection-lowered: both → l4-only', both, l4only, ['protection-lowered']],
    ['no class: l4-only → both (protection raised)', l4only, both, []],
    ['new-conflict: one layer now allows what the other denies', denied, conflict, ['new-conflict']],
    ['no class: a conflict that stays a conflict', conflict, conflict, []],
    ['new-unknown: allowed → unknown', both, unknown, ['new-unknown']],
    ['no class: denied → denied on another layer', denied, cell('open', 'deny', false, null), []],
  ] as const)('%s', (_rule, before, after, expected) => {
    expect(cellGateClasses(before, after)).toEqual(expected);
  });

  it('parses lists, comma-separated or repeated, and names an unknown class', () => {
    expect(parseGateClasses(['new-allowed,new-open', 'new-open'])).toEqual(['new-allowed', 'new-open']);
    expect(parseGateClasses(['new-alowed'])).toEqual({ unknown: 'new-alowed' });
  });
});
