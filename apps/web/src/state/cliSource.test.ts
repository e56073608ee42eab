import { describe, expect, it } from 'vitest';
import { cliCommand, cliSource } from './cliSource.ts';
import type { SourceOrigin } from '../api/queries.ts';

// Origins as apps/api/src/sources/{demoSource,manifestWatch,liveConfig}.ts set them (GET /api/v1/snapshot `origin`).
describe('cliSource: the CLI flags for the snapshot’s source, from the source as data (issue 16: live sources printed --demo; issue 18: no label parsing)', () => {
  it.each<[string, SourceOrigin, string]>([
    ['the demo', { kind: 'demo' }, '--demo'],
    ['manifests: one flag per path', { kind: 'manifests', paths: ['deploy/a.yaml', 'deploy/b'] }, '--manifests deploy/a.yaml --manifests deploy/b'],
    ['a path with a space is quoted', { kind: 'manifests', paths: ['my dir/x.yaml'] }, "--manifests 'my dir/x.yaml'"],
    ['a path with a comma stays one path (a label would have split it)', { kind: 'manifests', paths: ['a, b.yaml'] }, "--manifests 'a, b.yaml'"],
    ['a kubeconfig context (liveConfig: the current context)', { kind: 'cluster', context: 'kind-prod' }, '--context kind-prod'],
    ['a kubeconfig file named with --kubeconfig too', { kind: 'cluster', kubeconfig: '/home/me/.kube/prod', context: 'prod' }, '--kubeconfig /home/me/.kube/prod --context prod'],
  ])('%s', (_what, origin, flags) => {
    expect(cliSource(origin, 'label')).toEqual({ ok: true, flags });
  });

  it.each<[string, SourceOrigin | undefined, RegExp]>([
    ['in-cluster: the CLI needs cluster access, not --demo', { kind: 'in-cluster' }, /--in-cluster.*--kubeconfig/],
    ['no origin (a source with no CLI equivalent): a note naming the label, not --demo', undefined, /\(something-else\) has no CLI equivalent/],
  ])('%s', (_what, origin, note) => {
    const s = cliSource(origin, 'something-else');
    expect(s.ok).toBe(false);
    if (!s.ok) {
      expect(s.note).toMatch(note);
      expect(s.note).not.toMatch(/--demo/);
    }
    expect(cliCommand('a/x', 'b/y', '80', s)).toBeNull();
  });

  it('builds the command from the flags', () => {
    expect(cliCommand('wikijs/wikijs', 'postgres/postgresql', '5432', cliSource({ kind: 'cluster', context: 'prod' }, 'context: prod'))).toBe('accessgraph check wikijs/wikijs postgres/postgresql:5432 --context prod');
    expect(cliCommand('a/x', 'b/y', '', cliSource({ kind: 'demo' }, 'demo'))).toBe('accessgraph check a/x b/y --demo');
  });
});
