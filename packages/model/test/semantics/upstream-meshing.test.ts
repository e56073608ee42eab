/**
 * Meshing as Linkerd's proxy injector decides it (linkerd2 pkg/inject/), the proxy annotations
 * it copies from the namespace, and the container ports a meshed pod ends up declaring.
 */
import { describe, expect, it } from 'vitest';
import { buildInventory, type Diagnostic, type Workload } from '../../src/index.ts';
import type { MeshedBy } from '../../src/k8s/types.ts';
import { cluster, codes, deploy, flow, namespace, netpol } from '../manifests.ts';

type Obj = Record<string, unknown>;

function build(objects: (Obj | Obj[])[]): { workloads: Workload[]; diagnostics: Diagnostic[] } {
  const { inventory, diagnostics } = buildInventory(objects.flat().map((object, i) => ({ object, file: 'm.yaml', line: i + 1 })));
  return { workloads: inventory.workloads, diagnostics };
}

const TRUTH_TABLE = 'linkerd2 pkg/inject/report.go disabledByAnnotation (truth table), isInjectAnnotationValid';
const INJECTABLE = 'linkerd2 pkg/inject/report.go Injectable';

const withInject = (ns: string | undefined, pod: string | undefined, extra: { hostNetwork?: boolean } = {}) => [
  namespace('app', {}, ns === undefined ? {} : { 'linkerd.io/inject': ns }),
  deploy('app/web', { annotations: pod === undefined ? {} : { 'linkerd.io/inject': pod }, ...extra }),
];

interface InjectRow {
  title: string;
  upstream: string;
  objects: (Obj | Obj[])[];
  meshed: boolean;
  meshedBy?: MeshedBy;
  diagnostic?: string;
}

