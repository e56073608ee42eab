/**
 * policy.networking.k8s.io (kubernetes-sigs/network-policy-api) → TieredPolicy (issue 17).
 * Two parsers, one model (l4/adminTiers.ts):
 *  - v1alpha1 AdminNetworkPolicy (Admin tier; actions Allow/Deny/Pass) and
 *    BaselineAdminNetworkPolicy (Baseline tier, the singleton `default`; Allow/Deny) —
 *    apis/v1alpha1/{adminnetworkpolicy,baselineadminnetworkpolicy,shared}_types.go;
 *  - v1alpha2 ClusterNetworkPolicy (spec.tier Admin|Baseline; Accept/Deny/Pass; `protocols`) —
 *    apis/v1alpha2/clusternetworkpolicy_types.go.
 * The CRDs' validation (required fields, enums, exactly-one-of, MinItems/MaxItems, priority
 * 0–1000, CIDR syntax, port ranges, named ports only towards pods) is checked here: an object
 * the API server would reject is an `invalid-object` error and is not evaluated (the caller
 * turns it into an unknown scope). Unknown fields are warnings (pruned by the API server).
 */
import { parseCidr, type Cidr } from '../net/cidr.ts';
import type { LabelSelector } from '../selectors/labelSelector.ts';
import type { AdminPolicyKind, TierAction, TieredPolicy, TierPeer, TierPodSelection, TierPort, TierRule } from '../l4/adminTiers.ts';
import { asArr, asObj, type Obj } from './fields.ts';
import { NOT_EVALUATED, type ParseContext } from './parseContext.ts';
import { checkSelectorSyntax, parseLabelSelector } from './parseLabelSelector.ts';
import { isValidPortName } from './parsePorts.ts';
import { PROTOCOLS, type Protocol } from './types.ts';
import { isOneOf } from '../util/isOneOf.ts';

export const ADMIN_POLICY_GROUP = 'policy.networking.k8s.io';

/** Served versions per kind (v1alpha1 types register ANP/BANP; v1alpha2 registers ClusterNetworkPolicy only). */
export const ADMIN_POLICY_VERSIONS: Record<AdminPolicyKind, string[]> = {
  AdminNetworkPolicy: ['v1alpha1'],
  BaselineAdminNetworkPolicy: ['v1alpha1'],
  ClusterNetworkPolicy: ['v1alpha2'],
};

export function isAdminPolicyKind(group: string, kind: string): kind is AdminPolicyKind {
  return group === ADMIN_POLICY_GROUP && kind in ADMIN_POLICY_VERSIONS;
}

/** The CRD limits, per API version (MaxItems markers). */
interface Limits {
  rules: number;
  peers: number;
  ports: number;
  cidrs: number;
  domains: number;
}
const V1ALPHA1: Limits = { rules: 100, peers: 100, ports: 100, cidrs: 25, domains: 25 };
const V1ALPHA2: Limits = { rules: 25, peers: 25, ports: 25, cidrs: 25, domains: 25 };

/** Collects problems; the object is evaluated only when none is an error. */
class Check {
  ok = true;
  constructor(readonly ctx: ParseContext) {}
  error(path: string, message: string): undefined {
    this.ok = false;
    this.ctx.invalid(path, message);
    return undefined;
  }
  unknownFields(o: Obj, allowed: readonly string[], path: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.ctx.invalid(path ? `${path}.${k}` : k, `unknown field "${k}" (not in the CRD schema): the API server drops it`, 'warning');
    }
  }
}

const present = (v: unknown) => v !== undefined && v !== null;

function selector(c: Check, v: unknown, path: string): LabelSelector | undefined {
  if (!asObj(v)) return c.error(path, 'must be a label selector (an object)');
  const s = parseLabelSelector(v, path, c.ctx);
  if (!s || !checkSelectorSyntax(s, path, c.ctx)) {
    c.ok = false;
    return undefined;
  }
  return s;
}

