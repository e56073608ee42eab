/**
 * The kubectl string form of label selectors, facts from k8s.io/apimachinery
 * pkg/labels/selector_test.go (TestSelectorParse, TestLexerSequence: `x=a,y=b`, `x!=a`,
 * `x in (a,b)`, `x notin (a)`, `!x`, `x`) and selector.go (`!=` is NotIn, which a missing key
 * satisfies), plus the `--sensitive` decision order of graph/sensitive.ts.
 */
import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelectorString } from '../../src/index.ts';
import { isSensitive } from '../../src/graph/sensitive.ts';
import { makeWorkload } from '../builders.ts';

describe('label selector strings (apimachinery labels.Parse)', () => {
  const cases: [string, string, Record<string, string>, boolean][] = [
    ['equality k=v', 'app=db', { app: 'db' }, true],
    ['double equals k==v', 'app==db', { app: 'web' }, false],
    ['inequality k!=v matches other values', 'app!=db', { app: 'web' }, true],
    ['inequality k!=v matches a missing key', 'app!=db', {}, true],
    ['set membership k in (a,b)', 'app in (postgresql,minio)', { app: 'minio' }, true],
    ['set membership k in (a,b) misses a missing key', 'app in (postgresql,minio)', {}, false],
    ['set exclusion k notin (a)', 'tier notin (data)', { tier: 'web' }, true],
    ['existence k', 'backup', { backup: 'daily' }, true],
    ['non-existence !k', '!canary', { canary: 'yes' }, false],
    ['requirements are ANDed, commas inside parentheses belong to the set', 'app in (a,b),tier=data', { app: 'b', tier: 'data' }, true],
    ['ANDed: one failing requirement fails', 'app in (a,b),tier=data', { app: 'b', tier: 'web' }, false],
    ['a prefixed key', 'app.kubernetes.io/name=postgresql', { 'app.kubernetes.io/name': 'postgresql' }, true],
  ];
  for (const [rule, text, labels, expected] of cases) {
    it(rule, () => {
      const r = parseSelectorString(text);
      if (!r.ok) throw new Error(r.message);
      expect(matchesSelector(r.selector, labels)).toBe(expected);
    });
  }
  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['app in (a', /without its “\)”/],
    ['app=a,,tier=b', /empty requirement/],
    ['replicas>1', /not label selector operators/],
    ['app=$x', /not a label value/],
    ['-bad-key=x', /not a label key/],
  ];
  for (const [text, message] of bad) it(`refuses “${text}”`, () => expect(parseSelectorString(text)).toMatchObject({ ok: false, message: expect.stringMatching(message) }));
});

describe('which workloads are sensitive', () => {
  const sel = (t: string) => {
    const r = parseSelectorString(t);
    if (!r.ok) throw new Error(r.message);
    return r.selector;
  };
  const cases: [string, Parameters<typeof makeWorkload>[0], string | undefined, boolean][] = [
    ['default: a database name is sensitive', { id: 'data/postgresql' }, undefined, true],
    ['default: a web server is not', { id: 'web/nginx' }, undefined, false],
    ['a selector replaces the heuristic: postgresql not named', { id: 'data/postgresql' }, 'app in (minio)', false],
    ['a selector names what it selects', { id: 'web/nginx' }, 'app in (nginx)', true],
    ['the annotation "true" wins over a selector', { id: 'web/nginx', annotations: { 'accessgraph.io/sensitive': 'true' } }, 'app in (minio)', true],
    ['the annotation "false" wins over the heuristic', { id: 'data/postgresql', annotations: { 'accessgraph.io/sensitive': 'false' } }, undefined, false],
  ];
  for (const [rule, spec, selector, expected] of cases) it(rule, () => expect(isSensitive(makeWorkload(spec), selector ? sel(selector) : undefined)).toBe(expected));
});