const injectRows: InjectRow[] = [
  { title: 'namespace enabled, pod enabled: injected', upstream: TRUTH_TABLE, objects: withInject('enabled', 'enabled'), meshed: true, meshedBy: 'workload-annotation' },
  { title: 'namespace enabled, pod unset: injected by the namespace', upstream: TRUTH_TABLE, objects: withInject('enabled', undefined), meshed: true, meshedBy: 'namespace-annotation' },
  { title: 'namespace enabled, pod empty: injected by the namespace', upstream: TRUTH_TABLE, objects: withInject('enabled', ''), meshed: true, meshedBy: 'namespace-annotation' },
  { title: 'namespace enabled, pod disabled: not injected', upstream: TRUTH_TABLE, objects: withInject('enabled', 'disabled'), meshed: false },
  { title: 'namespace disabled, pod enabled: injected', upstream: TRUTH_TABLE, objects: withInject('disabled', 'enabled'), meshed: true, meshedBy: 'workload-annotation' },
  { title: 'namespace unset, pod enabled: injected', upstream: TRUTH_TABLE, objects: withInject(undefined, 'enabled'), meshed: true, meshedBy: 'workload-annotation' },
  { title: 'namespace disabled, pod disabled: not injected', upstream: TRUTH_TABLE, objects: withInject('disabled', 'disabled'), meshed: false },
  { title: 'namespace unset, pod disabled: not injected', upstream: TRUTH_TABLE, objects: withInject(undefined, 'disabled'), meshed: false },
  { title: 'namespace disabled, pod unset: not injected', upstream: TRUTH_TABLE, objects: withInject('disabled', undefined), meshed: false },
  { title: 'neither annotated: not injected', upstream: TRUTH_TABLE, objects: withInject(undefined, undefined), meshed: false },
  { title: 'namespace ingress injects (ingress mode)', upstream: 'linkerd2 pkg/inject/report.go InjectEnabledValues', objects: withInject('ingress', undefined), meshed: true, meshedBy: 'namespace-annotation' },
  { title: 'pod ingress injects', upstream: 'linkerd2 pkg/inject/report.go InjectEnabledValues', objects: withInject(undefined, 'ingress'), meshed: true, meshedBy: 'workload-annotation' },
  { title: 'pod "true" is not a valid value: not injected, diagnosed', upstream: TRUTH_TABLE, objects: withInject(undefined, 'true'), meshed: false, diagnostic: 'invalid-annotation' },
  { title: 'pod "true" under an enabled namespace: still not injected', upstream: TRUTH_TABLE, objects: withInject('enabled', 'true'), meshed: false, diagnostic: 'invalid-annotation' },
  { title: 'namespace "true" is invalid: not injected, diagnosed on the namespace', upstream: TRUTH_TABLE, objects: withInject('true', undefined), meshed: false, diagnostic: 'invalid-annotation' },
  { title: 'namespace "true" blocks injection even for a pod annotated enabled', upstream: TRUTH_TABLE, objects: withInject('true', 'enabled'), meshed: false, diagnostic: 'invalid-annotation' },
  { title: 'hostNetwork pods are never injected', upstream: INJECTABLE, objects: withInject('enabled', 'enabled', { hostNetwork: true }), meshed: false, diagnostic: 'host-network-pod' },
  {
    title: 'a live pod with a linkerd-proxy container is meshed whatever the annotations say',
    upstream: 'linkerd2 pkg/healthcheck HasExistingSidecars',
    objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'app', annotations: { 'linkerd.io/inject': 'disabled' } }, spec: { containers: [{ name: 'c', image: 'x' }, { name: 'linkerd-proxy', image: 'p' }] } }],
    meshed: true,
    meshedBy: 'proxy-container',
  },
  {
    title: 'a native sidecar proxy (initContainers, restartPolicy Always) is meshed',
    upstream: 'linkerd2 charts/partials/templates/_proxy.tpl (proxy.nativeSidecar)',
    objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'app' }, spec: { initContainers: [{ name: 'linkerd-proxy', image: 'p', restartPolicy: 'Always' }], containers: [{ name: 'c', image: 'x' }] } }],
    meshed: true,
    meshedBy: 'proxy-container',
  },
  {
    title: 'an init container named linkerd-proxy that is not a sidecar does not mesh',
    upstream: 'kubernetes sidecar containers (restartPolicy Always)',
    objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'app' }, spec: { initContainers: [{ name: 'linkerd-proxy', image: 'p' }], containers: [{ name: 'c', image: 'x' }] } }],
    meshed: false,
  },
];

describe('upstream meshing: linkerd.io/inject', () => {
  it.each(injectRows)('$title ($upstream)', (row) => {
    const { workloads, diagnostics } = build(row.objects);
    expect(workloads).toHaveLength(1);
    expect(workloads[0]!.meshed).toBe(row.meshed);
    expect(workloads[0]!.meshedBy).toBe(row.meshed ? row.meshedBy : 'none');
    if (row.diagnostic) expect(diagnostics.map((d) => d.code)).toContain(row.diagnostic);
    else expect(diagnostics.map((d) => d.code)).not.toContain('invalid-annotation');
  });
});

const INHERIT = 'linkerd2 pkg/inject/inject.go AppendNamespaceAnnotations, GetConfigOverride; inject_test.go TestGetOverriddenValues';

interface InheritRow {
  title: string;
  ns: Record<string, string>;
  pod?: Record<string, string>;
  meshed?: boolean;
  expect: Partial<Workload>;
  annotation?: [string, string | undefined];
}

