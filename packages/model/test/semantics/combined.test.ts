/**
 * SEMANTICS.md §6 — the combined verdict: `allowed` and `protection` from the two layer
 * verdicts, and how the graph classifies an edge (conflict / unknown).
 */
import { describe, expect, it } from 'vitest';
import { combineAllowed, protectionOf, type Protection } from '../../src/index.ts';
import type { L4Verdict, L7Verdict } from '../../src/verdict/types.ts';
import { edgeClassOf } from '../../src/graph/buildGraph.ts';

type Row = [title: string, l4: L4Verdict, l7: L7Verdict, allowed: boolean | null, protection: Protection | null];

const rows: Row[] = [
  ['§6 allowed is false when L4 says deny', 'deny', 'allow', false, null],
  ['§6 allowed is false when L7 says deny', 'allow', 'deny', false, null],
  ['§6 allowed is false when a layer denies even if the other is unknown', 'unknown', 'deny', false, null],
  ['§6 allowed is null when none denies and L7 is unknown', 'allow', 'unknown', null, null],
  ['§6 allowed is null when none denies and L4 is unknown', 'unknown', 'open', null, null],
  ['§6 protection both: l4 allow and l7 allow', 'allow', 'allow', true, 'both'],
  ['§6 protection both: l4 allow and l7 partial (some routes)', 'allow', 'partial', true, 'both'],
  ['§6 protection l4-only: l4 allow, l7 n/a (not meshed)', 'allow', 'n/a', true, 'l4-only'],
  ['§6 protection l4-only: a default that only demands mTLS is not authorization', 'allow', 'authenticated', true, 'l4-only'],
  ['§6 protection l7-only: l4 open, l7 allow', 'open', 'allow', true, 'l7-only'],
  ['§6 protection none: both open', 'open', 'open', true, 'none'],
  ['§6 protection none: l4 open, l7 authenticated', 'open', 'authenticated', true, 'none'],
  ['§6 protection none: l4 open, l7 n/a', 'open', 'n/a', true, 'none'],
];

describe('§6 combined verdict', () => {
  it.each(rows)('%s', (_title, l4, l7, allowed, protection) => {
    expect(combineAllowed(l4, l7)).toBe(allowed);
    expect(protectionOf(l4, l7)).toBe(protection);
  });
});

describe('graph edge classes', () => {
  it.each([
    ['one layer allows explicitly what the other denies is a conflict (L4 allow, L7 deny)', 'allow', 'deny', 'conflict'],
    ['one layer allows explicitly what the other denies is a conflict (L7 allow, L4 deny)', 'deny', 'allow', 'conflict'],
    ['a partial L7 grant blocked at L4 is a conflict', 'deny', 'partial', 'conflict'],
    ['denied by a default on one side and open on the other is no edge', 'open', 'deny', undefined],
    ['denied at both layers is no edge', 'deny', 'deny', undefined],
    ['unknown and not denied is drawn as unknown, never as allowed', 'open', 'unknown', 'unknown'],
    ['allowed flows take their protection class', 'allow', 'n/a', 'l4-only'],
  ] as const)('%s', (_title, l4, l7, cls) => {
    expect(edgeClassOf(l4, l7)).toBe(cls);
  });
});
