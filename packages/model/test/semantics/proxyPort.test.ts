/**
 * SEMANTICS.md §4 — where the layers meet: between two meshed workloads the CNI sees the
 * destination proxy's inbound port, so NetworkPolicy is evaluated there (`l4Port`).
 */
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/index.ts';
import type { L4Verdict } from '../../src/verdict/types.ts';
import { cluster, codes, deploy, flow, linkerdConfig, namespace, netpol, server } from '../manifests.ts';

type Obj = Record<string, unknown>;
const onlyPort = (port: number) => netpol('data/db-ingress', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port }] }] });
const db = (o: { meshed?: boolean; annotations?: Record<string, string>; ports?: (string | number)[] } = {}) => deploy('data/db', { meshed: o.meshed ?? true, ports: o.ports ?? [5432, '53/UDP'], annotations: o.annotations });
const app = (meshed = true, annotations?: Record<string, string>) => deploy('web/app', { meshed, annotations });

interface Row {
  title: string;
  objects: (Obj | Obj[])[];
  port: number;
  protocol?: Protocol;
  l4Port: number;
  l4: L4Verdict;
  diagnostic?: string;
}

const rows: Row[] = [
  { title: '§4 meshed → meshed TCP is decided on the proxy inbound port 4143', objects: [app(), db(), onlyPort(4143)], port: 5432, l4Port: 4143, l4: 'allow' },
  { title: '§4 a policy admitting only the application port blocks meshed clients', objects: [app(), db(), onlyPort(5432)], port: 5432, l4Port: 4143, l4: 'deny', diagnostic: 'meshed-port-rule-ineffective' },
  { title: '§4 a policy admitting 4143 opens every port of the pod to those sources', objects: [app(), db({ ports: [5432, 9999] }), onlyPort(4143)], port: 9999, l4Port: 4143, l4: 'allow', diagnostic: 'proxy-port-opens-all' },
  { title: '§4 config.linkerd.io/inbound-port moves the port the CNI sees', objects: [app(), db({ annotations: { 'config.linkerd.io/inbound-port': '4000' } }), onlyPort(4000)], port: 5432, l4Port: 4000, l4: 'allow' },
  { title: '§4 an unmeshed client meets the rule for the application port', objects: [app(false), db(), onlyPort(5432)], port: 5432, l4Port: 5432, l4: 'allow' },
  { title: '§4 an unmeshed destination meets the rule for the application port', objects: [app(), db({ meshed: false }), onlyPort(5432)], port: 5432, l4Port: 5432, l4: 'allow' },
  { title: '§4 UDP is never proxied', objects: [app(), db(), netpol('data/dns', { podSelector: {}, ingress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })], port: 53, protocol: 'UDP', l4Port: 53, l4: 'allow' },
  { title: '§4 a port the destination proxy skips (skip-inbound-ports) is decided on the application port', objects: [app(), db({ annotations: { 'config.linkerd.io/skip-inbound-ports': '5432' } }), onlyPort(5432)], port: 5432, l4Port: 5432, l4: 'allow', diagnostic: 'skip-port-bypasses-l7' },
  { title: '§4 a port the client proxy skips (skip-outbound-ports) is decided on the application port', objects: [app(true, { 'config.linkerd.io/skip-outbound-ports': '5432' }), db(), onlyPort(5432)], port: 5432, l4Port: 5432, l4: 'allow' },
  { title: '§4 egress rules of a meshed client are evaluated on 4143 too', objects: [app(), db(), netpol('web/out', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }] }] })], port: 5432, l4Port: 4143, l4: 'deny' },
];

