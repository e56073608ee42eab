/**
 * policy.linkerd.io Server (v1alpha1 … v1beta3): which pods and port it guards, its proxy
 * protocol and (v1beta3) its accessPolicy for traffic no authorization matches.
 */
import { DEFAULT_INBOUND_POLICIES, PROXY_PROTOCOLS, type DefaultInboundPolicy, type PortRef, type ProxyProtocol, type Server } from '../types.ts';
import { asObj, asStr, asStringMap, asTimestamp, path, type Obj } from '../fields.ts';
import { NOT_EVALUATED, type ParseContext } from '../parseContext.ts';
import { parseLabelSelector } from '../parseLabelSelector.ts';
import { parsePortRef } from '../parsePorts.ts';
import { isOneOf } from '../../util/isOneOf.ts';

/**
 * A string `port` is always a port name (k8s/api/src/policy/server.rs: untagged Number | Name;
 * a JSON string never deserializes as the number), even "8080", which then names no port.
 */
function portName(v: string, ctx: ParseContext): PortRef | undefined {
  if (v === '') {
    ctx.invalid('spec.port', `port is empty. ${NOT_EVALUATED}`);
    return undefined;
  }
  if (/^\d+$/.test(v)) {
    ctx.invalid('spec.port', `port "${v}" is quoted: a Server reads a string as a container port name, not the number ${v}, and no container port is named "${v}" (names need a letter), so this Server guards nothing. Write port: ${v} without quotes.`, 'warning');
  }
  return { kind: 'name', name: v };
}

export function parseServer(o: Obj, version: string, namespace: string, name: string, ctx: ParseContext): Server | undefined {
  const spec = asObj(o.spec);
  if (!spec) {
    ctx.invalid('spec', `Server has no spec. ${NOT_EVALUATED}`);
    return undefined;
  }
  const hasPods = spec.podSelector !== undefined && spec.podSelector !== null;
  const hasExternal = spec.externalWorkloadSelector !== undefined && spec.externalWorkloadSelector !== null;
  if (hasPods === hasExternal) {
    ctx.invalid('spec', `a Server needs exactly one of podSelector and externalWorkloadSelector. ${NOT_EVALUATED}`);
    return undefined;
  }
  const podSelector = hasPods ? parseLabelSelector(spec.podSelector, 'spec.podSelector', ctx) : undefined;
  const externalWorkloadSelector = hasExternal ? parseLabelSelector(spec.externalWorkloadSelector, 'spec.externalWorkloadSelector', ctx) : undefined;
  if (spec.port === undefined) ctx.invalid('spec.port', `a Server needs a port (number or container port name). ${NOT_EVALUATED}`);
  const port = spec.port === undefined ? undefined : typeof spec.port === 'string' ? portName(spec.port, ctx) : parsePortRef(spec.port, 'spec.port', ctx);
  const proxyProtocol = (asStr(spec.proxyProtocol) ?? 'unknown') as ProxyProtocol;
  if (!PROXY_PROTOCOLS.includes(proxyProtocol)) {
    ctx.invalid('spec.proxyProtocol', `proxyProtocol "${proxyProtocol}" is not one of ${PROXY_PROTOCOLS.join(', ')}. ${NOT_EVALUATED}`);
    return undefined;
  }
  let accessPolicy: DefaultInboundPolicy = 'deny';
  if (spec.accessPolicy !== undefined) {
    const v = asStr(spec.accessPolicy);
    if (version !== 'v1beta3') {
      ctx.invalid('spec.accessPolicy', `accessPolicy exists only in policy.linkerd.io/v1beta3; at ${version} it is dropped and deny applies`, 'warning');
    } else if (!v || !isOneOf(DEFAULT_INBOUND_POLICIES, v)) {
      ctx.invalid('spec.accessPolicy', `accessPolicy "${String(spec.accessPolicy)}" is not a default policy (${DEFAULT_INBOUND_POLICIES.join(', ')}). ${NOT_EVALUATED}`);
      return undefined;
    } else accessPolicy = v as DefaultInboundPolicy;
  }
  if ((hasPods && !podSelector) || (hasExternal && !externalWorkloadSelector) || !port) return undefined;
  if (hasExternal) {
    ctx.sink.report({
      code: 'unsupported-kind',
      severity: 'info',
      object: ctx.ref,
      path: 'spec.externalWorkloadSelector',
      message: 'Servers for ExternalWorkloads (mesh expansion) are out of scope: accessgraph does not evaluate what this Server guards.',
    });
  }
  const createdAt = asTimestamp(path(o, 'metadata', 'creationTimestamp'));
  return {
    namespace,
    name,
    labels: asStringMap(path(o, 'metadata', 'labels')),
    ...(podSelector ? { podSelector } : {}),
    ...(externalWorkloadSelector ? { externalWorkloadSelector } : {}),
    port,
    proxyProtocol,
    accessPolicy,
    ...(createdAt ? { createdAt } : {}),
    ref: ctx.ref,
  };
}
