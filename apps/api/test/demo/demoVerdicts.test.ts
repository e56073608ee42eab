/**
 * The bundled demo's expected verdicts. The tables of apps/api/demo/README.md are the
 * specification: every row of "Expected verdicts" is checked against the model (verdicts,
 * the port L4 was decided on, and the policy and rule the row names), and "Expected findings"
 * must be exactly the diagnostics the model reports — so the document cannot drift from the
 * product.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, buildInventory, parseManifests, type Cell } from '@accessgraph/model';
import { demoManifests } from '../../src/sources/demoManifests.ts';

const parsed = parseManifests(demoManifests());
const built = buildInventory(parsed.objects);
const analysis = analyze(built.inventory, { inputDiagnostics: [...parsed.diagnostics, ...built.diagnostics] });
const check = (from: string, to: string, port: number): Cell => {
  const r = analysis.check({ from, to, port, protocol: 'TCP' });
  if (!r.ok) throw new Error(r.error);
  return r.cell;
};

const demoReadme = readFileSync(new URL('../../demo/README.md', import.meta.url), 'utf8');

/** The rows of the markdown table under `## heading` (header and separator dropped). */
function tableUnder(heading: string): string[][] {
  const section = demoReadme.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`demo/README.md has no section "${heading}"`);
  const rows = section.split('\n').filter((l) => l.startsWith('|')).map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
  return rows.slice(2);
}

interface ExpectedFlow {
  title: string;
  from: string;
  to: string;
  port: number;
  expected: Pick<Cell, 'l4' | 'l4Port' | 'l7' | 'allowed' | 'protection'>;
  /** `ns/name` and rule index the "why" column names, e.g. "`postgres/allow-postgres-clients` ingress rule 0". */
  policy?: { namespace: string; name: string; rule?: number };
}

const flows: ExpectedFlow[] = tableUnder('Expected verdicts').map(([from = '', to = '', port = '', l4 = '', l7 = '', allowed = '', protection = '', why = '']) => {
  const m = /^(\w+) \((\d+)\)$/.exec(l4);
  if (!m) throw new Error(`bad l4 column "${l4}"`);
  const named = /^`([a-z0-9-]+)\/([a-z0-9-]+)`/.exec(why);
  const rule = /^`[^`]+` (?:ingress )?rule (\d+)/.exec(why);
  const flow: ExpectedFlow = {
    title: `${from} → ${to}:${port} is ${allowed === 'true' ? `allowed (${protection})` : 'not allowed'}: ${why.replace(/`/g, '')}`,
    from,
    to,
    port: Number(port),
    expected: {
      l4: m[1] as Cell['l4'],
      l4Port: Number(m[2]),
      l7: l7 as Cell['l7'],
      allowed: allowed === 'true' ? true : allowed === 'false' ? false : null,
      protection: protection === '—' ? null : (protection as Cell['protection']),
    },
  };
  if (named) flow.policy = { namespace: named[1]!, name: named[2]!, ...(rule ? { rule: Number(rule[1]) } : {}) };
  return flow;
});