/** Exactly one of `keys` set (MinProperties=1, MaxProperties=1). */
function exactlyOne(c: Check, o: Obj, keys: readonly string[], path: string, what: string): string | undefined {
  const set = Object.keys(o).filter((k) => present(o[k]));
  if (set.length !== 1) return c.error(path, `${what} must set exactly one field (${keys.join(', ')}); it sets ${set.length === 0 ? 'none' : set.join(', ')}`);
  if (!keys.includes(set[0]!)) return c.error(`${path}.${set[0]}`, `"${set[0]}" is not a field of ${what} (${keys.join(', ')})`);
  return set[0];
}

/** NamespacedPod: v1alpha1 requires both selectors; v1alpha2 makes namespaceSelector optional (empty = every namespace). */
function namespacedPod(c: Check, v: unknown, path: string, v2: boolean): TierPodSelection | undefined {
  const o = asObj(v);
  if (!o) return c.error(path, 'pods must be an object with namespaceSelector and podSelector');
  c.unknownFields(o, ['namespaceSelector', 'podSelector'], path);
  if (!present(o.podSelector)) return c.error(`${path}.podSelector`, 'podSelector is required');
  if (!present(o.namespaceSelector) && !v2) return c.error(`${path}.namespaceSelector`, 'namespaceSelector is required in v1alpha1 (use {} for every namespace)');
  const namespaceSelector = present(o.namespaceSelector) ? selector(c, o.namespaceSelector, `${path}.namespaceSelector`) : { matchLabels: [], matchExpressions: [] };
  const podSelector = selector(c, o.podSelector, `${path}.podSelector`);
  return namespaceSelector && podSelector ? { namespaceSelector, podSelector } : undefined;
}

function subject(c: Check, v: unknown, v2: boolean): TierPodSelection | undefined {
  const o = asObj(v);
  if (!o) return c.error('spec.subject', 'spec.subject is required (namespaces or pods)');
  const k = exactlyOne(c, o, ['namespaces', 'pods'], 'spec.subject', 'subject');
  if (k === 'namespaces') {
    const s = selector(c, o.namespaces, 'spec.subject.namespaces');
    return s && { namespaceSelector: s };
  }
  if (k === 'pods') return namespacedPod(c, o.pods, 'spec.subject.pods', v2);
  return undefined;
}

function list(c: Check, v: unknown, path: string, min: number, max: number, what: string): unknown[] | undefined {
  const l = asArr(v);
  if (!l) return c.error(path, `${what} must be a list`);
  if (l.length < min) return c.error(path, `${what} needs at least ${min} item${min > 1 ? 's' : ''}`);
  if (l.length > max) return c.error(path, `${what} has ${l.length} items; the CRD allows at most ${max}`);
  return l;
}

function cidrList(c: Check, v: unknown, path: string, limits: Limits): Cidr[] | undefined {
  const l = list(c, v, path, 1, limits.cidrs, 'networks');
  if (!l) return undefined;
  const out: Cidr[] = [];
  l.forEach((x, i) => {
    const s = typeof x === 'string' ? x : '';
    const cidr = s.includes('/') && s.length <= 43 ? parseCidr(s) : undefined;
    if (!cidr) c.error(`${path}[${i}]`, `"${String(x)}" is not a CIDR (address/prefix, at most 43 characters)`);
    else out.push(cidr);
  });
  if (new Set(out.map((x) => `${x.family}/${x.base}/${x.prefix}`)).size !== out.length) c.error(path, 'networks is a set: an entry is repeated');
  return out.length === l.length ? out : undefined;
}

const DOMAIN = /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