// The outbound transport mode of the control plane (linkerd-config proxy.outboundTransportMode →
// the destination controller's -outbound-transport-mode, linkerd2 controller/cmd/destination/main.go;
// the opaque-transport hint per endpoint in controller/api/destination/endpoint_translator.go
// createWeightedAddr: a meta port never, otherwise forced opaque transport or an opaque port;
// endpoint_translator_test.go "Sends addresses with opaque transport", "Sends admin addresses
// without opaque transport", "Sends Opaque ProtocolHint for opaque ports").
const transparent = linkerdConfig('proxy:\n  outboundTransportMode: transparent\n');
const transportRows: Row[] = [
  { title: '§4 transport-header mode, said explicitly: every TCP port of a meshed pod through 4143', objects: [app(), db(), onlyPort(5432), linkerdConfig('proxy:\n  outboundTransportMode: transport-header\n')], port: 5432, l4Port: 4143, l4: 'deny', diagnostic: 'meshed-port-rule-ineffective' },
  { title: '§4 transparent mode: a port that is not opaque is reached on the application port', objects: [app(), db({ ports: [8080] }), onlyPort(8080), transparent], port: 8080, l4Port: 8080, l4: 'allow' },
  { title: '§4 transparent mode: a rule admitting only 4143 no longer admits a non-opaque port', objects: [app(), db({ ports: [8080] }), onlyPort(4143), transparent], port: 8080, l4Port: 8080, l4: 'deny' },
  { title: '§4 transparent mode: a default opaque port (5432 in proxy.opaquePorts) still goes through 4143', objects: [app(), db(), onlyPort(5432), transparent], port: 5432, l4Port: 4143, l4: 'deny', diagnostic: 'meshed-port-rule-ineffective' },
  { title: '§4 transparent mode: proxy.opaquePorts replaces the default opaque ports', objects: [app(), db(), onlyPort(5432), linkerdConfig('proxy:\n  outboundTransportMode: transparent\n  opaquePorts: "3306"\n')], port: 5432, l4Port: 5432, l4: 'allow' },
  { title: '§4 transparent mode: the opaque-ports annotation replaces the defaults (an annotated pod)', objects: [app(), db({ ports: [5432, 9000], annotations: { 'config.linkerd.io/opaque-ports': '9000' } }), onlyPort(5432), transparent], port: 5432, l4Port: 5432, l4: 'allow' },
  { title: '§4 transparent mode: an annotated opaque port goes through 4143', objects: [app(), db({ ports: [5432, 9000], annotations: { 'config.linkerd.io/opaque-ports': '9000' } }), onlyPort(9000), transparent], port: 9000, l4Port: 4143, l4: 'deny', diagnostic: 'meshed-port-rule-ineffective' },
  { title: '§4 transparent mode: an opaque-ports entry may be a container port name (pkg/util ParseContainerOpaquePorts)', objects: [app(), deploy('data/db', { meshed: true, ports: ['wire:9000'], annotations: { 'config.linkerd.io/opaque-ports': 'wire' } }), onlyPort(9000), transparent], port: 9000, l4Port: 4143, l4: 'deny', diagnostic: 'meshed-port-rule-ineffective' },
  { title: '§4 transparent mode: a Server with proxyProtocol opaque makes its port opaque (watcher SetToServerProtocol)', objects: [app(), db({ ports: [8080] }), onlyPort(8080), server('data/db-8080', { app: 'db' }, 8080, { proxyProtocol: 'opaque' }), transparent], port: 8080, l4Port: 4143, l4: 'deny', diagnostic: 'meshed-port-rule-ineffective' },
  { title: '§4 transparent mode: a Server with another protocol leaves the port transparent', objects: [app(), db({ ports: [8080] }), onlyPort(8080), server('data/db-8080', { app: 'db' }, 8080, { proxyProtocol: 'HTTP/1' }), transparent], port: 8080, l4Port: 8080, l4: 'allow' },
  { title: '§4 transparent mode is said in an info finding', objects: [app(), db({ ports: [8080] }), onlyPort(8080), transparent], port: 8080, l4Port: 8080, l4: 'allow', diagnostic: 'transparent-transport' },
  { title: '§4 a hand-written linkerd-config without outboundTransportMode is the chart default, transport-header', objects: [app(), db({ ports: [8080] }), onlyPort(8080), linkerdConfig('proxy:\n  defaultInboundPolicy: all-unauthenticated\n')], port: 8080, l4Port: 4143, l4: 'deny', diagnostic: 'meshed-port-rule-ineffective' },
  { title: '§4 a full install of a control plane older than edge-25.3.2 (linkerdVersion, no outboundTransportMode) is transparent', objects: [app(), db({ ports: [8080] }), onlyPort(8080), linkerdConfig('linkerdVersion: stable-2.14.10\nproxy:\n  opaquePorts: "25,587,3306,4444,5432,6379,9300,11211"\n')], port: 8080, l4Port: 8080, l4: 'allow', diagnostic: 'transparent-transport' },
  { title: '§4 an unknown outboundTransportMode is transparent, as the destination controller falls back', objects: [app(), db({ ports: [8080] }), onlyPort(8080), linkerdConfig('proxy:\n  outboundTransportMode: sideways\n')], port: 8080, l4Port: 8080, l4: 'allow', diagnostic: 'invalid-object' },
];

