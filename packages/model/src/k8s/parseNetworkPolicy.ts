/**
 * networking.k8s.io/v1 NetworkPolicy → NetworkPolicy, validated as the API server does
 * (SEMANTICS.md §3): policyTypes defaulting, peers, ipBlock CIDRs, ports and endPort.
 */
import { parseCidr, cidrCovers, type Network } from '../net/cidr.ts';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule } from './types.ts';
import { asArr, asObj, asStr, type Obj } from './fields.ts';
import { NOT_EVALUATED, type ParseContext } from './parseContext.ts';
import { checkSelectorSyntax, parseLabelSelector } from './parseLabelSelector.ts';

/** A NetworkPolicy selector: parsed, and its label syntax checked as the API server does. */
function npSelector(v: unknown, path: string, ctx: ParseContext) {
  const s = parseLabelSelector(v, path, ctx);
  return s && checkSelectorSyntax(s, path, ctx) ? s : undefined;
}
import { parsePortRef, parseProtocol } from './parsePorts.ts';

function parseIpBlock(v: unknown, path: string, ctx: ParseContext): Network | undefined {
  const o = asObj(v);
  const cidr = parseCidr(asStr(o?.cidr) ?? '');
  if (!cidr) {
    ctx.invalid(`${path}.cidr`, `"${String(o?.cidr ?? '')}" is not a valid CIDR`);
    return undefined;
  }
  const except: Network['except'] = [];
  for (const [i, e] of (asArr(o?.except) ?? []).entries()) {
    const c = parseCidr(asStr(e) ?? '');
    if (!c) {
      ctx.invalid(`${path}.except[${i}]`, `"${String(e)}" is not a valid CIDR`);
      return undefined;
    }
    if (!cidrCovers(cidr, c) || c.prefix === cidr.prefix) {
      ctx.invalid(`${path}.except[${i}]`, `except ${c.text} must be strictly inside ${cidr.text}`);
      return undefined;
    }
    except.push(c);
  }
  return { cidr, except };
}

function parsePeer(v: unknown, path: string, ctx: ParseContext): NetworkPolicyPeer | undefined {
  const o = asObj(v);
  if (!o) {
    ctx.invalid(path, 'a peer must be an object');
    return undefined;
  }
  const hasIp = o.ipBlock !== undefined && o.ipBlock !== null;
  const hasNs = o.namespaceSelector !== undefined && o.namespaceSelector !== null;
  const hasPod = o.podSelector !== undefined && o.podSelector !== null;
  if (hasIp && (hasNs || hasPod)) {
    ctx.invalid(path, 'a peer may not combine ipBlock with namespaceSelector or podSelector');
    return undefined;
  }
  if (hasIp) {
    const block = parseIpBlock(o.ipBlock, `${path}.ipBlock`, ctx);
    return block && { kind: 'ipBlock', block };
  }
  if (!hasNs && !hasPod) {
    ctx.invalid(path, 'a peer needs at least one of podSelector, namespaceSelector or ipBlock');
    return undefined;
  }
  const namespaceSelector = hasNs ? npSelector(o.namespaceSelector, `${path}.namespaceSelector`, ctx) : undefined;
  const podSelector = hasPod ? npSelector(o.podSelector, `${path}.podSelector`, ctx) : undefined;
  if ((hasNs && !namespaceSelector) || (hasPod && !podSelector)) return undefined;
  return { kind: 'pods', ...(namespaceSelector ? { namespaceSelector } : {}), ...(podSelector ? { podSelector } : {}) };
}

function parsePort(v: unknown, path: string, ctx: ParseContext): NetworkPolicyPort | undefined {
  const o = asObj(v);
  if (!o) {
    ctx.invalid(path, 'a port entry must be an object');
    return undefined;
  }
  const protocol = parseProtocol(o.protocol, `${path}.protocol`, ctx);
  if (!protocol) return undefined;
  if (o.port === undefined || o.port === null) {
    if (o.endPort !== undefined) {
      ctx.invalid(`${path}.endPort`, 'endPort needs a numeric port');
      return undefined;
    }
    return { protocol };
  }
  const port = parsePortRef(o.port, `${path}.port`, ctx);
  if (!port) return undefined;
  if (o.endPort !== undefined && o.endPort !== null) {
    const end = Number(o.endPort);
    if (port.kind !== 'number') {
      ctx.invalid(`${path}.endPort`, 'endPort may only be used with a numeric port');
      return undefined;
    }
    if (!Number.isInteger(end) || end < port.number || end > 65535) {
      ctx.invalid(`${path}.endPort`, `endPort ${String(o.endPort)} must be a port number >= port ${port.number}`);
      return undefined;
    }
    return { protocol, port, endPort: end };
  }
  return { protocol, port };
}