function peer(c: Check, v: unknown, path: string, direction: 'ingress' | 'egress', kind: AdminPolicyKind, limits: Limits): TierPeer | undefined {
  const o = asObj(v);
  if (!o) return c.error(path, 'a peer must be an object');
  const v2 = kind === 'ClusterNetworkPolicy';
  // Ingress peers are pods/namespaces only; egress adds nodes and networks, and (ANP/CNP) domainNames.
  const keys = direction === 'ingress' ? ['namespaces', 'pods'] : kind === 'BaselineAdminNetworkPolicy' ? ['namespaces', 'pods', 'nodes', 'networks'] : ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
  const k = exactlyOne(c, o, keys, path, `an ${direction} peer`);
  if (k === 'namespaces') {
    const s = selector(c, o.namespaces, `${path}.namespaces`);
    return s && { kind: 'pods', namespaceSelector: s };
  }
  if (k === 'pods') {
    const s = namespacedPod(c, o.pods, `${path}.pods`, v2);
    return s && { kind: 'pods', ...s };
  }
  if (k === 'nodes') {
    const s = selector(c, o.nodes, `${path}.nodes`);
    return s && { kind: 'nodes', selector: s };
  }
  if (k === 'networks') {
    const cidrs = cidrList(c, o.networks, `${path}.networks`, limits);
    return cidrs && { kind: 'networks', cidrs };
  }
  if (k === 'domainNames') {
    const l = list(c, o.domainNames, `${path}.domainNames`, 1, limits.domains, 'domainNames');
    if (!l) return undefined;
    const names = l.map((x, i) => (typeof x === 'string' && DOMAIN.test(x) ? x : c.error(`${path}.domainNames[${i}]`, `"${String(x)}" is not a domain name (a '*.' prefix is the only wildcard)`)));
    if (names.some((x) => x === undefined)) return undefined;
    return { kind: 'domainNames', names: names as string[] };
  }
  return undefined;
}

function portNumber(c: Check, v: unknown, path: string): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) return c.error(path, `port ${JSON.stringify(v)} must be an integer 1-65535`);
  return v;
}

function protocolOf(c: Check, v: unknown, path: string): Protocol | undefined {
  if (!present(v)) return 'TCP';
  if (isOneOf(PROTOCOLS, v)) return v;
  return c.error(path, `protocol ${JSON.stringify(v)} is not one of ${PROTOCOLS.join(', ')}`);
}

function range(c: Check, o: Obj, path: string, protocol: Protocol): TierPort | undefined {
  const from = portNumber(c, o.start, `${path}.start`);
  const to = portNumber(c, o.end, `${path}.end`);
  if (from === undefined || to === undefined) return undefined;
  if (from >= to) return c.error(path, `start ${from} must be less than end ${to}`);
  return { kind: 'range', protocol, from, to };
}

function namedPort(c: Check, v: unknown, path: string): TierPort | undefined {
  if (typeof v !== 'string' || !isValidPortName(v)) return c.error(path, `${JSON.stringify(v)} is not a valid port name`);
  return { kind: 'name', name: v };
}

/** v1alpha1 AdminNetworkPolicyPort: exactly one of portNumber {protocol, port}, namedPort, portRange {protocol, start, end}. */
function portV1(c: Check, v: unknown, path: string): TierPort | undefined {
  const o = asObj(v);
  if (!o) return c.error(path, 'a port must be an object');
  const k = exactlyOne(c, o, ['portNumber', 'namedPort', 'portRange'], path, 'a port');
  if (k === 'namedPort') return namedPort(c, o.namedPort, `${path}.namedPort`);
  const inner = asObj(o[k ?? '']);
  if (!k) return undefined;
  if (!inner) return c.error(`${path}.${k}`, `${k} must be an object`);
  const protocol = protocolOf(c, inner.protocol, `${path}.${k}.protocol`);
  if (!protocol) return undefined;
  if (k === 'portNumber') {
    c.unknownFields(inner, ['protocol', 'port'], `${path}.${k}`);
    if (!present(inner.port)) return c.error(`${path}.portNumber.port`, 'port is required');
    const n = portNumber(c, inner.port, `${path}.portNumber.port`);
    return n === undefined ? undefined : { kind: 'range', protocol, from: n, to: n };
  }
  c.unknownFields(inner, ['protocol', 'start', 'end'], `${path}.${k}`);
  return range(c, inner, `${path}.portRange`, protocol);
}

