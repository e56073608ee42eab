import { describe, expect, it } from 'vitest';
import { resolveWorkloadSearch } from './workloadSearch.ts';

const WORKLOADS = ['postgres/postgresql', 'wikijs/wikijs', 'monitoring/grafana', 'monitoring/prometheus', 'minio/minio', 'minio/minio-console'];

describe('resolveWorkloadSearch', () => {
  it.each([
    ['an exact id', 'postgres/postgresql', 'postgres/postgresql'],
    ['a bare name, in any case', 'PostgreSQL', 'postgres/postgresql'],
    ['a bare name that is also part of a longer name', 'minio', 'minio/minio'],
    ['a unique part of an id', 'grafa', 'monitoring/grafana'],
  ])('finds %s', (_what, term, id) => {
    expect(resolveWorkloadSearch(term, WORKLOADS)).toEqual({ ok: true, id });
  });

  it('never guesses among several matches: it lists them', () => {
    const r = resolveWorkloadSearch('monitoring', WORKLOADS);
    expect(r).toEqual({ ok: false, message: '“monitoring” matches 2 workloads: monitoring/grafana, monitoring/prometheus. Pick one.' });
  });

  it('says so when nothing matches, and asks for a term when empty', () => {
    expect(resolveWorkloadSearch('redis', WORKLOADS)).toEqual({ ok: false, message: 'No workload matches “redis”.' });
    expect(resolveWorkloadSearch('  ', WORKLOADS).ok).toBe(false);
  });
});
