import { describe, expect, it } from 'vitest';
import { ageOf, inputErrors, staleSources } from './freshness.ts';

describe('ageOf', () => {
  const t = '2026-11-30T12:00:00.000Z';
  const at = (ms: number) => Date.parse(t) + ms;
  it.each([
    [-5_000, 'just now'],
    [0, 'just now'],
    [12_000, '12 s ago'],
    [89_000, '89 s ago'],
    [4 * 60_000, '4 min ago'],
    [3 * 3600_000, '3 h ago'],
    [49 * 3600_000, '2 d ago'],
  ])('%i ms after the snapshot: %s', (ms, words) => {
    expect(ageOf(t, at(ms))).toBe(words);
  });
  it('says when the time cannot be read', () => {
    expect(ageOf('not a time', Date.now())).toBe('at an unknown time');
  });
});

describe('staleSources', () => {
  it('keeps the source-stale diagnostics only, with their file', () => {
    const notes = staleSources([
      { code: 'parse-error', file: 'a.yaml', message: 'bad' },
      { code: 'source-stale', file: 'a.yaml', message: 'a.yaml no longer parses; its last good objects are still used' },
      { code: 'source-stale', message: 'the API server is not answering' },
    ]);
    expect(notes).toEqual([
      { file: 'a.yaml', message: 'a.yaml no longer parses; its last good objects are still used' },
      { message: 'the API server is not answering' },
    ]);
  });
});

describe('inputErrors (issue 16: a manifest that failed to parse at start-up got no banner)', () => {
  it.each([
    ['a file that does not parse', { code: 'parse-error', severity: 'error', file: 'np.yaml', line: 3, message: 'bad YAML' }, { code: 'parse-error', where: '(np.yaml:3)', message: 'bad YAML' }],
    [
      'an object with invalid fields',
      { code: 'invalid-object', severity: 'error', file: 'np.yaml', object: { kind: 'NetworkPolicy', namespace: 'db', name: 'deny' }, message: 'invalid' },
      { code: 'invalid-object', where: 'NetworkPolicy db/deny (np.yaml)', message: 'invalid' },
    ],
  ])('%s is an input error', (_what, d, expected) => {
    expect(inputErrors([d])).toEqual([expected]);
  });
  it.each([
    ['an invalid-object warning', { code: 'invalid-object', severity: 'warning', message: 'x' }],
    ['a finding that is not about the input', { code: 'meshed-port-rule-ineffective', severity: 'error', message: 'x' }],
    ['a stale source (its own banner)', { code: 'source-stale', severity: 'warning', message: 'x' }],
  ])('%s is not', (_what, d) => {
    expect(inputErrors([d])).toEqual([]);
  });
});