/** v1alpha2 ClusterNetworkPolicyProtocol: exactly one of tcp/udp/sctp {destinationPort: {number | range}} or destinationNamedPort. */
function protocolV2(c: Check, v: unknown, path: string): TierPort | undefined {
  const o = asObj(v);
  if (!o) return c.error(path, 'a protocol entry must be an object');
  const k = exactlyOne(c, o, ['tcp', 'udp', 'sctp', 'destinationNamedPort'], path, 'a protocol entry');
  if (!k) return undefined;
  if (k === 'destinationNamedPort') return namedPort(c, o.destinationNamedPort, `${path}.destinationNamedPort`);
  const protocol = k.toUpperCase() as Protocol;
  const inner = asObj(o[k]);
  if (!inner || !present(inner.destinationPort)) return c.error(`${path}.${k}`, `${k} needs destinationPort (MinProperties=1)`);
  c.unknownFields(inner, ['destinationPort'], `${path}.${k}`);
  const dp = asObj(inner.destinationPort);
  const at = `${path}.${k}.destinationPort`;
  if (!dp) return c.error(at, 'destinationPort must be an object');
  const which = exactlyOne(c, dp, ['number', 'range'], at, 'destinationPort');
  if (which === 'number') {
    const n = portNumber(c, dp.number, `${at}.number`);
    return n === undefined ? undefined : { kind: 'range', protocol, from: n, to: n };
  }
  if (which === 'range') {
    const r = asObj(dp.range);
    if (!r) return c.error(`${at}.range`, 'range must be an object with start and end');
    c.unknownFields(r, ['start', 'end'], `${at}.range`);
    return range(c, r, `${at}.range`, protocol);
  }
  return undefined;
}

const ACTIONS: Record<AdminPolicyKind, Record<string, TierAction>> = {
  AdminNetworkPolicy: { Allow: 'allow', Deny: 'deny', Pass: 'pass' },
  BaselineAdminNetworkPolicy: { Allow: 'allow', Deny: 'deny' },
  ClusterNetworkPolicy: { Accept: 'allow', Deny: 'deny', Pass: 'pass' },
};

