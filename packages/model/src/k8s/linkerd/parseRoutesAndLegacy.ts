/**
 * HTTPRoute (policy.linkerd.io and gateway.networking.k8s.io), legacy ServerAuthorization,
 * and the linkerd-config ConfigMap (cluster default policy, cluster networks, trust domain).
 */
import { parse as parseYaml } from 'yaml';
import { parseCidr, type Cidr } from '../../net/cidr.ts';
import { DEFAULT_INBOUND_POLICIES, LINKERD_DEFAULTS, OUTBOUND_TRANSPORT_MODES, type DefaultInboundPolicy, type HTTPRoute, type LinkerdConfig, type OutboundTransportMode, type ServerAuthorization } from '../types.ts';
import { asArr, asObj, asStr, asTimestamp, path, type Obj } from '../fields.ts';
import { NOT_EVALUATED, type ParseContext } from '../parseContext.ts';
import { parsePortList } from '../parsePorts.ts';
import { parseLabelSelector } from '../parseLabelSelector.ts';
import { parseNetworks } from './parseAuthorization.ts';
import { parseBackendRefs } from '../parseExposure.ts';
import { isOneOf } from '../../util/isOneOf.ts';

function describeMatch(m: Obj, kind: 'HTTPRoute' | 'GRPCRoute'): string {
  const parts: string[] = [];
  if (kind === 'GRPCRoute') {
    const method = asObj(m.method);
    if (method) parts.push(`gRPC ${asStr(method.service) ?? '*'}/${asStr(method.method) ?? '*'}`);
  } else {
    const p = asObj(m.path);
    if (p) parts.push(`${asStr(p.type) ?? 'PathPrefix'} ${asStr(p.value) ?? '/'}`);
    if (asStr(m.method)) parts.push(String(m.method));
  }
  for (const h of asArr(m.headers) ?? []) parts.push(`header ${asStr(asObj(h)?.name) ?? '?'}`);
  return parts.join(' ') || 'any request';
}

/**
 * HTTPRoute (policy.linkerd.io, gateway.networking.k8s.io) or GRPCRoute (gateway.networking.k8s.io).
 * parentRefs keep what was written, with the CRD defaults for a missing `group` (the route's own
 * group) and `kind` (`Gateway`); which of them attach to a Server is decided in l7/attachments.ts.
 */
export function parseHTTPRoute(o: Obj, group: string, namespace: string, name: string, ctx: ParseContext, kind: 'HTTPRoute' | 'GRPCRoute' = 'HTTPRoute'): HTTPRoute | undefined {
  const spec = asObj(o.spec);
  const parents = asArr(spec?.parentRefs);
  if (!parents || parents.length === 0) {
    ctx.invalid('spec.parentRefs', `a ${kind} needs parentRefs; without one it attaches to nothing. ${NOT_EVALUATED}`, 'warning');
    return undefined;
  }
  const rules = asArr(spec?.rules) ?? [];
  const createdAt = asTimestamp(path(o, 'metadata', 'creationTimestamp'));
  return {
    group,
    ...(kind === 'GRPCRoute' ? { kind } : {}),
    namespace,
    name,
    parentRefs: parents.map(asObj).filter((p): p is Obj => !!p && !!asStr(p.name)).map((p) => ({
      group: asStr(p.group) ?? group,
      kind: asStr(p.kind) ?? 'Gateway',
      name: asStr(p.name)!,
      namespace: asStr(p.namespace) ?? namespace,
      ...(p.port !== undefined && p.port !== null ? { port: Number(p.port) } : {}),
      ...(asStr(p.sectionName) ? { sectionName: asStr(p.sectionName) } : {}),
    })),
    ruleCount: rules.length,
    matches: rules.flatMap((r) => (asArr(asObj(r)?.matches) ?? [{}]).map((m) => describeMatch(asObj(m) ?? {}, kind))),
    ...(group !== 'policy.linkerd.io' ? { backendRefs: parseBackendRefs(spec, namespace, ctx) } : {}),
    ...(createdAt ? { createdAt } : {}),
    ref: ctx.ref,
  };
}

