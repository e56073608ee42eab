/**
 * Issue 15 — accept exactly what the API server accepts, fail closed. Every object is checked
 * against the API server's own schema (OpenAPI v3 exported from kube-apiserver v1.34.4 for
 * built-in kinds; the CRDs' openAPIV3Schema from linkerd2 charts/linkerd-crds @ edge-26.8.3
 * for Linkerd and Gateway API kinds) and the metadata rules the API server checks in code.
 * An object it would reject is never evaluated: an `invalid-object` / `unsupported-version`
 * error with the JSON path and the offending field's line, and — for a policy kind — an
 * UnknownScope, so no flow it could decide gets a verdict it does not support. What only
 * Linkerd's webhook or controller refuses grants nothing instead (a bare API server stores it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInventory, formatDiagnostic, ModelIndex, parseManifests, resetTo, type Diagnostic } from '../../src/index.ts';
import type { Inventory } from '../../src/k8s/types.ts';
import { generateValidatorModule } from '../../src/k8s/validate/generate.ts';
import { ACCEPTED, HOSTILE, linkerd, netpol } from './validationCases.ts';

function read(text: string): { inventory: Inventory; diagnostics: Diagnostic[] } {
  const p = parseManifests([{ path: 'in.yaml', text }]);
  const b = buildInventory(p.objects);
  return { inventory: b.inventory, diagnostics: [...p.diagnostics, ...b.diagnostics] };
}

describe('issue 15: an object the API server rejects is never evaluated, and fails closed', () => {
  it.each(HOSTILE)('$rule ($source)', (c) => {
    const { inventory, diagnostics } = read(c.yaml);
    const code = c.code ?? 'invalid-object';
    const errors = diagnostics.filter((d) => d.code === code && d.severity === 'error');
    expect(errors.map((d) => d.path), JSON.stringify(diagnostics, null, 1)).toContain(c.path);
    const d = errors.find((x) => x.path === c.path)!;
    expect(d.object?.file).toBe('in.yaml');
    if (c.line) expect(d.line ?? d.object?.line).toBe(c.line);
    // Not evaluated.
    for (const bucket of ['networkPolicies', 'servers', 'authorizationPolicies', 'meshTLSAuthentications', 'networkAuthentications', 'serverAuthorizations', 'httpRoutes', 'services', 'workloads'] as const) {
      expect(inventory[bucket], bucket).toHaveLength(0);
    }
    if (c.layer && c.rejectedBy) {
      // Refused by Linkerd itself (its admission webhook or policy controller), not by the API
      // server's schema: a bare API server stores it and the controller ignores it, so it grants
      // nothing — the same verdicts as the live source reading it back (oracle test) — and no
      // flow becomes unknown because of it.
      expect(inventory.unknownScopes).toEqual([]);
    } else if (c.layer) {
      expect(inventory.unknownScopes).toHaveLength(1);
      const scope = inventory.unknownScopes[0]!;
      expect(scope.layer).toBe(c.layer);
      expect(scope.path).toBe(c.path);
      expect(scope.namespace).toBe(c.namespace ?? 'app');
      expect(scope.affects).toBe(c.layer === 'l4' ? 'source-or-destination' : 'destination');
    } else expect(inventory.unknownScopes).toEqual([]);
  });
});

describe('issue 15: where the problem is', () => {
  it('the printed diagnostic names the file, the offending field\'s line and its path', () => {
    const { diagnostics } = read(netpol('  podSelector: {}\n  ingress:\n    from: []\n'));
    const d = diagnostics.find((x) => x.code === 'invalid-object')!;
    expect(formatDiagnostic(d)).toMatch(/^error invalid-object NetworkPolicy app\/p \(in\.yaml:6\) at spec\.ingress: spec\.ingress must be a list, not a map\./);
  });
});

describe('issue 15: what the API server accepts is still read', () => {
  it.each(ACCEPTED)('accepted: $rule', ({ yaml }) => {
    const { inventory, diagnostics } = read(yaml);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(inventory.networkPolicies.length + inventory.servers.length + inventory.workloads.length).toBe(1);
    const unknownField = diagnostics.some((d) => d.severity === 'warning' && /unknown field/.test(d.message));
    expect(inventory.unknownScopes.length).toBe(unknownField ? 1 : 0);
  });
  it('an unknown field in a policy is a warning, the object is shown without it, and its flows are unknown (a strict apply — kubectl\'s default — refuses the whole object)', () => {
    const { inventory, diagnostics } = read(netpol('  podSelector: {}\n  ingress:\n  - form: [{podSelector: {}}]\n'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.find((d) => d.path === 'spec.ingress[0].form')).toMatchObject({ code: 'invalid-object', severity: 'warning', line: 7 });
    expect(inventory.networkPolicies).toHaveLength(1);
    expect(inventory.unknownScopes.map((s) => [s.layer, s.path])).toEqual([['l4', 'spec.ingress[0].form']]);
  });
  it('an unknown field in a workload is only a warning: no flow becomes unknown', () => {
    const { inventory, diagnostics } = read('apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: app}\nspec:\n  containerz: []\n  containers: [{name: c, image: x}]\n');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.some((d) => d.severity === 'warning' && d.path === 'spec.containerz')).toBe(true);
    expect(inventory.workloads).toHaveLength(1);
    expect(inventory.unknownScopes).toEqual([]);
  });
  it('the same object with and without metadata.namespace (default) is ONE object: a duplicate', () => {
    const { inventory, diagnostics } = read(`${netpol('  podSelector: {}\n', '{name: p}')}---\n${netpol('  podSelector: {}\n  ingress: [{}]\n', '{name: p, namespace: default}')}`);
    expect(inventory.networkPolicies).toHaveLength(1);
    expect(inventory.networkPolicies[0]!.ingress).toHaveLength(1);
    expect(diagnostics.filter((d) => d.code === 'duplicate-object')).toHaveLength(1);
  });
  it('null is the zero value for built-in kinds (Go decoding): ingress: null is no rules', () => {
    const { inventory, diagnostics } = read(netpol('  podSelector: {}\n  ingress: null\n', '{name: p, namespace: app, creationTimestamp: null}'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(inventory.networkPolicies[0]!.ingress).toEqual([]);
  });
  it('IntOrString takes an integer or a name (x-kubernetes-int-or-string)', () => {
    for (const port of ['80', 'http']) {
      const { inventory, diagnostics } = read(netpol(`  podSelector: {}\n  ingress:\n  - ports: [{port: ${port}}]\n`));
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(inventory.networkPolicies).toHaveLength(1);
    }
    const server = read(linkerd('Server', '  podSelector: {}\n  port: http\n', 'v1beta3'));
    expect(server.inventory.servers).toHaveLength(1);
  });
  it('policyTypes: [] is defaulted like absent: Ingress, plus Egress with egress rules (kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy)', () => {
    const p = read(netpol('  podSelector: {}\n  policyTypes: []\n  egress: [{}]\n')).inventory.networkPolicies[0]!;
    expect([p.ingressIsolation, p.egressIsolation]).toEqual([true, true]);
    const q = read(netpol('  podSelector: {}\n  policyTypes: []\n')).inventory.networkPolicies[0]!;
    expect([q.ingressIsolation, q.egressIsolation]).toEqual([true, false]);
  });
  it('a NetworkPolicy port without protocol is TCP (SetDefaults_NetworkPolicyPort)', () => {
    const p = read(netpol('  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]\n')).inventory.networkPolicies[0]!;
    expect(p.ingress[0]!.ports).toEqual([{ protocol: 'TCP', port: { kind: 'number', number: 80 } }]);
  });
  it('a Quantity is a string or a number (resources: {cpu: 1})', () => {
    const { inventory, diagnostics } = read('apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: app}\nspec:\n  containers: [{name: c, image: x, resources: {limits: {cpu: 1, memory: 128Mi}}}]\n');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(inventory.workloads).toHaveLength(1);
  });
  it('a custom resource field set to null is pruned, not a type error (apiextensions structural pruning)', () => {
    const { inventory, diagnostics } = read(linkerd('Server', '  podSelector: {}\n  port: 8080\n  proxyProtocol: null\n', 'v1beta3'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(inventory.servers).toHaveLength(1);
  });
  it('a live object with Date timestamps validates', () => {
    const b = buildInventory([{ object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'a', creationTimestamp: new Date('2026-01-01T00:00:00Z') }, spec: { podSelector: {} } } }]);
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(b.inventory.networkPolicies).toHaveLength(1);
  });
  it('the model index replays an invalid object\'s unknown scope', () => {
    const p = parseManifests([{ path: 'in.yaml', text: netpol('  podSelector: {}\n  ingress: everything\n') }]);
    const index = new ModelIndex();
    index.apply(resetTo(p.objects));
    const first = index.analyze();
    index.apply({ changes: [] });
    const second = index.analyze();
    expect(first.inventory.unknownScopes).toHaveLength(1);
    expect(second.inventory.unknownScopes).toEqual(first.inventory.unknownScopes);
  });
});

describe('issue 15: the bundled demo and the test fixtures are valid per the real schemas', () => {
  const root = join(import.meta.dirname, '../../../..');
  const dirs = ['apps/api/demo', 'apps/api/test/fixtures/shop', 'apps/api/test/fixtures/shop-change', 'apps/api/test/fixtures/meshed-port', 'apps/api/test/api-fixtures'];
  // Objects that are wrong on purpose (seed 000's NetworkAuthenticationPolicy is a kind no CRD serves).
  const intended = new Set(['unknown-policy-kind']);
  for (const dir of dirs) {
    it(`${dir}: no invalid-object, unsupported-version or parse-error`, () => {
      const files = readdirSync(join(root, dir)).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => ({ path: `${dir}/${f}`, text: readFileSync(join(root, dir, f), 'utf8') }));
      const p = parseManifests(files);
      const b = buildInventory(p.objects);
      const bad = [...p.diagnostics, ...b.diagnostics].filter((d) => ['invalid-object', 'unsupported-version', 'parse-error'].includes(d.code) && !intended.has(d.code));
      expect(bad).toEqual([]);
      expect(b.inventory.unknownScopes).toEqual([]);
    });
  }
});

describe('issue 15: the precompiled validators are what the schemas compile to', () => {
  it('src/k8s/validate/validators.generated.js is current (pnpm --filter @accessgraph/model run schemas:validators)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../src/k8s/validate/validators.generated.js'), 'utf8');
    expect(generateValidatorModule() === committed).toBe(true);
  }, 120_000);
});