describe('§4 the port the CNI sees', () => {
  it.each([...rows, ...transportRows])('$title', (row) => {
    const a = cluster(row.objects);
    const cell = flow(a, 'web/app', 'data/db', row.port, row.protocol ?? 'TCP');
    expect(cell.l4).toBe(row.l4);
    expect(cell.l4Port).toBe(row.l4Port);
    if (row.diagnostic) expect(codes(a)).toContain(row.diagnostic);
    else expect(codes(a)).not.toContain('meshed-port-rule-ineffective');
  });

  it('§4 the reasons say the verdict was decided on the proxy port', () => {
    const cell = flow(cluster([app(), db(), onlyPort(5432)]), 'web/app', 'data/db', 5432);
    expect(cell.reasons.l4.map((r) => r.role)).toContain('proxy-port');
    expect(cell.reasons.l4.find((r) => r.role === 'isolates')?.text).toContain('4143');
  });

  // The graph shows §4's trap as an edge: L4 blocks on 4143 what its rule admits on the
  // application port, while L7 would let the client in — the layers disagree.
  // (includeOpen: with two workloads, a port every client reaches is otherwise a badge, not an edge.)
  const edgeOf = (objects: readonly (Obj | Obj[])[]) => cluster([...objects]).graph({ includeOpen: true }).edges.find((e) => e.id === 'web/app->data/db');
  const denyByDefault = namespace('data', {}, { 'config.linkerd.io/default-inbound-policy': 'deny' });
  it.each([
    ['§4 a rule for the application port only, L7 open: a conflict edge blocked on the proxy port', [app(), db(), onlyPort(5432)], { class: 'conflict', port: { port: 5432, l4: 'deny', l4Port: 4143, l7: 'open', proxyPortBlocked: true } }],
    ['§4 a rule for the application port only, L7 denies too: no edge (both layers keep the client out)', [app(), db(), onlyPort(5432), denyByDefault, server('data/db-pg', { app: 'db' }, 5432)], undefined],
    ['§4 an unmeshed client meets the application-port rule: an L4-only edge, not blocked', [app(false), db(), onlyPort(5432)], { class: 'l4-only', port: { port: 5432, l4: 'allow', l4Port: 5432 } }],
    ['§4 a rule admitting 4143: allowed on the proxy port, nothing blocked', [app(), db(), onlyPort(4143)], { class: 'l4-only', port: { port: 5432, l4: 'allow', l4Port: 4143 } }],
  ] as const)('%s', (_title, objects, expected) => {
    const edge = edgeOf(objects);
    if (expected === undefined) return expect(edge).toBeUndefined();
    expect(edge?.class).toBe(expected.class);
    const port = edge?.ports.find((p) => p.port === 5432);
    expect(port).toMatchObject(expected.port);
    if (!('proxyPortBlocked' in expected.port)) expect(port?.proxyPortBlocked).toBeUndefined();
  });

  it('§7 proxy-admin-port-blocked when a meshed pod is isolated without admitting 4191', () => {
    expect(codes(cluster([app(), db(), onlyPort(4143)]))).toContain('proxy-admin-port-blocked');
    const admin = netpol('data/admin', { podSelector: {}, ingress: [{ ports: [{ port: 4191 }] }] });
    expect(codes(cluster([app(), db(), onlyPort(4143), admin]))).not.toContain('proxy-admin-port-blocked');
  });
});