describe('demo cluster', () => {
  it('the demo README lists the expected flows', () => {
    expect(flows.length).toBeGreaterThanOrEqual(34);
  });

  it.each(flows.map((f) => [f.title, f] as const))('%s', (_title, { from, to, port, expected, policy }) => {
    const cell = check(from, to, port);
    expect(cell).toMatchObject(expected);
    if (policy) {
      const deciding = [...cell.reasons.l4, ...cell.reasons.l7].filter((r) => r.namespace === policy.namespace && r.name === policy.name);
      expect(deciding, `a reason names ${policy.namespace}/${policy.name}`).not.toHaveLength(0);
      if (policy.rule !== undefined) expect(deciding.map((r) => r.rule)).toContain(policy.rule);
    }
  });

  it('reports exactly the expected findings, with their severities and objects', () => {
    const expected = tableUnder('Expected findings').map(([code = '', severity = '', object = '']) => `${code.replace(/`/g, '')} ${severity} ${object}`).sort();
    const got = analysis.diagnostics.map((d) => `${d.code} ${d.severity} ${d.object ? `${d.object.kind} ${d.object.namespace}/${d.object.name}` : ''}`).sort();
    expect(got).toEqual(expected);
  });

  it('the graph has every edge class and open-to-all badges', () => {
    const g = analysis.graph();
    const classes = new Set(g.edges.map((e) => e.class));
    for (const c of ['both', 'l4-only', 'l7-only', 'conflict']) expect(classes).toContain(c);
    const conflicts = g.edges.filter((e) => e.class === 'conflict').map((e) => `${e.id}${e.ports.some((p) => p.proxyPortBlocked) ? ' (blocked on the proxy port)' : ''}`);
    expect(conflicts.sort()).toEqual(['mesh-demo/service-a->mesh-demo/service-b (blocked on the proxy port)', 'mesh-fixed/reporting->mesh-fixed/service-b']);
    expect(g.nodes.find((n) => n.id === 'wikijs/wikijs')?.openToAll).toEqual(['3000/TCP']);
    expect(g.nodes.find((n) => n.id === 'postgres/postgresql')).toMatchObject({ sensitive: true, l4Isolated: true, openToAll: [] });
  });

  it('the outside is its own node, with edges into what admits it, and exposed workloads carry their paths (issue 17)', () => {
    const g = analysis.graph();
    expect(g.nodes.find((n) => n.id === 'external:0.0.0.0/0')).toMatchObject({ kind: 'External', namespace: '', name: 'outside the cluster', ports: [] });
    const fromOutside = g.edges.filter((e) => e.from === 'external:0.0.0.0/0');
    expect(fromOutside.map((e) => `${e.to} ${e.class}`).sort()).toEqual(
      ['minio/minio', 'monitoring/grafana', 'monitoring/loki', 'monitoring/prometheus', 'postgres/pgadmin', 'storefront/web'].map((to) => `${to} l4-only`),
    );
    const web = g.nodes.find((n) => n.id === 'storefront/web');
    expect(web?.exposures?.map((x) => `${x.object.kind} ${x.object.namespace}/${x.object.name}`)).toEqual(['Service storefront/web', 'Ingress storefront/web']);
    expect(web?.exposures?.[0]?.path).toBe('Service storefront/web type LoadBalancer port 443 → 8080; externalTrafficPolicy Cluster: the pod sees a node IP, not the client');
    expect(g.nodes.filter((n) => n.exposures).map((n) => n.id)).toEqual(['storefront/web']);
    // The matrix lists the outside peer among its workloads.
    expect(analysis.matrix().workloads.find((w) => w.id === 'external:0.0.0.0/0')).toEqual({ id: 'external:0.0.0.0/0', namespace: '', name: 'outside the cluster', kind: 'External', meshed: false, serviceAccount: '' });
  });
});

/**
 * demo/40-admin-tiers.yaml (issue 17): the three tiers in order — AdminNetworkPolicy vault-guard,
 * then the NetworkPolicy of the pod, then the BaselineAdminNetworkPolicy — per
 * kubernetes-sigs/network-policy-api apis/v1alpha1 (rule actions Allow/Deny/Pass, Priority).
 */
describe('demo: the admin-tier namespace (vault)', () => {
  const rows: { from: string; to: string; port: number; l4: Cell['l4']; allowed: boolean; kind: string; name: string; rule: number; why: string }[] = [
    { from: 'monitoring/prometheus', to: 'vault/vault', port: 8200, l4: 'allow', allowed: true, kind: 'AdminNetworkPolicy', name: 'vault-guard', rule: 0, why: 'admin Allow: the NetworkPolicy, which lists only wikijs, cannot refuse it' },
    { from: 'wikijs/wikijs', to: 'vault/vault', port: 8200, l4: 'allow', allowed: true, kind: 'NetworkPolicy', name: 'vault-from-wikijs', rule: 0, why: 'admin Pass, then the NetworkPolicy admits wikijs on 8200' },
    { from: 'wikijs/wikijs', to: 'vault/vault-ui', port: 8000, l4: 'deny', allowed: false, kind: 'BaselineAdminNetworkPolicy', name: 'default', rule: 1, why: 'admin Pass, no NetworkPolicy isolates vault-ui: the baseline denies' },
    { from: 'kanban/kanban', to: 'vault/vault-ui', port: 8000, l4: 'allow', allowed: true, kind: 'BaselineAdminNetworkPolicy', name: 'default', rule: 0, why: 'no admin rule matches, no NetworkPolicy: the baseline allows kanban' },
    { from: 'kanban/kanban', to: 'vault/vault', port: 8200, l4: 'deny', allowed: false, kind: 'NetworkPolicy', name: 'vault-from-wikijs', rule: -1, why: 'no admin rule matches; the NetworkPolicy isolates vault and the baseline never applies' },
    { from: 'default/toolbox', to: 'vault/vault', port: 8200, l4: 'deny', allowed: false, kind: 'AdminNetworkPolicy', name: 'vault-guard', rule: 2, why: 'admin Deny: no NetworkPolicy can reopen it' },
    { from: 'default/toolbox', to: 'vault/vault-ui', port: 8000, l4: 'deny', allowed: false, kind: 'AdminNetworkPolicy', name: 'vault-guard', rule: 2, why: 'admin Deny before the baseline' },
  ];
  it.each(rows.map((r) => [`${r.from} → ${r.to}:${r.port}: ${r.why}`, r] as const))('%s', (_t, r) => {
    const cell = check(r.from, r.to, r.port);
    expect({ l4: cell.l4, allowed: cell.allowed, l7: cell.l7 }).toEqual({ l4: r.l4, allowed: r.allowed, l7: 'n/a' });
    const deciding = cell.reasons.l4.filter((x) => x.kind === r.kind && x.name === r.name);
    expect(deciding, JSON.stringify(cell.reasons.l4)).not.toHaveLength(0);
    if (r.rule >= 0) expect(deciding.map((x) => x.rule)).toContain(r.rule);
  });

  it('admin-tier policies are evaluated, not another engine\'s unknown', () => {
    expect(analysis.diagnostics.filter((d) => d.code === 'layer-unknown')).toEqual([]);
    expect(analysis.inventory.adminPolicies?.map((p) => `${p.kind} ${p.name}`).sort()).toEqual(['AdminNetworkPolicy vault-guard', 'BaselineAdminNetworkPolicy default']);
  });
});
