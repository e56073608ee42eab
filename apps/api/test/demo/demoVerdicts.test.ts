/**
 * The bundled demo's expected verdicts (README "Demo cluster"): every protection class, a
 * denied flow, a conflict and the seeds' findings must appear.
 */
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

describe('demo cluster', () => {
  it.each([
    ['wikijs → postgres:5432 is allowed, L4 only', 'wikijs/wikijs', 'postgres/postgresql', 5432, { l4: 'allow', l7: 'n/a', allowed: true, protection: 'l4-only' }],
    ['default → postgres:5432 is denied at L4', 'default/toolbox', 'postgres/postgresql', 5432, { l4: 'deny', allowed: false }],
    ['any namespace → grafana:3000 is allowed', 'kanban/kanban', 'monitoring/grafana', 3000, { allowed: true }],
    ['kube-system backup → minio:9000 is allowed', 'kube-system/etcd-backup', 'minio/minio', 9000, { l4: 'allow', allowed: true }],
    ['wikijs → minio:9000 is denied', 'wikijs/wikijs', 'minio/minio', 9000, { l4: 'deny', allowed: false }],
    ['seed 002 as written: service-a → service-b:8080 is denied at L4 on 4143', 'mesh-demo/service-a', 'mesh-demo/service-b', 8080, { l4: 'deny', l4Port: 4143, l7: 'open', allowed: false }],
    ['seed 002 corrected: service-a → service-b:8080 is doubly protected', 'mesh-fixed/service-a', 'mesh-fixed/service-b', 8080, { l4: 'allow', l4Port: 4143, l7: 'allow', protection: 'both' }],
    ['seed 002 corrected: reporting is authorized at L7 but blocked at L4 (a conflict)', 'mesh-fixed/reporting', 'mesh-fixed/service-b', 8080, { l4: 'deny', l7: 'allow', allowed: false }],
    ['seed 000 equivalent: frontend → backend:8080 is L7 only', 'demo/frontend', 'demo/backend', 8080, { l4: 'open', l7: 'allow', protection: 'l7-only' }],
    ['seed 000: intruder → backend:8080 is denied at L7', 'demo/intruder', 'demo/backend', 8080, { l7: 'deny', allowed: false }],
    ['unrestricted flows are open / none', 'postgres/postgresql', 'wikijs/wikijs', 3000, { l4: 'open', protection: 'none' }],
  ] as const)('%s', (_t, from, to, port, expected) => {
    expect(check(from, to, port)).toMatchObject(expected);
  });

  it('reports the seeds’ findings', () => {
    const codes = new Set(analysis.diagnostics.map((d) => d.code));
    for (const c of ['unknown-policy-kind', 'meshed-port-rule-ineffective', 'server-name-mismatch', 'dead-l7-rule', 'proxy-port-opens-all']) expect(codes).toContain(c);
  });

  it('the graph has every edge class and open-to-all badges', () => {
    const g = analysis.graph();
    const classes = new Set(g.edges.map((e) => e.class));
    for (const c of ['both', 'l4-only', 'l7-only', 'conflict']) expect(classes).toContain(c);
    expect(g.nodes.find((n) => n.id === 'wikijs/wikijs')?.openToAll).toEqual(['3000/TCP']);
    expect(g.nodes.find((n) => n.id === 'postgres/postgresql')).toMatchObject({ sensitive: true, l4Isolated: true, openToAll: [] });
  });
});
