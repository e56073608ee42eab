import { describe, expect, it } from 'vitest';
import { ageOf, staleSources } from './freshness.ts';

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