function parseRules(spec: Obj, direction: 'ingress' | 'egress', ctx: ParseContext): NetworkPolicyRule[] | undefined {
  const raw = spec[direction];
  if (raw === undefined || raw === null) return [];
  const list = asArr(raw);
  if (!list) {
    ctx.invalid(`spec.${direction}`, `spec.${direction} must be a list of rules`);
    return undefined;
  }
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  const rules: NetworkPolicyRule[] = [];
  let ok = true;
  list.forEach((r, index) => {
    const o = asObj(r) ?? {};
    const p = `spec.${direction}[${index}]`;
    const rawPeers = asArr(o[peerKey]);
    const rawPorts = asArr(o.ports);
    const peers = rawPeers && rawPeers.length > 0 ? rawPeers.map((x, j) => parsePeer(x, `${p}.${peerKey}[${j}]`, ctx)) : 'all';
    const ports = rawPorts && rawPorts.length > 0 ? rawPorts.map((x, j) => parsePort(x, `${p}.ports[${j}]`, ctx)) : 'all';
    if ((peers !== 'all' && peers.some((x) => !x)) || (ports !== 'all' && ports.some((x) => !x))) {
      ok = false;
      return;
    }
    rules.push({ index, peers: peers as NetworkPolicyRule['peers'], ports: ports as NetworkPolicyRule['ports'] });
  });
  return ok ? rules : undefined;
}

export function parseNetworkPolicy(o: Obj, namespace: string, name: string, ctx: ParseContext): NetworkPolicy | undefined {
  const spec = asObj(o.spec);
  if (!spec) {
    ctx.invalid('spec', `NetworkPolicy has no spec. ${NOT_EVALUATED}`);
    return undefined;
  }
  // An absent (or null) podSelector decodes as the empty selector — every pod of the namespace —
  // and the API server stores it as `podSelector: {}` (k8s.io/api networking/v1 NetworkPolicySpec:
  // a non-pointer LabelSelector). The oracle test (apps/api/test/live/oracle.cluster.test.ts) shows
  // kube-apiserver 1.34 accepting it under strict validation.
  const podSelector = spec.podSelector === undefined || spec.podSelector === null ? parseLabelSelector({}, 'spec.podSelector', ctx) : npSelector(spec.podSelector, 'spec.podSelector', ctx);
  const ingress = parseRules(spec, 'ingress', ctx);
  const egress = parseRules(spec, 'egress', ctx);
  let types: string[] | undefined;
  if (spec.policyTypes !== undefined && spec.policyTypes !== null) {
    const list = asArr(spec.policyTypes)?.map(String);
    if (!list || list.some((t) => t !== 'Ingress' && t !== 'Egress')) {
      ctx.invalid('spec.policyTypes', `policyTypes must list only Ingress and/or Egress. ${NOT_EVALUATED}`);
      return undefined;
    }
    // An empty list is defaulted like an absent one (kubernetes pkg/apis/networking/v1/defaults.go
    // SetDefaults_NetworkPolicy: `len(PolicyTypes) == 0`).
    types = list.length > 0 ? list : undefined;
  }
  if (!podSelector || !ingress || !egress) {
    ctx.sink.report({ code: 'invalid-object', severity: 'error', object: ctx.ref, message: `this NetworkPolicy has invalid fields (see above). ${NOT_EVALUATED}` });
    return undefined;
  }
  // §3.2: without policyTypes — absent or empty, `len(PolicyTypes) == 0` in kubernetes
  // pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy — Ingress always, Egress when
  // there is at least one egress rule.
  // (`types` is undefined for an absent or empty list, above.)
  const ingressIsolation = types ? types.includes('Ingress') : true;
  const egressIsolation = types ? types.includes('Egress') : egress.length > 0;
  return { namespace, name, podSelector, ingressIsolation, egressIsolation, ingress, egress, ref: ctx.ref };
}
