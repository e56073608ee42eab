/**
 * SEMANTICS.md §3 — L4, NetworkPolicy as the CNI enforces it. One row per rule and per edge
 * case the section lists; every workload here is unmeshed, so L4 is decided on the
 * application port (§4 has its own table).
 */
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/index.ts';
import type { L4Verdict } from '../../src/verdict/types.ts';
import { cluster, codes, deploy, flow, namespace, netpol } from '../manifests.ts';

type Obj = Record<string, unknown>;
interface Row {
  title: string;
  objects: (Obj | Obj[])[];
  from: string;
  to: string;
  port: number;
  protocol?: Protocol;
  l4: L4Verdict;
  diagnostic?: string;
}

const web = deploy('shop/web', { ports: [8080] });
const db = deploy('shop/db', { ports: ['pg:5432', 'metrics:9187'], labels: { tier: 'data' } });
const client = deploy('other/client', { ports: [80] });
const denyAll = netpol('shop/deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
const ingressFrom = (from: Obj[], ports?: Obj[]) => [{ from, ...(ports ? { ports } : {}) }];

const rows: Row[] = [
  { title: '§3.1 a policy applies to the pods its podSelector matches in its own namespace', objects: [web, db, netpol('shop/db-only', { podSelector: { matchLabels: { app: 'db' } }, ingress: [] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'open' },
  { title: '§3.1 podSelector {} selects every pod of the namespace', objects: [web, db, denyAll], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.1 a policy never selects pods of another namespace', objects: [web, client, netpol('other/deny', { podSelector: {}, policyTypes: ['Ingress'] })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'open' },
  { title: '§3.2 without policyTypes, Ingress is always a type', objects: [web, db, netpol('shop/p', { podSelector: {} })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.2 without policyTypes, Egress only when there is an egress rule', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'open' },
  { title: '§3.2 without policyTypes, an egress rule makes Egress a type', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.2 policyTypes [] is defaulted like an absent list: Ingress (kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy)', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: [] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.2 policyTypes [] with an egress rule is defaulted to Ingress and Egress (defaults.go)', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: [], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'deny' },
  { title: '§3.1 an absent podSelector is the empty selector, every pod (the API server stores podSelector: {})', objects: [web, db, netpol('shop/p', { policyTypes: ['Ingress'] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.2 explicit policyTypes [Egress] does not isolate ingress', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'open' },
  { title: '§3.3 a direction no policy isolates allows everything', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'deny' },
  { title: '§3.4 rules of all policies selecting a pod are a union', objects: [web, db, denyAll, netpol('shop/allow-db', { podSelector: { matchLabels: { app: 'web' } }, ingress: ingressFrom([{ podSelector: { matchLabels: { app: 'db' } } }]) })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: '§3.5 ingress: [] with Ingress in its types admits nothing', objects: [web, db, netpol('shop/p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })], from: 'shop/db', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.5 ingress: [{}] admits everything', objects: [web, client, netpol('shop/p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: '§3.5 a rule with ports but no from admits every peer on those ports', objects: [web, client, netpol('shop/p', { podSelector: {}, ingress: [{ ports: [{ port: 8080 }] }] })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: '§3.6 podSelector alone means the policy’s own namespace', objects: [web, client, deploy('other/db', { labels: { app: 'db' } }), netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, ingress: ingressFrom([{ podSelector: { matchLabels: { app: 'client' } } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.6 namespaceSelector alone means every pod of the matching namespaces', objects: [web, client, netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: '§3.6 namespaceSelector and podSelector in one entry are ANDed', objects: [web, client, namespace('other', { team: 'x' }), netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { app: 'nope' } } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.6 separate peer entries are ORed', objects: [web, client, namespace('other', { team: 'x' }), netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ namespaceSelector: { matchLabels: { team: 'x' } } }, { podSelector: { matchLabels: { app: 'nope' } } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: '§3.6 namespaceSelector {} selects every namespace', objects: [web, client, netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ namespaceSelector: {} }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'allow' },
  { title: '§3.6 matchExpressions select namespaces (NotIn)', objects: [web, client, netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['other'] }] } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.7 ipBlock matches a pod whose IP is inside the cidr', objects: [web, deploy('other/client', { ips: ['10.1.2.3'] }), netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ ipBlock: { cidr: '10.1.0.0/16' } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'allow', diagnostic: 'ipblock-covers-pods' },
  { title: '§3.7 ipBlock does not match a pod inside an except', objects: [web, deploy('other/client', { ips: ['10.1.2.3'] }), netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§3.7 a pod whose IP is unknown is not matched by any ipBlock', objects: [web, client, netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ ipBlock: { cidr: '0.0.0.0/0' } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'deny' },
  { title: '§9 a workload whose pods are only partly inside an ipBlock is not matched, and reported', objects: [web, deploy('other/client', { ips: ['10.1.2.3', '192.168.1.1'] }), netpol('shop/p', { podSelector: {}, ingress: ingressFrom([{ ipBlock: { cidr: '10.0.0.0/8' } }]) })], from: 'other/client', to: 'shop/web', port: 8080, l4: 'deny', diagnostic: 'ipblock-partial-match' },
  { title: '§3.8 a rule without ports admits all ports', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: { matchLabels: { app: 'web' } } }]) })], from: 'shop/web', to: 'shop/db', port: 9187, l4: 'allow' },
  { title: '§3.8 a numeric port matches only that port', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }], [{ port: 5432 }]) })], from: 'shop/web', to: 'shop/db', port: 9187, l4: 'deny' },
  { title: '§3.8 protocol defaults to TCP: a UDP flow does not match', objects: [web, deploy('shop/dns', { ports: ['53/UDP'] }), netpol('shop/p', { podSelector: { matchLabels: { app: 'dns' } }, ingress: ingressFrom([{ podSelector: {} }], [{ port: 53 }]) })], from: 'shop/web', to: 'shop/dns', port: 53, protocol: 'UDP', l4: 'deny' },
  { title: '§3.8 a UDP port entry admits UDP', objects: [web, deploy('shop/dns', { ports: ['53/UDP'] }), netpol('shop/p', { podSelector: { matchLabels: { app: 'dns' } }, ingress: ingressFrom([{ podSelector: {} }], [{ port: 53, protocol: 'UDP' }]) })], from: 'shop/web', to: 'shop/dns', port: 53, protocol: 'UDP', l4: 'allow' },
  { title: '§3.8 SCTP is matched by protocol', objects: [web, deploy('shop/sig', { ports: ['3868/SCTP'] }), netpol('shop/p', { podSelector: { matchLabels: { app: 'sig' } }, ingress: ingressFrom([{ podSelector: {} }], [{ protocol: 'SCTP' }]) })], from: 'shop/web', to: 'shop/sig', port: 3868, protocol: 'SCTP', l4: 'allow' },
  { title: '§3.8 an entry without port admits every port of its protocol', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }], [{ protocol: 'TCP' }]) })], from: 'shop/web', to: 'shop/db', port: 9187, l4: 'allow' },
  { title: '§3.8 endPort admits the range', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }], [{ port: 9000, endPort: 9200 }]) })], from: 'shop/web', to: 'shop/db', port: 9187, l4: 'allow' },
  { title: '§3.8 endPort excludes ports past the range', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }], [{ port: 9000, endPort: 9100 }]) })], from: 'shop/web', to: 'shop/db', port: 9187, l4: 'deny' },
  { title: '§3.8 a named port is resolved against the destination pod', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }], [{ port: 'pg' }]) })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'allow' },
  { title: '§3.8 a named port matches only the number the destination gives it', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }], [{ port: 'pg' }]) })], from: 'shop/web', to: 'shop/db', port: 9187, l4: 'deny' },
  { title: '§3.8 a named port the destination does not declare matches nothing', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }], [{ port: 'postgres' }]) })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'deny', diagnostic: 'named-port-unresolved' },
  { title: '§3.8 egress named ports are resolved against the destination too', objects: [web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'pg' }] }] })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'allow' },
  { title: '§3.9 both sides must agree: egress isolation of the source blocks', objects: [web, db, netpol('shop/in', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }]) }), netpol('shop/out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [] })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'deny' },
  { title: '§3.9 both sides must agree: egress to the destination plus its ingress admit', objects: [web, db, netpol('shop/in', { podSelector: { matchLabels: { app: 'db' } }, ingress: ingressFrom([{ podSelector: {} }]) }), netpol('shop/out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'allow' },
  { title: '§3.10 open when neither side is isolated', objects: [web, db], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'open' },
  { title: '§3.10 allow when only the source is isolated and its egress admits', objects: [web, db, netpol('shop/out', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }] }] })], from: 'shop/web', to: 'shop/db', port: 5432, l4: 'allow' },
];

