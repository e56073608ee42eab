/**
 * The one-shot commands on a live cluster (issue 14, "sources on every command"), through the
 * real binary against a real kube-apiserver holding the demo: `check`, `matrix`, `graph` and
 * `assert` with --kubeconfig give the verdicts `--manifests` gives for the same objects (the
 * demo minus what the API server refuses to store); a token without `list networkpolicies`
 * makes L4 unknown (check exit 3), as `serve` does; `diff --before live --after DIR` shows
 * exactly what DIR changes, and `--before DIR --after live` its reverse.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyManifests, applyObjects, installLinkerdCrds, readObjects, type TestCluster } from '@accessgraph/testcluster';
import type { KubernetesObject } from '@kubernetes/client-node';
import { REPO_ROOT, runCli } from '../cli/runCli.ts';
import { DEPLOY, serviceAccountKubeconfig, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');
const DEMO = join(REPO_ROOT, 'apps/api/demo');

interface MatrixCell {
  from: string;
  to: string;
  port: number;
  protocol: string;
  l4Port: number;
  l4: string;
  l7: string;
  allowed: boolean | null;
  protection?: string;
}

/** The verdict columns of `matrix -o json` (reasons cite file:line, which differ by source). */
function verdicts(stdout: string): string[] {
  const doc = JSON.parse(stdout) as { cells: MatrixCell[] };
  return doc.cells.map((c) => `${c.from} ${c.to} ${c.port}/${c.protocol}@${c.l4Port} ${c.l4} ${c.l7} ${c.allowed} ${c.protection ?? ''}`).sort();
}

type DiffCell = { from: string; to: string; port: number; protocol: string; allowed: boolean | null; protection?: string };
interface DiffJson {
  added: DiffCell[];
  removed: DiffCell[];
  reclassified: (DiffCell & { before: DiffCell; after: DiffCell })[];
}

const verdictOf = (c: DiffCell) => `${c.allowed}${c.protection ? `/${c.protection}` : ''}`;

/** `added F T P/proto V`, `removed …`, `reclassified F T P/proto V → V'`. */
function diffCells(stdout: string): string[] {
  const doc = JSON.parse(stdout) as DiffJson;
  const flow = (c: DiffCell) => `${c.from} ${c.to} ${c.port}/${c.protocol}`;
  return [
    ...doc.added.map((c) => `added ${flow(c)} ${verdictOf(c)}`),
    ...doc.removed.map((c) => `removed ${flow(c)} ${verdictOf(c)}`),
    ...doc.reclassified.map((c) => `reclassified ${flow(c)} ${verdictOf(c.before)} → ${verdictOf(c.after)}`),
  ].sort();
}