const inheritRows: InheritRow[] = [
  { title: 'skip-inbound-ports from the namespace', ns: { 'config.linkerd.io/skip-inbound-ports': '5432,6000-6010' }, expect: { skipInboundPorts: [{ from: 5432, to: 5432 }, { from: 6000, to: 6010 }] } },
  { title: "the pod's own skip-inbound-ports wins", ns: { 'config.linkerd.io/skip-inbound-ports': '5432' }, pod: { 'config.linkerd.io/skip-inbound-ports': '6379' }, expect: { skipInboundPorts: [{ from: 6379, to: 6379 }] } },
  { title: 'inbound-port from the namespace', ns: { 'config.linkerd.io/inbound-port': '4000' }, expect: { proxyInboundPort: 4000 } },
  { title: 'admin-port from the namespace', ns: { 'config.linkerd.io/admin-port': '9991' }, expect: { proxyAdminPort: 9991 } },
  { title: 'control-port from the namespace', ns: { 'config.linkerd.io/control-port': '9990' }, expect: { proxyControlPort: 9990 } },
  { title: 'opaque-ports from the namespace', ns: { 'config.linkerd.io/opaque-ports': '3306' }, expect: { opaquePorts: [{ from: 3306, to: 3306 }] } },
  { title: 'default-inbound-policy from the namespace', ns: { 'config.linkerd.io/default-inbound-policy': 'deny' }, expect: { defaultInboundPolicy: 'deny' } },
  { title: "the pod's own default-inbound-policy wins", ns: { 'config.linkerd.io/default-inbound-policy': 'deny' }, pod: { 'config.linkerd.io/default-inbound-policy': 'all-authenticated' }, expect: { defaultInboundPolicy: 'all-authenticated' } },
  { title: 'proxy-require-identity-inbound-ports is seen by every reader of annotations', ns: { 'config.linkerd.io/proxy-require-identity-inbound-ports': '8080' }, expect: {}, annotation: ['config.linkerd.io/proxy-require-identity-inbound-ports', '8080'] },
  { title: 'skip-outbound-ports is seen by every reader of annotations', ns: { 'config.linkerd.io/skip-outbound-ports': '443' }, expect: {}, annotation: ['config.linkerd.io/skip-outbound-ports', '443'] },
  { title: 'an annotation the injector does not copy stays on the namespace', ns: { 'example.com/owner': 'team-a' }, expect: {}, annotation: ['example.com/owner', undefined] },
  { title: 'nothing is copied onto a workload that is not injected', ns: { 'config.linkerd.io/skip-inbound-ports': '5432' }, meshed: false, expect: { skipInboundPorts: [] }, annotation: ['config.linkerd.io/skip-inbound-ports', undefined] },
];

