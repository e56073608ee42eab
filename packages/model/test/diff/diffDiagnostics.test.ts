import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.ts';
import { diffDiagnostics } from '../../src/diff/diffDiagnostics.ts';

const finding = (name: string, over: Partial<Diagnostic> = {}): Diagnostic => ({
  code: 'policy-selects-nothing',
  severity: 'info',
  object: { kind: 'NetworkPolicy', namespace: 'shop', name, file: 'before/policies.yaml', line: 3 },
  message: `NetworkPolicy shop/${name} selects no workload`,
  ...over,
});

describe('diffDiagnostics', () => {
  it('treats the same finding in another file or line as unchanged', () => {
    const moved = finding('a', { object: { kind: 'NetworkPolicy', namespace: 'shop', name: 'a', file: 'after/all.yaml', line: 40 } });
    expect(diffDiagnostics([finding('a')], [moved])).toEqual({ introduced: [], resolved: [] });
  });

  it('reports findings only after as introduced and only before as resolved', () => {
    const d = diffDiagnostics([finding('a'), finding('b')], [finding('b'), finding('c')]);
    expect(d.introduced.map((x) => x.object?.name)).toEqual(['c']);
    expect(d.resolved.map((x) => x.object?.name)).toEqual(['a']);
  });

  it('tells findings apart by code, severity and message', () => {
    const d = diffDiagnostics([finding('a')], [finding('a', { severity: 'warning' }), finding('a', { message: 'other' })]);
    expect(d.introduced).toHaveLength(2);
    expect(d.resolved).toHaveLength(1);
  });

  it('counts repeated findings as a multiset', () => {
    const d = diffDiagnostics([finding('a'), finding('a')], [finding('a')]);
    expect(d.introduced).toEqual([]);
    expect(d.resolved).toHaveLength(1);
  });

  it('compares file-level findings (no object) by message', () => {
    const parse = (file: string): Diagnostic => ({ code: 'parse-error', severity: 'error', file, line: 2, message: 'bad indentation' });
    expect(diffDiagnostics([parse('a.yaml')], [parse('b.yaml')])).toEqual({ introduced: [], resolved: [] });
  });
});