describe.skipIf(!!unavailable)('one-shot commands on a live cluster', () => {
  let cluster: TestCluster;
  let kubeconfig: string;
  /** The demo objects the API server stored, as one manifest file. */
  let accepted: string;
  const rejected: string[] = [];
  let work: string;

  beforeAll(async () => {
    cluster = await startCluster();
    kubeconfig = cluster.kubeconfigPath;
    await installLinkerdCrds(kubeconfig);
    const objects = readObjects([DEMO]);
    const stored: KubernetesObject[] = [];
    for (const o of [...objects.filter((x) => x.kind === 'Namespace'), ...objects.filter((x) => x.kind !== 'Namespace')]) {
      try {
        await applyObjects(kubeconfig, [o]);
        stored.push(o);
      } catch {
        rejected.push(`${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);
      }
    }
    work = mkdtempSync(join(tmpdir(), 'accessgraph-livecli-'));
    accepted = join(work, 'accepted.json');
    writeFileSync(accepted, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: stored }));
    await applyManifests(kubeconfig, [`${DEPLOY}namespace.yaml`, `${DEPLOY}serviceaccount.yaml`]);
  });
  afterAll(async () => cluster?.stop());

  it('the API server refuses only the kinds no CRD of the test cluster serves (NetworkAuthenticationPolicy; the network-policy-api kinds of demo/40-admin-tiers.yaml)', () => {
    expect([...new Set(rejected.map((r) => r.split(' ')[1]))].sort()).toEqual(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'NetworkAuthenticationPolicy']);
  });

  it('matrix --kubeconfig gives the verdicts of --manifests on the same objects', async () => {
    const live = await runCli(['matrix', '--kubeconfig', kubeconfig, '-o', 'json']);
    const files = await runCli(['matrix', '--manifests', accepted, '-o', 'json']);
    expect(live.code, live.stderr).toBe(0);
    expect(files.code, files.stderr).toBe(0);
    const v = verdicts(live.stdout);
    expect(v.length).toBeGreaterThan(100);
    expect(v).toEqual(verdicts(files.stdout));
    expect((JSON.parse(live.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).not.toContain('layer-unknown');
  });

  it.each([
    ['wikijs/wikijs', 'postgres/postgresql:5432', 0],
    ['default/toolbox', 'postgres/postgresql:5432', 1],
    ['mesh-fixed/service-a', 'mesh-fixed/service-b:8080', 0],
    ['wikijs/wikijs', 'service/postgres/postgresql:postgres', 0],
  ])('check %s %s --kubeconfig: exit %i, the same verdict text as --manifests', async (from, to, code) => {
    const live = await runCli(['check', from, to, '--kubeconfig', kubeconfig, '-o', 'json']);
    const files = await runCli(['check', from, to, '--manifests', accepted, '-o', 'json']);
    expect(live.code, live.stderr).toBe(code);
    expect(files.code).toBe(code);
    const pick = (s: string) => (JSON.parse(s) as { allowed: boolean | null; cells: MatrixCell[] }).cells.map((c) => `${c.to} ${c.port} ${c.l4} ${c.l7} ${c.allowed} ${c.protection}`);
    expect(pick(live.stdout)).toEqual(pick(files.stdout));
  });

  it('graph --kubeconfig -n has the edges of --manifests -n', async () => {
    const edges = (s: string) => (JSON.parse(s) as { edges: { id: string; class: string }[] }).edges.map((e) => `${e.id} ${e.class}`).sort();
    const live = await runCli(['graph', '--kubeconfig', kubeconfig, '-n', 'mesh-fixed,postgres']);
    const files = await runCli(['graph', '--manifests', accepted, '-n', 'mesh-fixed,postgres']);
    expect(live.code, live.stderr).toBe(0);
    expect(edges(live.stdout).length).toBeGreaterThan(0);
    expect(edges(live.stdout)).toEqual(edges(files.stdout));
  });

  it('assert --kubeconfig holds and fails where --manifests does', async () => {
    const expect_ = join(work, 'expectations.yaml');
    writeFileSync(
      expect_,
      [
        'expectations:',
        '  - {from: "default/*", to: postgres/postgresql, port: 5432/TCP, expect: denied}',
        '  - {from: wikijs/wikijs, to: service/postgres/postgresql, port: postgres, expect: allowed}',
        '  - {from: mesh-fixed/service-a, to: mesh-fixed/service-b, port: 8080, expect: allowed, protection: both}',
        '  - {from: "*", to: "mesh-fixed/*", expect: not-open}',
      ].join('\n') + '\n',
    );
    const live = await runCli(['assert', '--expect', expect_, '--kubeconfig', kubeconfig, '-o', 'json']);
    const files = await runCli(['assert', '--expect', expect_, '--manifests', accepted, '-o', 'json']);
    expect(live.code).toBe(files.code);
    const statuses = (s: string) => (JSON.parse(s) as { results: { status: string; flows: number; failureCount: number }[] }).results.map((r) => `${r.status} ${r.flows} ${r.failureCount}`);
    expect(statuses(live.stdout)).toEqual(statuses(files.stdout));
    expect(statuses(live.stdout).slice(0, 3).every((s) => s.startsWith('pass'))).toBe(true);
  });

  it('a token that may not list networkpolicies makes L4 unknown with the reason: check exits 3, never allowed', async () => {
    const full = readObjects([`${DEPLOY}clusterrole.yaml`])[0] as KubernetesObject & { rules: { apiGroups: string[]; resources: string[] }[] };
    const role = { ...full, metadata: { name: 'accessgraph-no-netpol' }, rules: full.rules.filter((r) => !r.resources.includes('networkpolicies')) };
    await applyObjects(kubeconfig, [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'no-netpol', namespace: 'accessgraph' } },
      role as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'accessgraph-no-netpol' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'accessgraph-no-netpol' },
        subjects: [{ kind: 'ServiceAccount', name: 'no-netpol', namespace: 'accessgraph' }],
      } as KubernetesObject,
    ]);
    const limited = await serviceAccountKubeconfig(cluster, 'accessgraph', 'no-netpol');
    // Allowed with every resource readable; the same flow with NetworkPolicies unreadable.
    const r = await runCli(['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--kubeconfig', limited]);
    expect(r.code, r.stderr + r.stdout).toBe(3);
    expect(r.stdout).toMatch(/UNKNOWN/);
    expect(r.stdout).toMatch(/cannot read networkpolicies\.networking\.k8s\.io \(networking\.k8s\.io\/v1\): forbidden \(403\)/);
    const json = JSON.parse((await runCli(['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--kubeconfig', limited, '-o', 'json'])).stdout) as { allowed: null; cells: MatrixCell[] };
    expect(json.allowed).toBeNull();
    expect(json.cells.map((c) => c.l4)).toEqual(['unknown']);
    // A flow L7 denies stays denied: unknown L4 does not hide a layer that decides.
    const denied = await runCli(['check', 'default/toolbox', 'mesh-fixed/service-b:8080', '--kubeconfig', limited]);
    expect(denied.code, denied.stdout).toBe(1);
  });

  it('an API server that does not answer is exit 2 with a clear message, not a verdict', async () => {
    const text = readFileSync(kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1');
    const dead = join(work, 'dead.kubeconfig');
    writeFileSync(dead, text);
    const r = await runCli(['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--kubeconfig', dead]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the API server of context: .* \(https:\/\/127\.0\.0\.1:1\): GET \/version: connect ECONNREFUSED/);
    expect(r.stdout).toBe('');
  });

  describe('diff against live', () => {
    /** A PR that lets mesh-fixed/reporting in at L4 (diffGate.test.ts's change): only its changed file. */
    function prDir(): string {
      const dir = mkdtempSync(join(tmpdir(), 'accessgraph-livepr-'));
      const before = readFileSync(join(DEMO, '21-mesh-fixed.yaml'), 'utf8');
      const after = before.replace('              app: service-a\n      ports:', '              app: service-a\n        - podSelector:\n            matchLabels:\n              app: reporting\n      ports:');
      expect(after).not.toBe(before);
      writeFileSync(join(dir, '21-mesh-fixed.yaml'), after);
      return dir;
    }

    it('--before live --after DIR shows exactly the change DIR makes (the same cells as manifests → manifests)', async () => {
      const pr = prDir();
      const full = mkdtempSync(join(tmpdir(), 'accessgraph-livepr-full-'));
      // The same PR against the stored objects as files: accepted objects, then the PR's file.
      writeFileSync(join(full, 'a.json'), readFileSync(accepted));
      const files = await runCli(['diff', '--before', accepted, '--after', full, '--after', join(pr, '21-mesh-fixed.yaml'), '-o', 'json']);
      const live = await runCli(['diff', '--before', 'live', '--after', pr, '--kubeconfig', kubeconfig, '-o', 'json']);
      expect(live.code, live.stderr).toBe(1);
      const changes = diffCells(live.stdout);
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.every((c) => c.includes('mesh-fixed/reporting mesh-fixed/service-b'))).toBe(true);
      expect(changes).toEqual(diffCells(files.stdout));
      // As a gate: new-allowed is hit, protection-lowered is not.
      const gate = await runCli(['diff', '--before', 'live', '--after', pr, '--kubeconfig', kubeconfig, '--fail-on', 'new-allowed']);
      expect(gate.code).toBe(1);
      expect(gate.stderr).toContain('new-allowed: mesh-fixed/reporting → mesh-fixed/service-b 8080/TCP');
      const passes = await runCli(['diff', '--before', 'live', '--after', pr, '--kubeconfig', kubeconfig, '--fail-on', 'protection-lowered,new-open']);
      expect(passes.code, passes.stderr).toBe(0);
      expect(passes.stderr).toMatch(/gate passed/);
    });

    it('--before DIR --after live is the reverse; the unchanged demo against live is no change', async () => {
      const pr = prDir();
      const forward = diffCells((await runCli(['diff', '--before', 'live', '--after', pr, '--kubeconfig', kubeconfig, '-o', 'json'])).stdout);
      const back = await runCli(['diff', '--before', pr, '--after', 'live', '--kubeconfig', kubeconfig, '-o', 'json']);
      expect(back.code).toBe(1);
      const flip = (c: string) => (c.startsWith('added') ? c.replace(/^added/, 'removed') : c.startsWith('removed') ? c.replace(/^removed/, 'added') : c.replace(/(\S+) → (\S+)$/, '$2 → $1'));
      expect(diffCells(back.stdout)).toEqual(forward.map(flip).sort());
      const same = await runCli(['diff', '--before', 'live', '--after', accepted, '--kubeconfig', kubeconfig, '-o', 'json']);
      expect(same.stdout && diffCells(same.stdout)).toEqual([]);
    });
  });
});
