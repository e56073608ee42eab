/**
 * The objects that expose workloads outside the cluster (issue 17): networking.k8s.io/v1
 * Ingress, gateway.networking.k8s.io Gateway, TLSRoute and TCPRoute, and the Service
 * backendRefs of HTTPRoute/GRPCRoute. Only what the exposure sentence needs is kept; a backend
 * that names no Service is reported, never guessed.
 */
import type { Gateway, GatewayRoute, HTTPRouteParentRef, Ingress, PortRef, ServiceBackendRef } from './types.ts';
import { asArr, asObj, asStr, type Obj } from './fields.ts';
import type { ParseContext } from './parseContext.ts';
import { parsePortRef } from './parsePorts.ts';

function ingressBackend(b: Obj | undefined, at: string, namespace: string, ctx: ParseContext): ServiceBackendRef | undefined {
  if (!b) return undefined;
  const svc = asObj(b.service);
  if (!svc) {
    if (b.resource !== undefined) return undefined; // a resource backend (e.g. a bucket) is not a workload
    ctx.invalid(at, 'an Ingress backend needs service or resource; this backend is ignored', 'warning');
    return undefined;
  }
  const name = asStr(svc.name);
  if (!name) {
    ctx.invalid(`${at}.service.name`, 'an Ingress service backend needs a name; this backend is ignored', 'warning');
    return undefined;
  }
  const port = asObj(svc.port);
  let ref: PortRef | undefined;
  if (port?.number !== undefined) ref = parsePortRef(port.number, `${at}.service.port.number`, ctx);
  else if (port?.name !== undefined) ref = parsePortRef(port.name, `${at}.service.port.name`, ctx);
  return { namespace, name, ...(ref ? { port: ref } : {}) };
}

export function parseIngress(o: Obj, namespace: string, name: string, ctx: ParseContext): Ingress {
  const spec = asObj(o.spec);
  const backends: Ingress['backends'] = [];
  const def = ingressBackend(asObj(spec?.defaultBackend), 'spec.defaultBackend', namespace, ctx);
  if (def) backends.push({ service: def, via: 'default backend' });
  (asArr(spec?.rules) ?? []).forEach((r, i) => {
    const rule = asObj(r);
    const host = asStr(rule?.host) ?? '*';
    (asArr(asObj(rule?.http)?.paths) ?? []).forEach((p, j) => {
      const po = asObj(p);
      const b = ingressBackend(asObj(po?.backend), `spec.rules[${i}].http.paths[${j}].backend`, namespace, ctx);
      if (b) backends.push({ service: b, via: `host ${host} path ${asStr(po?.path) ?? '/'}` });
    });
  });
  return { namespace, name, backends, ref: ctx.ref };
}

export function parseGateway(o: Obj, namespace: string, name: string, ctx: ParseContext): Gateway {
  const listeners = (asArr(asObj(o.spec)?.listeners) ?? []).flatMap((l) => {
    const lo = asObj(l);
    const port = Number(lo?.port);
    return lo && Number.isInteger(port) ? [{ name: asStr(lo.name) ?? '', port, protocol: asStr(lo.protocol) ?? '?' }] : [];
  });
  return { namespace, name, listeners, ref: ctx.ref };
}

/** Service backendRefs of a Gateway API route's rules: group "" and kind Service by default. */
export function parseBackendRefs(spec: Obj | undefined, namespace: string, ctx: ParseContext): ServiceBackendRef[] {
  const out: ServiceBackendRef[] = [];
  (asArr(spec?.rules) ?? []).forEach((r, i) => {
    (asArr(asObj(r)?.backendRefs) ?? []).forEach((b, j) => {
      const bo = asObj(b);
      const group = asStr(bo?.group) ?? '';
      const kind = asStr(bo?.kind) ?? 'Service';
      const name = asStr(bo?.name);
      if (!bo || !name || group !== '' || kind !== 'Service') return;
      const port = bo.port !== undefined && bo.port !== null ? parsePortRef(bo.port, `spec.rules[${i}].backendRefs[${j}].port`, ctx) : undefined;
      out.push({ namespace: asStr(bo.namespace) ?? namespace, name, ...(port ? { port } : {}) });
    });
  });
  return out;
}

export function parseGatewayRoute(o: Obj, kind: GatewayRoute['kind'], namespace: string, name: string, ctx: ParseContext): GatewayRoute {
  const spec = asObj(o.spec);
  const parentRefs: HTTPRouteParentRef[] = (asArr(spec?.parentRefs) ?? [])
    .map(asObj)
    .filter((p): p is Obj => !!p && !!asStr(p.name))
    .map((p) => ({
      group: asStr(p.group) ?? 'gateway.networking.k8s.io',
      kind: asStr(p.kind) ?? 'Gateway',
      name: asStr(p.name)!,
      namespace: asStr(p.namespace) ?? namespace,
      ...(p.port !== undefined && p.port !== null ? { port: Number(p.port) } : {}),
      ...(asStr(p.sectionName) ? { sectionName: asStr(p.sectionName) } : {}),
    }));
  return { kind, namespace, name, parentRefs, backendRefs: parseBackendRefs(spec, namespace, ctx), ref: ctx.ref };
}
