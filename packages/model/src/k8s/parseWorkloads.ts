/**
 * Workloads (SEMANTICS.md §2): controllers contribute their pod template, Pods fold into
 * their top controller through ownerReferences (Pod → ReplicaSet → Deployment, Pod → Job →
 * CronJob), a bare Pod is its own workload, and owned pods whose top owner is absent stand
 * for it under the owner's kind and name.
 */
import type { DiagnosticSink, ObjectRef } from '../diagnostics.ts';
import { parseIp, type IpAddress } from '../net/cidr.ts';
import { DEFAULT_INBOUND_POLICIES, LINKERD_DEFAULTS, type ContainerPort, type DefaultInboundPolicy, type Namespace, type Workload } from './types.ts';
import { asArr, asObj, asStr, asStringMap, path, type Obj } from './fields.ts';
import { parseContext } from './parseContext.ts';
import { parsePortList, parseProtocol } from './parsePorts.ts';

export const CONTROLLER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

export interface RawWorkloadObject {
  kind: string;
  namespace: string;
  name: string;
  object: Obj;
  ref: ObjectRef;
}

const PROXY_CONTAINER = 'linkerd-proxy';

function templateOf(kind: string, o: Obj): Obj | undefined {
  if (kind === 'Pod') return o;
  if (kind === 'CronJob') return asObj(path(o, 'spec', 'jobTemplate', 'spec', 'template'));
  return asObj(path(o, 'spec', 'template'));
}

function controllerOwner(o: Obj): { kind: string; name: string } | undefined {
  const refs = asArr(path(o, 'metadata', 'ownerReferences')) ?? [];
  const owner = refs.map(asObj).find((r) => r?.controller === true) ?? (refs.length === 1 ? asObj(refs[0]) : undefined);
  const kind = asStr(owner?.kind);
  const name = asStr(owner?.name);
  return kind && name ? { kind, name } : undefined;
}

function containersOf(template: Obj | undefined): Obj[] {
  return (asArr(path(template, 'spec', 'containers')) ?? []).map(asObj).filter((c): c is Obj => !!c);
}

function portsOf(template: Obj | undefined, report: DiagnosticSink, ref: ObjectRef): ContainerPort[] {
  const ctx = parseContext(ref, report);
  const out: ContainerPort[] = [];
  containersOf(template).forEach((c, ci) => {
    const container = asStr(c.name) ?? `container-${ci}`;
    if (container === PROXY_CONTAINER) return; // the proxy's own ports are not application ports
    (asArr(c.ports) ?? []).forEach((p, pi) => {
      const o = asObj(p);
      const port = Number(o?.containerPort);
      const where = `spec.containers[${ci}].ports[${pi}]`;
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        ctx.invalid(`${where}.containerPort`, `containerPort ${String(o?.containerPort)} is not a port number; this port is ignored`, 'warning');
        return;
      }
      const protocol = parseProtocol(o?.protocol, `${where}.protocol`, ctx);
      if (!protocol) return;
      const name = asStr(o?.name);
      out.push({ ...(name ? { name } : {}), port, protocol, container });
    });
  });
  return out;
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
  if ((DEFAULT_INBOUND_POLICIES as readonly string[]).includes(v)) return v as DefaultInboundPolicy;
  parseContext(ref, report).invalid(
    "metadata.annotations['config.linkerd.io/default-inbound-policy']",
    `"${v}" is not a Linkerd default inbound policy (${DEFAULT_INBOUND_POLICIES.join(', ')}); it is ignored, as the proxy injector would reject it`,
  );
  return undefined;
}