export function parseServerAuthorization(o: Obj, namespace: string, name: string, ctx: ParseContext): ServerAuthorization | undefined {
  const spec = asObj(o.spec);
  const server = asObj(spec?.server);
  const serverName = asStr(server?.name);
  const hasSelector = server?.selector !== undefined;
  if (!server || (!!serverName === hasSelector)) {
    ctx.invalid('spec.server', `a ServerAuthorization needs exactly one of server.name and server.selector. ${NOT_EVALUATED}`);
    return undefined;
  }
  const selector = hasSelector ? parseLabelSelector(server.selector, 'spec.server.selector', ctx) : undefined;
  if (hasSelector && !selector) return undefined;
  const client = asObj(spec?.client);
  const mesh = asObj(client?.meshTLS);
  if (!client || (client.unauthenticated !== true && !mesh)) {
    ctx.invalid('spec.client', `client needs unauthenticated: true or meshTLS. ${NOT_EVALUATED}`);
    return undefined;
  }
  // linkerd2 runtime/src/admission.rs (ServerAuthorizationSpec) and k8s/index/src/inbound/server_authorization.rs.
  const meshIds = (asArr(mesh?.identities) ?? []).length + (asArr(mesh?.serviceAccounts) ?? []).length;
  if (mesh && client.unauthenticated === true) {
    ctx.invalid('spec.client', `\`unauthenticated\` must be false when \`meshTLS\` is set (Linkerd's admission webhook). ${NOT_EVALUATED}`);
    return undefined;
  }
  if (mesh && mesh.unauthenticatedTLS === true && meshIds > 0) {
    ctx.invalid('spec.client.meshTLS', `\`unauthenticatedTLS\` must be false when identities or serviceAccounts are set (Linkerd's admission webhook). ${NOT_EVALUATED}`);
    return undefined;
  }
  if (mesh && mesh.unauthenticatedTLS !== true && meshIds === 0) {
    ctx.invalid('spec.client.meshTLS', 'meshTLS names no identity, no serviceAccount and not unauthenticatedTLS: Linkerd\'s policy controller ignores this ServerAuthorization ("authorizes no clients"), so it authorizes nobody.', 'warning');
    return undefined;
  }
  const networks = client.networks === undefined ? undefined : parseNetworks(client.networks, 'spec.client.networks', ctx);
  if (client.networks !== undefined && !networks) return undefined;
  return {
    namespace,
    name,
    server: serverName ? { name: serverName } : { selector: selector! },
    client: {
      unauthenticated: client.unauthenticated === true,
      ...(mesh
        ? {
            meshTLS: {
              unauthenticatedTLS: mesh.unauthenticatedTLS === true,
              identities: (asArr(mesh.identities) ?? []).map(String),
              serviceAccounts: (asArr(mesh.serviceAccounts) ?? []).map(asObj).filter((s): s is Obj => !!s && !!asStr(s.name)).map((s) => ({ name: asStr(s.name)!, namespace: asStr(s.namespace) ?? namespace })),
            },
          }
        : {}),
      ...(networks ? { networks } : {}),
    },
    ref: ctx.ref,
  };
}

