import { describe, expect, it } from 'vitest';
import { cliCommand, cliSource } from './cliSource.ts';

// Source labels as apps/api/src/sources/{demoSource,manifestWatch,live}.ts set them.
describe('cliSource: the CLI flags for the snapshot’s source (issue 16: live sources printed --demo)', () => {
  it.each([
    ['the demo', 'demo', '--demo'],
    ['manifests: one flag per path', 'manifests: deploy/a.yaml, deploy/b', '--manifests deploy/a.yaml --manifests deploy/b'],
    ['a path with a space is quoted', 'manifests: my dir/x.yaml', "--manifests 'my dir/x.yaml'"],
    ['a kubeconfig context (live:loadKubeConfig’s `context: <name>`)', 'context: kind-prod', '--context kind-prod'],
    ['a label that names the kubeconfig file too', 'kubeconfig: /home/me/.kube/prod, context: prod', '--kubeconfig /home/me/.kube/prod --context prod'],
  ])('%s', (_what, source, flags) => {
    expect(cliSource(source)).toEqual({ ok: true, flags });
  });

  it.each([
    ['in-cluster: the CLI needs cluster access, not --demo', 'in-cluster', /--in-cluster.*--kubeconfig/],
    ['an unknown label: a note, not --demo', 'something-else', /no CLI equivalent/],
  ])('%s', (_what, source, note) => {
    const s = cliSource(source);
    expect(s.ok).toBe(false);
    if (!s.ok) {
      expect(s.note).toMatch(note);
      expect(s.note).not.toMatch(/--demo/);
    }
    expect(cliCommand('a/x', 'b/y', '80', s)).toBeNull();
  });

  it('builds the command from the flags', () => {
    expect(cliCommand('wikijs/wikijs', 'postgres/postgresql', '5432', cliSource('context: prod'))).toBe('accessgraph check wikijs/wikijs postgres/postgresql:5432 --context prod');
    expect(cliCommand('a/x', 'b/y', '', cliSource('demo'))).toBe('accessgraph check a/x b/y --demo');
  });
});
