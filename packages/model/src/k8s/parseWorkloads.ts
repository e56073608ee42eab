/**
 * Workloads (SEMANTICS.md §2): controllers contribute their pod template, Pods fold into
 * their top controller through ownerReferences (Pod → ReplicaSet → Deployment, Pod → Job →
 * CronJob), a bare Pod is its own workload, and owned pods whose top owner is absent stand
 * for it under the owner's kind and name.
 *
 * Upstream facts this file follows:
 * - A Pod owned by a Node (a static pod's mirror) or by any other object that is not a
 *   workload controller is its own workload; two owners of different kinds are never merged,
 *   even with the same name (issue 15): ids stay `namespace/name` unless two workloads share
 *   them, then `namespace/<kind>/name`.
 * - Pods in phase Succeeded/Failed run nothing: no IPs, no labels (kubernetes#110255: their IPs
 *   are matched by no ipBlock). A terminal bare Pod is no workload.
 * - Meshing is the proxy injector's decision (linkerd2 pkg/inject/report.go Injectable and
 *   disabledByAnnotation): hostNetwork pods are never injected; `linkerd.io/inject` must be
 *   `enabled`, `disabled` or `ingress` on the pod and on the namespace, any other value blocks
 *   injection; the namespace enables unless the pod says `disabled`, else the pod must enable.
 * - The injector copies the namespace's proxy configuration annotations onto the pods it
 *   injects when the pod lacks them (pkg/inject/inject.go ProxyAnnotations,
 *   AppendNamespaceAnnotations / GetConfigOverride: the workload's own value wins).
 * - The proxy container declares `linkerd-proxy` (inbound port) and `linkerd-admin` (admin
 *   port) (charts/partials/templates/_proxy.tpl), so those names resolve on meshed pods.
 */
import type { Diagnostic, DiagnosticSink, ObjectRef } from '../diagnostics.ts';
import { parseIp, type IpAddress } from '../net/cidr.ts';
import { DEFAULT_INBOUND_POLICIES, LINKERD_DEFAULTS, type ContainerPort, type DefaultInboundPolicy, type HttpProbe, type MeshedBy, type Namespace, type Workload } from './types.ts';
import { asArr, asObj, asStr, asStringMap, path, type Obj } from './fields.ts';
import { parseContext, type ParseContext } from './parseContext.ts';
import { parsePortList, parseProtocol } from './parsePorts.ts';
import { isOneOf } from '../util/isOneOf.ts';

export const CONTROLLER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

export interface RawWorkloadObject {
  kind: string;
  namespace: string;
  name: string;
  object: Obj;
  ref: ObjectRef;
}

const PROXY_CONTAINER = 'linkerd-proxy';
export const INJECT_ANNOTATION = 'linkerd.io/inject';
/** Values the injector accepts for linkerd.io/inject (pkg/inject/report.go ValidInjectAnnotationValues). */
export const VALID_INJECT_VALUES = ['enabled', 'disabled', 'ingress'] as const;
/** Values that inject (InjectEnabledValues). */
const INJECTING = new Set(['enabled', 'ingress']);

/**
 * Annotations the injector copies from the namespace onto a pod that lacks them
 * (linkerd2 pkg/inject/inject.go ProxyAnnotations + ProxyAlphaConfigAnnotations + linkerd.io/inject,
 * in AppendNamespaceAnnotations). Names are pkg/k8s/labels.go's.
 */
export const INHERITED_PROXY_ANNOTATIONS = [
  'admin-port',
  'control-port',
  'enable-debug-sidecar',
  'enable-external-profiles',
  'image-pull-policy',
  'inbound-port',
  'outbound-port',
  'pod-inbound-ports',
  'proxy-cpu-limit',
  'proxy-cpu-request',
  'proxy-image',
  'proxy-admin-shutdown',
  'proxy-log-format',
  'proxy-log-level',
  'proxy-log-http-headers',
  'proxy-memory-limit',
  'proxy-memory-request',
  'proxy-ephemeral-storage-limit',
  'proxy-ephemeral-storage-request',
  'proxy-uid',
  'proxy-gid',
  'proxy-version',
  'proxy-require-identity-inbound-ports',
  'skip-inbound-ports',
  'opaque-ports',
  'skip-outbound-ports',
  'proxy-metrics-hostname-labels',
  'proxy-outbound-connect-timeout',
  'proxy-inbound-connect-timeout',
  'proxy-await',
  'default-inbound-policy',
  'skip-subnets',
  'access-log',
  'shutdown-grace-period',
  'proxy-outbound-discovery-cache-unused-timeout',
  'proxy-inbound-discovery-cache-unused-timeout',
  'proxy-disable-outbound-protocol-detect-timeout',
  'proxy-disable-inbound-protocol-detect-timeout',
  'proxy-enable-native-sidecar',
  'proxy-additional-env',
]
  .map((k) => `config.linkerd.io/${k}`)
  .concat(['config.alpha.linkerd.io/proxy-wait-before-exit-seconds', 'config.alpha.linkerd.io/proxy-enable-native-sidecar', INJECT_ANNOTATION]);

