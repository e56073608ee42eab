/**
 * Namespace, Service and ServiceAccount: the core kinds besides workloads and policies.
 */
import type { Namespace, Service, ServiceAccount, ServicePort } from './types.ts';
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
    ports.push({ ...(portName ? { name: portName } : {}), port, targetPort, protocol });
  });
  const selector = spec?.selector === undefined || spec?.selector === null ? undefined : asStringMap(spec.selector);
  return { namespace, name, ...(selector ? { selector } : {}), ports, ref: ctx.ref };
}

export function parseServiceAccount(namespace: string, name: string, ctx: ParseContext): ServiceAccount {
  return { namespace, name, ref: ctx.ref };
}