/** linkerd-config's `values` (Helm values as YAML): proxy.defaultInboundPolicy (2.12+) or policyController.defaultAllowPolicy (2.11), clusterNetworks, identityTrustDomain. */
export function parseLinkerdConfig(o: Obj, ctx: ParseContext): LinkerdConfig {
  let values: Obj = {};
  const text = asStr(path(o, 'data', 'values'));
  if (text) {
    try {
      values = asObj(parseYaml(text)) ?? {};
    } catch {
      ctx.invalid('data.values', 'data.values is not valid YAML; Linkerd defaults are assumed', 'warning');
    }
  }
  const policyText = asStr(path(values, 'proxy', 'defaultInboundPolicy')) ?? asStr(path(values, 'policyController', 'defaultAllowPolicy'));
  let defaultInboundPolicy: DefaultInboundPolicy | undefined;
  if (policyText) {
    if (isOneOf(DEFAULT_INBOUND_POLICIES, policyText)) defaultInboundPolicy = policyText;
    else ctx.invalid('data.values', `default inbound policy "${policyText}" is not valid; all-unauthenticated is assumed`, 'warning');
  }
  const clusterNetworks: Cidr[] = [];
  for (const c of (asStr(values.clusterNetworks) ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const cidr = parseCidr(c);
    if (cidr) clusterNetworks.push(cidr);
    else ctx.invalid('data.values', `clusterNetworks entry "${c}" is not a CIDR; it is ignored`, 'warning');
  }
  // The destination controller reads -outbound-transport-mode from proxy.outboundTransportMode
  // and falls back to transparent on a value it does not know (linkerd2
  // controller/cmd/destination/main.go). The key is in the chart's values since edge-25.3.2
  // (#13715, default transport-header): the values of a full install without it (they name a
  // linkerdVersion) come from an older control plane, which sends only opaque ports to the
  // inbound port; a hand-written linkerd-config without it is taken as the current default.
  const modeValue = path(values, 'proxy', 'outboundTransportMode');
  const version = asStr(values.linkerdVersion);
  let outboundTransportMode: OutboundTransportMode = 'transport-header';
  const transparent = (why: string) =>
    ctx.sink.report({
      code: 'transparent-transport',
      severity: 'info',
      object: ctx.ref,
      path: 'data.values',
      message: `${why}: meshed clients reach a meshed pod's inbound port (4143) only on its opaque ports; NetworkPolicy decides every other port on the application port.`,
    });
  if (modeValue !== undefined && modeValue !== null) {
    const text = asStr(modeValue);
    if (text !== undefined && isOneOf(OUTBOUND_TRANSPORT_MODES, text)) {
      outboundTransportMode = text;
      if (text === 'transparent') transparent('proxy.outboundTransportMode is transparent');
    } else {
      outboundTransportMode = 'transparent';
      ctx.invalid('data.values', `proxy.outboundTransportMode "${String(modeValue)}" is neither transport-header nor transparent; Linkerd's destination controller then uses transparent, and so does accessgraph`, 'warning');
    }
  } else if (version) {
    outboundTransportMode = 'transparent';
    transparent(`the values of Linkerd ${version} have no proxy.outboundTransportMode, so its control plane predates edge-25.3.2 and uses transparent outbound transport`);
  }
  // The chart passes --probe-networks only when the list is non-empty; without it the policy
  // controller authorizes no probe paths (policy-controller/runtime/src/args.rs).
  const probeValue = path(values, 'policyController', 'probeNetworks');
  const probeTexts = probeValue === undefined || probeValue === null ? [...LINKERD_DEFAULTS.probeNetworks] : (asArr(probeValue) ?? String(probeValue).split(',')).map((x) => String(x).trim()).filter(Boolean);
  const probeNetworks: Cidr[] = [];
  for (const c of probeTexts) {
    const cidr = parseCidr(c);
    if (cidr) probeNetworks.push(cidr);
    else ctx.invalid('data.values', `policyController.probeNetworks entry "${c}" is not a CIDR; it is ignored`, 'warning');
  }
  const opaqueValue = path(values, 'proxy', 'opaquePorts');
  const defaultOpaquePorts = parsePortList(opaqueValue === undefined || opaqueValue === null ? LINKERD_DEFAULTS.opaquePorts : String(opaqueValue), 'data.values', ctx);
  return {
    ...(defaultInboundPolicy ? { defaultInboundPolicy } : {}),
    outboundTransportMode,
    defaultOpaquePorts,
    probeNetworks,
    clusterNetworks,
    trustDomain: asStr(values.identityTrustDomain) ?? 'cluster.local',
    ref: ctx.ref,
  };
}