/** Owner kinds that are not workload controllers: a pod they own is its own workload. */
const NOT_CONTROLLERS = new Set(['Node', 'Namespace', 'Pod', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'PersistentVolume', 'Endpoints']);

function templateOf(kind: string, o: Obj): Obj | undefined {
  if (kind === 'Pod') return o;
  if (kind === 'CronJob') return asObj(path(o, 'spec', 'jobTemplate', 'spec', 'template'));
  return asObj(path(o, 'spec', 'template'));
}

/**
 * The controller owner a pod or controller folds into, if any. Only namespaced workload
 * controllers fold: a core (`v1`) owner folds only when it is a ReplicationController, and a
 * Node (static pods' mirrors: etcd, kube-apiserver, …) or any other non-controller never does.
 */
function foldOwner(o: Obj): { kind: string; name: string } | undefined {
  const refs = asArr(path(o, 'metadata', 'ownerReferences')) ?? [];
  const owner = refs.map(asObj).find((r) => r?.controller === true) ?? (refs.length === 1 ? asObj(refs[0]) : undefined);
  const kind = asStr(owner?.kind);
  const name = asStr(owner?.name);
  if (!kind || !name) return undefined;
  const apiVersion = asStr(owner?.apiVersion);
  if (apiVersion === 'v1' && kind !== 'ReplicationController') return undefined;
  if (apiVersion === undefined && NOT_CONTROLLERS.has(kind)) return undefined;
  return { kind, name };
}

function isTerminal(pod: Obj): boolean {
  const phase = asStr(path(pod, 'status', 'phase'));
  return phase === 'Succeeded' || phase === 'Failed';
}

function objects(v: unknown): Obj[] {
  return (asArr(v) ?? []).map(asObj).filter((c): c is Obj => !!c);
}

/** Containers with where they sit: `containers`, then `initContainers` (native sidecars declare ports too). */
function containersOf(template: Obj | undefined): { c: Obj; where: string; init: boolean }[] {
  return [
    ...objects(path(template, 'spec', 'containers')).map((c, i) => ({ c, where: `spec.containers[${i}]`, init: false })),
    ...objects(path(template, 'spec', 'initContainers')).map((c, i) => ({ c, where: `spec.initContainers[${i}]`, init: true })),
  ];
}

/** The linkerd-proxy container: in `containers`, or a native sidecar (`initContainers` with restartPolicy Always). */
function proxyContainerOf(template: Obj | undefined): { c: Obj; where: string } | undefined {
  return containersOf(template).find((x) => x.c.name === PROXY_CONTAINER && (!x.init || x.c.restartPolicy === 'Always'));
}

const PROBE_KINDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/**
 * The HTTP GET probes of a container, as the policy controller reads them (linkerd2
 * policy-controller/k8s/index/src/inbound/workload.rs pod_http_probes): a port number, or a name
 * of one of the container's own TCP ports (case-insensitive); the path without its query, `/`
 * when unset.
 */
