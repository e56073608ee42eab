/**
 * Namespace, Service and ServiceAccount: the core kinds besides workloads and policies.
 */
import { SERVICE_TYPES, type Namespace, type Service, type ServiceAccount, type ServicePort, type ServiceType } from './types.ts';
import { asArr, asObj, asStr, asStringMap, path, type Obj } from './fields.ts';
import type { ParseContext } from './parseContext.ts';
import { parsePortRef, parseProtocol } from './parsePorts.ts';
import { INJECT_ANNOTATION, invalidInjectMessage, parseDefaultPolicy, validInjectValue } from './parseWorkloads.ts';

export function parseNamespace(o: Obj, name: string, ctx: ParseContext): Namespace {
  const annotations = asStringMap(path(o, 'metadata', 'annotations'));
  const policy = parseDefaultPolicy(annotations['config.linkerd.io/default-inbound-policy'], ctx.ref, ctx.sink);
  const inject = annotations[INJECT_ANNOTATION];
  if (!validInjectValue(inject)) {
    ctx.sink.report({ code: 'invalid-annotation', severity: 'warning', object: ctx.ref, path: `metadata.annotations['${INJECT_ANNOTATION}']`, message: invalidInjectMessage(inject!, 'namespace') });
  }
  return {
    name,
    // The API server always sets kubernetes.io/metadata.name (§2).
    labels: { ...asStringMap(path(o, 'metadata', 'labels')), 'kubernetes.io/metadata.name': name },
    annotations,
    implicit: false,
    ...(policy ? { defaultInboundPolicy: policy } : {}),
    ref: ctx.ref,
  };
}

export function implicitNamespace(name: string): Namespace {
  return { name, labels: { 'kubernetes.io/metadata.name': name }, annotations: {}, implicit: true, ref: { kind: 'Namespace', name } };
}

export function parseService(o: Obj, namespace: string, name: string, ctx: ParseContext): Service {
  const spec = asObj(o.spec);
  const ports: ServicePort[] = [];
  (asArr(spec?.ports) ?? []).forEach((p, i) => {
    const po = asObj(p);
    const port = Number(po?.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      ctx.invalid(`spec.ports[${i}].port`, `port ${String(po?.port)} is not a port number; this Service port is ignored`, 'warning');
      return;
    }
    const protocol = parseProtocol(po?.protocol, `spec.ports[${i}].protocol`, ctx) ?? 'TCP';
    const targetPort = po?.targetPort === undefined ? { kind: 'number' as const, number: port } : parsePortRef(po.targetPort, `spec.ports[${i}].targetPort`, ctx);
    if (!targetPort) return;
    const portName = asStr(po?.name);
    const nodePort = Number(po?.nodePort);
    const hasNodePort = po?.nodePort !== undefined && po?.nodePort !== null && Number.isInteger(nodePort) && nodePort >= 1 && nodePort <= 65535;
    ports.push({ ...(portName ? { name: portName } : {}), port, targetPort, protocol, ...(hasNodePort ? { nodePort } : {}) });
  });
  const selector = spec?.selector === undefined || spec?.selector === null ? undefined : asStringMap(spec.selector);
  // spec.type and spec.externalTrafficPolicy (issue 17, exposure paths). An unknown type is one
  // the API server rejects: said so, and the Service is taken as ClusterIP (exposes nothing).
  let type: ServiceType | undefined;
  if (spec?.type !== undefined && spec?.type !== null) {
    if ((SERVICE_TYPES as readonly unknown[]).includes(spec.type)) type = spec.type as ServiceType;
    else ctx.invalid('spec.type', `"${String(spec.type)}" is not a Service type (${SERVICE_TYPES.join(', ')}); the API server rejects it, so it is read as exposing nothing`, 'warning');
  }
  let externalTrafficPolicy: Service['externalTrafficPolicy'];
  const etp = spec?.externalTrafficPolicy;
  if (etp !== undefined && etp !== null) {
    if (etp === 'Cluster' || etp === 'Local') externalTrafficPolicy = etp;
    else ctx.invalid('spec.externalTrafficPolicy', `"${String(etp)}" is not Cluster or Local; the API server rejects it, so the default Cluster (the pod sees a node IP) is assumed`, 'warning');
  }
  return { namespace, name, ...(selector ? { selector } : {}), ports, ...(type ? { type } : {}), ...(externalTrafficPolicy ? { externalTrafficPolicy } : {}), ref: ctx.ref };
}

export function parseServiceAccount(namespace: string, name: string, ctx: ParseContext): ServiceAccount {
  return { namespace, name, ref: ctx.ref };
}
