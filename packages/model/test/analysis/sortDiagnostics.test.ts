import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Diagnostic } from '../../src/diagnostics.ts';
import { CollationRanks, sortDiagnostics } from '../../src/analysis/sortDiagnostics.ts';

/** The order before issue 19's rank cache, written plainly: the reference the fast sort must equal. */
function naiveSort(items: Diagnostic[]): Diagnostic[] {
  const SEV = ['error', 'warning', 'info'];
  const objectKey = (d: Diagnostic) => (d.object ? `${d.object.namespace ?? ''}/${d.object.name}/${d.object.kind}` : (d.file ?? ''));
  const seen = new Set<string>();
  const unique = items.filter((d) => {
    const key = `${d.code}|${objectKey(d)}|${d.path ?? ''}|${d.port ?? ''}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      SEV.indexOf(a.severity) - SEV.indexOf(b.severity) ||
      objectKey(a).localeCompare(objectKey(b)) ||
      a.code.localeCompare(b.code) ||
      (a.line ?? a.object?.line ?? 0) - (b.line ?? b.object?.line ?? 0),
  );
}

// Strings the collator orders unlike code units: case, accents, punctuation, digits, and
// characters it ignores (so that distinct strings compare equal, e.g. 'a' and 'a\u0000').
const piece = fc.constantFrom('a', 'A', 'b', 'B', 'ä', 'z', '-', '_', '.', '/', '1', '10', '2', '\u0000', '\u200b', 'ns', 'Ns', 'é', 'e');
const word = fc.array(piece, { maxLength: 5 }).map((xs) => xs.join(''));

const diagnostic = fc.record({
  code: fc.constantFrom('policy-selects-nothing', 'dead-rule', 'Dead-rule', 'invalid-object', 'layer-unknown'),
  severity: fc.constantFrom('error', 'warning', 'info') as fc.Arbitrary<Diagnostic['severity']>,
  message: fc.constantFrom('m1', 'm2'),
  object: fc.option(fc.record({ kind: fc.constantFrom('NetworkPolicy', 'Server'), namespace: fc.option(word, { nil: undefined }), name: word, line: fc.option(fc.nat(5), { nil: undefined }) }), { nil: undefined }),
  file: fc.option(word, { nil: undefined }),
  line: fc.option(fc.nat(5), { nil: undefined }),
  path: fc.option(fc.constantFrom('spec', 'spec.ingress'), { nil: undefined }),
}).map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as unknown as Diagnostic);

describe('sortDiagnostics (issue 19: collation ranks kept across sorts)', () => {
  it('CollationRanks: ranks compare as Intl.Collator compares, over a sequence of calls with new and dropped strings', () => {
    const collator = new Intl.Collator();
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 30 }), { minLength: 1, maxLength: 6 }), (calls) => {
        const ranks = new CollationRanks();
        for (const strings of calls) {
          const r = ranks.ranks(strings);
          for (const a of strings) for (const b of strings) expect(Math.sign(r.get(a)! - r.get(b)!)).toBe(Math.sign(collator.compare(a, b)));
        }
      }),
    );
  });

  it('the same list as the plain sort (localeCompare per comparison), one sort after another sharing the rank cache', () => {
    fc.assert(
      fc.property(fc.array(fc.array(diagnostic, { maxLength: 40 }), { minLength: 1, maxLength: 4 }), (lists) => {
        for (const items of lists) expect(sortDiagnostics(items)).toEqual(naiveSort(items));
      }),
    );
  });

  it('binary insertion: a large known set and a few new strings at a time', () => {
    const ranks = new CollationRanks();
    const base = Array.from({ length: 600 }, (_, i) => `ns-${i % 37}/Name-${i}/${i % 2 ? 'Server' : 'server'}`);
    ranks.ranks(base);
    const collator = new Intl.Collator();
    for (const extra of [['ns-1/name-0/Server'], ['a', 'ns-10\u0000/x'], ['ÿ', 'NS-3/Name-3/Server', 'ns-3/name-3/server']]) {
      const all = [...base, ...extra];
      const r = ranks.ranks(all);
      const byRank = [...all].sort((a, b) => r.get(a)! - r.get(b)! || (a < b ? -1 : 1));
      for (let i = 1; i < byRank.length; i++) expect(collator.compare(byRank[i - 1]!, byRank[i]!)).toBeLessThanOrEqual(0);
      for (const a of extra) for (const b of all) expect(Math.sign(r.get(a)! - r.get(b)!)).toBe(Math.sign(collator.compare(a, b)));
    }
  });
});