function containerProbes(c: Obj): HttpProbe[] {
  const out: HttpProbe[] = [];
  for (const kind of PROBE_KINDS) {
    const get = asObj(path(c, kind, 'httpGet'));
    if (!get) continue;
    let port: number | undefined;
    if (typeof get.port === 'number') port = Number.isInteger(get.port) && get.port >= 1 && get.port <= 65535 ? get.port : undefined;
    else if (typeof get.port === 'string') {
      const name = get.port.toLowerCase();
      const named = (asArr(c.ports) ?? []).map(asObj).find((p) => typeof p?.name === 'string' && p.name.toLowerCase() === name && (p.protocol === undefined || p.protocol === 'TCP'));
      const n = Number(named?.containerPort);
      port = Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
    }
    if (port === undefined) continue;
    const text = asStr(get.path) ?? '/';
    const cut = text.search(/[?#]/);
    out.push({ port, path: cut >= 0 ? text.slice(0, cut) : text });
  }
  return out;
}

function containerPorts(c: Obj, where: string, container: string, ctx: ParseContext): ContainerPort[] {
  const out: ContainerPort[] = [];
  (asArr(c.ports) ?? []).forEach((p, pi) => {
    const o = asObj(p);
    const port = Number(o?.containerPort);
    const at = `${where}.ports[${pi}]`;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      ctx.invalid(`${at}.containerPort`, `containerPort ${String(o?.containerPort)} is not a port number; this port is ignored`, 'warning');
      return;
    }
    const protocol = parseProtocol(o?.protocol, `${at}.protocol`, ctx);
    if (!protocol) return;
    const name = asStr(o?.name);
    out.push({ ...(name ? { name } : {}), port, protocol, container });
  });
  return out;
}

/** Application ports: every container's and init container's, except the proxy's own. */
function portsOf(template: Obj | undefined, ctx: ParseContext): ContainerPort[] {
  return containersOf(template).flatMap(({ c, where }, i) => {
    const container = asStr(c.name) ?? `container-${i}`;
    return container === PROXY_CONTAINER ? [] : containerPorts(c, where, container, ctx);
  });
}

function ipsOf(pod: Obj): IpAddress[] {
  const texts = new Set<string>();
  const single = asStr(path(pod, 'status', 'podIP'));
  if (single) texts.add(single);
  for (const x of asArr(path(pod, 'status', 'podIPs')) ?? []) {
    const ip = asStr(asObj(x)?.ip);
    if (ip) texts.add(ip);
  }
  return [...texts].map(parseIp).filter((x): x is IpAddress => !!x);
}

function commonLabels(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

export function parseDefaultPolicy(v: string | undefined, ref: ObjectRef, report: DiagnosticSink): DefaultInboundPolicy | undefined {
  if (v === undefined) return undefined;
  if (isOneOf(DEFAULT_INBOUND_POLICIES, v)) return v;
  parseContext(ref, report).invalid(
    "metadata.annotations['config.linkerd.io/default-inbound-policy']",
    `"${v}" is not a Linkerd default inbound policy (${DEFAULT_INBOUND_POLICIES.join(', ')}); it is ignored, as the proxy injector would reject it`,
  );
  return undefined;
}

/** True when `v` is a linkerd.io/inject value the injector accepts (absent and empty count as valid, injecting nothing). */
export function validInjectValue(v: string | undefined): boolean {
  return v === undefined || v === '' || isOneOf(VALID_INJECT_VALUES, v);
}

export function invalidInjectMessage(v: string, where: 'pod' | 'namespace'): string {
  return `linkerd.io/inject "${v}" is not a value the proxy injector accepts (${VALID_INJECT_VALUES.join(', ')}): it injects nothing${where === 'namespace' ? ', and blocks injection for every pod of the namespace, even pods annotated "enabled"' : ''} (linkerd2 pkg/inject/report.go).`;
}

interface InjectDecision {
  meshed: boolean;
  meshedBy: MeshedBy;
}

/** linkerd2 pkg/inject/report.go disabledByAnnotation (webhook origin), with the reasons as diagnostics. */
function injectDecision(podValue: string | undefined, nsValue: string | undefined, ctx: ParseContext): InjectDecision {
  const none: InjectDecision = { meshed: false, meshedBy: 'none' };
  if (!validInjectValue(nsValue)) {
    if (podValue !== undefined && INJECTING.has(podValue)) {
      ctx.sink.report({
        code: 'invalid-annotation',
        severity: 'warning',
        object: ctx.ref,
        path: `metadata.annotations['${INJECT_ANNOTATION}']`,
        message: `asks for injection, but its namespace's linkerd.io/inject "${nsValue}" is not a valid value, and the proxy injector then injects nothing in that namespace: not meshed.`,
      });
    }
    return none;
  }
  if (!validInjectValue(podValue)) {
    ctx.sink.report({ code: 'invalid-annotation', severity: 'warning', object: ctx.ref, path: `metadata.annotations['${INJECT_ANNOTATION}']`, message: `${invalidInjectMessage(podValue!, 'pod')} Not meshed.` });
    return none;
  }
  if (nsValue !== undefined && INJECTING.has(nsValue)) {
    if (podValue === 'disabled') return none;
    return { meshed: true, meshedBy: podValue !== undefined && INJECTING.has(podValue) ? 'workload-annotation' : 'namespace-annotation' };
  }
  return podValue !== undefined && INJECTING.has(podValue) ? { meshed: true, meshedBy: 'workload-annotation' } : none;
}

/** A sink that passes each distinct diagnostic once (a namespace's bad value, inherited by many pods). */
function onceSink(report: DiagnosticSink): DiagnosticSink {
  const seen = new Set<string>();
  return {
    report(d: Diagnostic) {
      const key = JSON.stringify([d.code, d.object, d.path, d.message]);
      if (seen.has(key)) return;
      seen.add(key);
      report.report(d);
    },
  };
}

interface Group {
  namespace: string;
  kind: string;
  name: string;
  controller?: RawWorkloadObject;
  pods: RawWorkloadObject[];
  templates: RawWorkloadObject[];
}

/** Groups controllers and pods into workloads. */
export function buildWorkloads(objects: RawWorkloadObject[], namespaces: Map<string, Namespace>, report: DiagnosticSink): Workload[] {
  const byKey = new Map(objects.map((x) => [`${x.namespace}/${x.kind}/${x.name}`, x]));
  const topOf = (x: RawWorkloadObject): { kind: string; name: string } => {
    let cur = { kind: x.kind, name: x.name };
    let obj: RawWorkloadObject | undefined = x;
    for (let depth = 0; obj && depth < 10; depth++) {
      const owner = foldOwner(obj.object);
      if (!owner) break;
      cur = owner;
      obj = byKey.get(`${x.namespace}/${owner.kind}/${owner.name}`);
    }
    return cur;
  };
  // Keyed by kind too: a Deployment and a StatefulSet of one name are two workloads (issue 15).
  const groups = new Map<string, Group>();
  for (const x of objects) {
    const top = topOf(x);
    const key = `${x.namespace}/${top.kind}/${top.name}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { namespace: x.namespace, kind: top.kind, name: top.name, pods: [], templates: [] }));
    if (x.kind === top.kind && x.name === top.name) g.controller = x;
    if (x.kind === 'Pod') g.pods.push(x);
    else g.templates.push(x);
  }
  const nsSink = onceSink(report);
  const out: Workload[] = [];
  for (const g of groups.values()) {
    const w = buildOne(g, namespaces.get(g.namespace), report, nsSink);
    if (w) out.push(w);
  }
  // Ids: `namespace/name` while unique, else `namespace/<kind>/name` for every workload sharing it.
  const count = new Map<string, number>();
  for (const w of out) count.set(w.id, (count.get(w.id) ?? 0) + 1);
  for (const w of out) if ((count.get(w.id) ?? 0) > 1) w.id = `${w.namespace}/${w.kind.toLowerCase()}/${w.name}`;
  for (const w of out) {
    if (!w.hostNetwork) continue;
    report.report({
      code: 'host-network-pod',
      severity: 'info',
      object: w.ref,
      path: 'spec.hostNetwork',
      workloads: [w.id],
      message:
        'uses the node’s network (hostNetwork: true): Linkerd never injects it, its traffic carries the node’s IP, and NetworkPolicy for it is undefined upstream ("hostNetwork pods are ignored by podSelectors in the most common case"). Flows that an isolated side decides are "unknown" unless a rule admits every peer on that port.',
    });
  }
  return out;
}

function buildOne(g: Group, ns: Namespace | undefined, report: DiagnosticSink, nsSink: DiagnosticSink): Workload | undefined {
  const live = g.pods.filter((p) => !isTerminal(p.object));
  const controller = g.controller?.kind === 'Pod' ? undefined : g.controller;
  if (!controller && g.templates.length === 0 && live.length === 0) {
    for (const p of g.pods) {
      report.report({
        code: 'terminal-pod',
        severity: 'info',
        object: p.ref,
        path: 'status.phase',
        message: `phase ${String(path(p.object, 'status', 'phase'))}: the pod has stopped and sends or receives nothing, so it is not evaluated as a workload.`,
      });
    }
    return undefined;
  }
  const source = controller ?? g.templates[0] ?? live[0]!;
  const template = templateOf(source.kind, source.object) ?? {};
  const livePods = live.map((p) => p.object);
  const labels = livePods.length > 0 ? commonLabels(livePods.map((p) => asStringMap(path(p, 'metadata', 'labels')))) : asStringMap(path(template, 'metadata', 'labels'));
  const own = asStringMap(path(livePods[0] ?? template, 'metadata', 'annotations'));
  const ref = source.ref.kind === g.kind ? source.ref : { ...source.ref, kind: g.kind, name: g.name };
  const ctx = parseContext(ref, report);
  const spec = asObj(template.spec);
  const hostNetwork = spec?.hostNetwork === true || livePods.some((p) => path(p, 'spec', 'hostNetwork') === true);
  const proxyIn = livePods.map((p) => ({ p, x: proxyContainerOf(p) })).find((e) => e.x) ?? (proxyContainerOf(template) ? { p: template, x: proxyContainerOf(template) } : undefined);

  let decision: InjectDecision;
  if (hostNetwork) decision = { meshed: false, meshedBy: 'none' };
  else if (proxyIn) decision = { meshed: true, meshedBy: 'proxy-container' };
  else decision = injectDecision(own[INJECT_ANNOTATION], ns?.annotations[INJECT_ANNOTATION], ctx);

  // The injector copies the namespace's proxy configuration onto the pods it injects; a pod that
  // already carries the proxy was injected with them (the patch writes them onto the pod).
  const inheritedKeys = decision.meshed && !proxyIn && ns ? INHERITED_PROXY_ANNOTATIONS.filter((k) => !(k in own) && k in ns.annotations) : [];
  const annotations: Record<string, string> = { ...own };
  for (const k of inheritedKeys) annotations[k] = ns!.annotations[k]!;
  const nsCtx = ns ? parseContext(ns.ref, nsSink) : ctx;
  const ctxFor = (key: string) => (inheritedKeys.includes(key) ? nsCtx : ctx);

  const num = (key: string, fallback: number) => {
    const v = annotations[key];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
    ctxFor(key).invalid(`metadata.annotations['${key}']`, `"${v}" is not a port; Linkerd's default ${fallback} is assumed`, 'warning');
    return fallback;
  };
  const list = (key: string) => parsePortList(annotations[key], `metadata.annotations['${key}']`, ctxFor(key));
  const proxyInboundPort = decision.meshed ? num('config.linkerd.io/inbound-port', LINKERD_DEFAULTS.proxyInboundPort) : LINKERD_DEFAULTS.proxyInboundPort;
  const proxyAdminPort = decision.meshed ? num('config.linkerd.io/admin-port', LINKERD_DEFAULTS.proxyAdminPort) : LINKERD_DEFAULTS.proxyAdminPort;
  const proxyControlPort = decision.meshed ? num('config.linkerd.io/control-port', LINKERD_DEFAULTS.proxyControlPort) : LINKERD_DEFAULTS.proxyControlPort;

  let proxyPorts: ContainerPort[] = [];
  if (decision.meshed) {
    proxyPorts = proxyIn
      ? containerPorts(proxyIn.x!.c, proxyIn.x!.where, PROXY_CONTAINER, parseContext(ref, report)).filter((p) => p.name)
      : [
          { name: 'linkerd-proxy', port: proxyInboundPort, protocol: 'TCP', container: PROXY_CONTAINER },
          { name: 'linkerd-admin', port: proxyAdminPort, protocol: 'TCP', container: PROXY_CONTAINER },
        ];
  }

  const policyKey = 'config.linkerd.io/default-inbound-policy';
  const defaultInboundPolicy = inheritedKeys.includes(policyKey)
    ? ns?.defaultInboundPolicy
    : own[policyKey] !== undefined
      ? parseDefaultPolicy(own[policyKey], ref, report)
      : undefined;

  const ports = portsOf(template, ctx);
  // The injected proxy's own probes: /live and /ready on its admin port (charts/partials/templates/_proxy.tpl).
  const httpProbes = containersOf(template).filter((x) => x.c.name !== PROXY_CONTAINER).flatMap(({ c }) => containerProbes(c));
  if (proxyIn) httpProbes.push(...containerProbes(proxyIn.x!.c));
  else if (decision.meshed) httpProbes.push({ port: proxyAdminPort, path: '/live' }, { port: proxyAdminPort, path: '/ready' });
  return {
    id: `${g.namespace}/${g.name}`,
    namespace: g.namespace,
    name: g.name,
    kind: g.kind,
    labels,
    annotations,
    serviceAccount: asStr(spec?.serviceAccountName) ?? asStr(spec?.serviceAccount) ?? 'default',
    ports,
    httpProbes,
    ips: live.flatMap((p) => ipsOf(p.object)),
    podCount: live.length,
    meshed: decision.meshed,
    meshedBy: decision.meshed ? decision.meshedBy : 'none',
    proxyInboundPort,
    proxyAdminPort,
    proxyControlPort,
    proxyPorts,
    hostNetwork,
    skipInboundPorts: list('config.linkerd.io/skip-inbound-ports'),
    // Names resolve against the container ports, init containers included (linkerd2 pkg/util
    // parsing.go ParseContainerOpaquePorts with GetNamedPorts).
    opaquePorts: parsePortList(annotations['config.linkerd.io/opaque-ports'], `metadata.annotations['config.linkerd.io/opaque-ports']`, ctxFor('config.linkerd.io/opaque-ports'), [...ports, ...proxyPorts]),
    ...(own[policyKey] !== undefined || defaultInboundPolicy !== undefined ? { defaultInboundPolicy } : {}),
    ...(inheritedKeys.length > 0 ? { annotationsFromNamespace: inheritedKeys } : {}),
    ref,
  };
}