function rules(c: Check, spec: Obj, direction: 'ingress' | 'egress', kind: AdminPolicyKind, limits: Limits): TierRule[] {
  const raw = spec[direction];
  if (!present(raw)) return [];
  const l = list(c, raw, `spec.${direction}`, 0, limits.rules, `spec.${direction}`);
  if (!l) return [];
  const v2 = kind === 'ClusterNetworkPolicy';
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  const portKey = v2 ? 'protocols' : 'ports';
  const out: TierRule[] = [];
  l.forEach((r, index) => {
    const path = `spec.${direction}[${index}]`;
    const o = asObj(r);
    if (!o) return c.error(path, 'a rule must be an object');
    c.unknownFields(o, ['name', 'action', peerKey, portKey], path);
    if (present(o.name) && (typeof o.name !== 'string' || o.name.length > 100)) c.error(`${path}.name`, 'name must be a string of at most 100 characters');
    const actions = ACTIONS[kind];
    const actionText = typeof o.action === 'string' ? o.action : '';
    const action = actions[actionText];
    if (!action) c.error(`${path}.action`, `action ${JSON.stringify(o.action ?? null)} is not one of ${Object.keys(actions).join(', ')} (required)`);
    if (!present(o[peerKey])) c.error(`${path}.${peerKey}`, `${peerKey} is required (at least one peer)`);
    const rawPeers = present(o[peerKey]) ? list(c, o[peerKey], `${path}.${peerKey}`, 1, limits.peers, peerKey) : undefined;
    const peers = (rawPeers ?? []).map((p, j) => peer(c, p, `${path}.${peerKey}[${j}]`, direction, kind, limits));
    let ports: TierRule['ports'] = 'all';
    if (present(o[portKey])) {
      const rawPorts = list(c, o[portKey], `${path}.${portKey}`, 1, limits.ports, portKey);
      const parsed = (rawPorts ?? []).map((p, j) => (v2 ? protocolV2(c, p, `${path}.${portKey}[${j}]`) : portV1(c, p, `${path}.${portKey}[${j}]`)));
      if (parsed.every((p) => p)) ports = parsed as TierPort[];
    }
    // CEL rule on egress rules: no named port towards networks/nodes/domainNames (they have no named ports).
    if (direction === 'egress' && ports !== 'all' && ports.some((p) => p.kind === 'name') && peers.some((p) => p && p.kind !== 'pods')) {
      c.error(`${path}.${portKey}`, 'a named port cannot be used with networks, nodes or domainNames peers (they have no named ports)');
    }
    if (peers.some((p) => p?.kind === 'domainNames') && action !== 'allow') c.error(`${path}.${peerKey}`, `domainNames peers are supported only for ${v2 ? 'Accept' : 'Allow'} rules`);
    if (!action || !rawPeers || peers.some((p) => !p)) return;
    out.push({ index, ...(typeof o.name === 'string' && o.name ? { name: o.name } : {}), action, actionText, peers: peers as TierPeer[], ports });
  });
  return out;
}

export function parseAdminPolicy(o: Obj, kind: AdminPolicyKind, version: string, name: string, ctx: ParseContext): TieredPolicy | undefined {
  const c = new Check(ctx);
  const v2 = kind === 'ClusterNetworkPolicy';
  const limits = version === 'v1alpha2' ? V1ALPHA2 : V1ALPHA1;
  const spec = asObj(o.spec);
  if (!spec) {
    ctx.invalid('spec', `${kind} has no spec. ${NOT_EVALUATED}`);
    return undefined;
  }
  const specKeys = kind === 'BaselineAdminNetworkPolicy' ? ['subject', 'ingress', 'egress'] : v2 ? ['tier', 'priority', 'subject', 'ingress', 'egress'] : ['priority', 'subject', 'ingress', 'egress'];
  c.unknownFields(spec, specKeys, 'spec');
  // BANP is a singleton (CEL: metadata.name == 'default').
  if (kind === 'BaselineAdminNetworkPolicy' && name !== 'default') c.error('metadata.name', `a BaselineAdminNetworkPolicy must be named "default" (only one can exist); "${name}" is rejected`);
  let tier: TieredPolicy['tier'] = kind === 'BaselineAdminNetworkPolicy' ? 'baseline' : 'admin';
  if (v2) {
    if (spec.tier === 'Admin') tier = 'admin';
    else if (spec.tier === 'Baseline') tier = 'baseline';
    else c.error('spec.tier', `tier ${JSON.stringify(spec.tier ?? null)} is not Admin or Baseline (required)`);
  }
  let priority = 0;
  if (kind !== 'BaselineAdminNetworkPolicy') {
    const p = spec.priority;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 1000) c.error('spec.priority', `priority ${JSON.stringify(p ?? null)} must be an integer 0-1000 (required)`);
    else priority = p;
  }
  const subj = subject(c, spec.subject, v2);
  const ingress = rules(c, spec, 'ingress', kind, limits);
  const egress = rules(c, spec, 'egress', kind, limits);
  if (!c.ok || !subj) {
    ctx.sink.report({ code: 'invalid-object', severity: 'error', object: ctx.ref, message: `this ${kind} has invalid fields (see above). ${NOT_EVALUATED}` });
    return undefined;
  }
  return { kind, tier, priority, name, subject: subj, ingress, egress, ref: ctx.ref };
}