describe('upstream meshing: proxy annotations inherited from the namespace', () => {
  it.each(inheritRows)(`$title (${INHERIT})`, (row) => {
    const { workloads } = build([namespace('app', {}, row.ns), deploy('app/web', { meshed: row.meshed ?? true, annotations: row.pod })]);
    const w = workloads[0]!;
    expect(w).toMatchObject(row.expect);
    if (row.annotation) expect(w.annotations[row.annotation[0]]).toBe(row.annotation[1]);
  });

  it('a pod that already carries the proxy keeps its own annotations (the injector wrote them when it injected)', () => {
    const { workloads } = build([
      namespace('app', {}, { 'config.linkerd.io/skip-inbound-ports': '5432' }),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'app' }, spec: { containers: [{ name: 'c', image: 'x' }, { name: 'linkerd-proxy', image: 'p' }] } },
    ]);
    expect(workloads[0]!.skipInboundPorts).toEqual([]);
  });

  it('a bad inherited value is reported once, against the namespace', () => {
    const { diagnostics } = build([namespace('app', {}, { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/inbound-port': 'abc' }), deploy('app/a'), deploy('app/b')]);
    const bad = diagnostics.filter((d) => d.path?.includes('inbound-port'));
    expect(bad).toHaveLength(1);
    expect(bad[0]!.object).toMatchObject({ kind: 'Namespace', name: 'app' });
  });
});

const PROXY_PORTS = 'linkerd2 charts/partials/templates/_proxy.tpl (ports linkerd-proxy, linkerd-admin)';
const livePod = (extra: { initContainers?: Obj[]; containers?: Obj[] } = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'db', namespace: 'data', labels: { app: 'db' } },
  spec: {
    ...(extra.initContainers ? { initContainers: extra.initContainers } : {}),
    containers: [
      { name: 'pg', image: 'x', ports: [{ containerPort: 5432 }] },
      ...(extra.containers ?? [{ name: 'linkerd-proxy', image: 'p', ports: [{ containerPort: 4143, name: 'linkerd-proxy' }, { containerPort: 4191, name: 'linkerd-admin' }] }]),
    ],
  },
});
const named = (port: string, from: Obj[] = [{ namespaceSelector: {} }]) => netpol('data/in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from, ports: [{ port }] }] });

interface PortRow {
  title: string;
  upstream: string;
  objects: (Obj | Obj[])[];
  from: string;
  port: number;
  l4: string;
  l4Port: number;
  diagnostic?: string;
  noDiagnostic?: string;
}

const portRows: PortRow[] = [
  { title: "a live meshed pod's linkerd-proxy named port resolves (meshed client, on 4143)", upstream: PROXY_PORTS, objects: [livePod(), deploy('web/app', { meshed: true })], from: 'web/app', port: 5432, l4: 'allow', l4Port: 4143, noDiagnostic: 'named-port-unresolved' },
  { title: "a live meshed pod's linkerd-admin named port resolves", upstream: PROXY_PORTS, objects: [livePod(), deploy('web/app')], from: 'web/app', port: 4191, l4: 'allow', l4Port: 4191 },
  { title: 'a template that will be injected resolves linkerd-proxy to its inbound port', upstream: PROXY_PORTS, objects: [deploy('data/db', { meshed: true, ports: [5432] }), deploy('web/app', { meshed: true })], from: 'web/app', port: 5432, l4: 'allow', l4Port: 4143 },
  { title: 'a template that will be injected resolves linkerd-proxy to a moved inbound port', upstream: PROXY_PORTS, objects: [deploy('data/db', { meshed: true, ports: [5432], annotations: { 'config.linkerd.io/inbound-port': '4000' } }), deploy('web/app', { meshed: true })], from: 'web/app', port: 5432, l4: 'allow', l4Port: 4000 },
  { title: 'an unmeshed pod declares no linkerd-proxy port', upstream: PROXY_PORTS, objects: [deploy('data/db', { ports: [5432] }), deploy('web/app')], from: 'web/app', port: 5432, l4: 'deny', l4Port: 5432, diagnostic: 'named-port-unresolved' },
  {
    title: "an init container's (native sidecar's) named port resolves",
    upstream: 'kubernetes sidecar containers; linkerd2 policy-controller pod port names include init containers',
    objects: [livePod({ initContainers: [{ name: 'side', image: 's', restartPolicy: 'Always', ports: [{ containerPort: 9000, name: 'side-http' }] }], containers: [] }), deploy('web/app')],
    from: 'web/app',
    port: 9000,
    l4: 'allow',
    l4Port: 9000,
  },
];

describe('upstream meshing: container ports for named ports', () => {
  it.each(portRows)('$title ($upstream)', (row) => {
    const portName = row.title.includes('linkerd-admin') ? 'linkerd-admin' : row.title.includes('init container') ? 'side-http' : 'linkerd-proxy';
    const a = cluster([...row.objects, named(portName)]);
    const cell = flow(a, row.from, a.inventory.workloads.find((w) => w.namespace === 'data')!.id, row.port);
    expect({ l4: cell.l4, l4Port: cell.l4Port }).toEqual({ l4: row.l4, l4Port: row.l4Port });
    if (row.diagnostic) expect(codes(a)).toContain(row.diagnostic);
    if (row.noDiagnostic) expect(codes(a)).not.toContain(row.noDiagnostic);
  });

  it('the proxy ports are not application ports (the graph and the matrix do not list them)', () => {
    const { workloads } = build([livePod()]);
    expect(workloads[0]!.ports.map((p) => p.port)).toEqual([5432]);
    expect(workloads[0]!.proxyPorts.map((p) => `${p.name}:${p.port}`)).toEqual(['linkerd-proxy:4143', 'linkerd-admin:4191']);
  });
});