/** Groups controllers and pods into workloads. */
export function buildWorkloads(objects: RawWorkloadObject[], namespaces: Map<string, Namespace>, report: DiagnosticSink): Workload[] {
  const byKey = new Map(objects.map((x) => [`${x.namespace}/${x.kind}/${x.name}`, x]));
  const topOf = (x: RawWorkloadObject): { kind: string; name: string } => {
    let cur = { kind: x.kind, name: x.name };
    let obj: RawWorkloadObject | undefined = x;
    for (let depth = 0; obj && depth < 10; depth++) {
      const owner = controllerOwner(obj.object);
      if (!owner) break;
      cur = owner;
      obj = byKey.get(`${x.namespace}/${owner.kind}/${owner.name}`);
    }
    return cur;
  };
  const groups = new Map<string, { namespace: string; kind: string; name: string; controller?: RawWorkloadObject; pods: RawWorkloadObject[]; templates: RawWorkloadObject[] }>();
  for (const x of objects) {
    const top = topOf(x);
    const id = `${x.namespace}/${top.name}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { namespace: x.namespace, kind: top.kind, name: top.name, pods: [], templates: [] }));
    if (x.kind === top.kind && x.name === top.name) g.controller = x;
    if (x.kind === 'Pod') g.pods.push(x);
    else g.templates.push(x);
  }
  const out: Workload[] = [];
  for (const [id, g] of groups) {
    const source = g.controller ?? g.templates[0] ?? g.pods[0]!;
    const template = templateOf(source.kind, source.object) ?? {};
    const podTemplates = g.pods.map((p) => p.object);
    const labels = podTemplates.length > 0 ? commonLabels(podTemplates.map((p) => asStringMap(path(p, 'metadata', 'labels')))) : asStringMap(path(template, 'metadata', 'labels'));
    const annotations = asStringMap(path(podTemplates[0] ?? template, 'metadata', 'annotations'));
    const ns = namespaces.get(g.namespace);
    const hasProxy = podTemplates.some((p) => containersOf(p).some((c) => c.name === PROXY_CONTAINER)) || containersOf(template).some((c) => c.name === PROXY_CONTAINER);
    const inject = annotations['linkerd.io/inject'];
    const nsInject = ns?.annotations['linkerd.io/inject'];
    const meshedBy = hasProxy ? 'proxy-container' : inject !== undefined ? 'workload-annotation' : nsInject !== undefined ? 'namespace-annotation' : 'none';
    const decisive = inject ?? nsInject;
    const meshed = hasProxy || decisive === 'enabled' || decisive === 'ingress';
    const ref = source.ref.kind === g.kind ? source.ref : { ...source.ref, kind: g.kind, name: g.name };
    const ctx = parseContext(ref, report);
    const num = (key: string, fallback: number) => {
      const v = annotations[key];
      if (v === undefined) return fallback;
      const n = Number(v);
      if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
      ctx.invalid(`metadata.annotations['${key}']`, `"${v}" is not a port; Linkerd's default ${fallback} is assumed`, 'warning');
      return fallback;
    };
    const spec = asObj(template.spec);
    const opaqueText = annotations['config.linkerd.io/opaque-ports'] ?? ns?.annotations['config.linkerd.io/opaque-ports'];
    out.push({
      id,
      namespace: g.namespace,
      name: g.name,
      kind: g.kind,
      labels,
      annotations,
      serviceAccount: asStr(spec?.serviceAccountName) ?? asStr(spec?.serviceAccount) ?? 'default',
      ports: portsOf(template, report, ref),
      ips: g.pods.flatMap((p) => ipsOf(p.object)),
      podCount: g.pods.length,
      meshed,
      meshedBy: meshed ? meshedBy : 'none',
      proxyInboundPort: num('config.linkerd.io/inbound-port', LINKERD_DEFAULTS.proxyInboundPort),
      proxyAdminPort: num('config.linkerd.io/admin-port', LINKERD_DEFAULTS.proxyAdminPort),
      skipInboundPorts: parsePortList(annotations['config.linkerd.io/skip-inbound-ports'], "metadata.annotations['config.linkerd.io/skip-inbound-ports']", ctx),
      opaquePorts: parsePortList(opaqueText, "metadata.annotations['config.linkerd.io/opaque-ports']", ctx),
      ...(annotations['config.linkerd.io/default-inbound-policy'] !== undefined
        ? { defaultInboundPolicy: parseDefaultPolicy(annotations['config.linkerd.io/default-inbound-policy'], ref, report) }
        : {}),
      ref,
    });
  }
  return out;
}