describe('§3 L4 — NetworkPolicy', () => {
  it.each(rows)('$title', (row) => {
    const a = cluster(row.objects);
    const cell = flow(a, row.from, row.to, row.port, row.protocol ?? 'TCP');
    expect(cell.l4).toBe(row.l4);
    expect(cell.l4Port).toBe(row.port);
    if (row.diagnostic) expect(codes(a)).toContain(row.diagnostic);
  });

  it('§3.10 an unknown L4 layer gives unknown, never allow, deny or open', () => {
    const a = cluster([web, db, denyAll], { layers: { l4: { state: 'unknown', reason: 'networkpolicies is forbidden' } } });
    const cell = flow(a, 'shop/db', 'shop/web', 8080);
    expect(cell.l4).toBe('unknown');
    expect(cell.allowed).toBeNull();
    expect(cell.reasons.l4[0]?.text).toContain('forbidden');
    expect(codes(a)).toContain('layer-unknown');
  });

  it('§6 reasons name the admitting rule with policy, direction and index', () => {
    const a = cluster([web, db, netpol('shop/p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'x' } } }] }, { from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] })]);
    const r = flow(a, 'shop/web', 'shop/db', 5432).reasons.l4.find((x) => x.role === 'admits');
    expect(r).toMatchObject({ kind: 'NetworkPolicy', namespace: 'shop', name: 'p', direction: 'ingress', rule: 1, file: 'test.yaml' });
  });

  it('policy-selects-nothing is reported for a podSelector matching no workload', () => {
    expect(codes(cluster([web, netpol('shop/p', { podSelector: { matchLabels: { app: 'ghost' } } })]))).toContain('policy-selects-nothing');
  });
});
