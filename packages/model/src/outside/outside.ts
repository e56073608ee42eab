/**
 * The world outside (issue 17): clients and destinations beyond the cluster networks.
 *
 * An outside peer is a set of addresses — `external:0.0.0.0/0` is every IPv4 address outside
 * the cluster networks (linkerd-config's clusterNetworks, Linkerd's chart default
 * `10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8`, linkerd2
 * charts/linkerd-control-plane/values.yaml), `external:::/0` its IPv6 twin, and any other
 * `external:<CIDR>` exactly that CIDR. It is unmeshed, in no namespace, and never matched by a
 * pod or namespace selector.
 *
 * How it is judged — with the layers' own evaluators, not a second implementation: the address
 * space is cut into regions that every CIDR in the input (ipBlocks and their excepts,
 * NetworkAuthentication and ServerAuthorization networks, the cluster networks, and any CIDR a
 * future policy tier keeps in the inventory) treats alike; each region gets a stand-in
 * workload with one address of it, appended to a copy of the workload table, and the L4 and L7
 * evaluators (with the unknown scopes on top) answer for it like for any pod. A peer's answer
 * is then read off the regions it overlaps: when they disagree, the most permissive part
 * decides and the reason names the part (a range of which only a part is admitted is never
 * read as denied).
 *
 * Through a NodePort/LoadBalancer Service with externalTrafficPolicy Cluster, the pod sees a
 * node's IP instead of the client's (kubernetes staging/src/k8s.io/api/core/v1/types.go,
 * ServiceSpec.ExternalTrafficPolicy: only `Local` keeps the client source IP). Node IPs are
 * not in manifests: when the destination's answer differs between regions, the answer through
 * that path is `unknown` at that layer, never a guess.
 */
import { diagnosticList } from '../diagnostics.ts';
import type { Cidr } from '../net/cidr.ts';
import { AddressSet, cidrInterval, formatIp, parseUserCidr, type Interval } from '../net/addressSet.ts';
import type { DefaultInboundPolicy, Inventory, Protocol, Workload } from '../k8s/types.ts';
import { buildL4Evaluator, type L4PolicyCache, type L4RuleView } from '../l4/buildL4Evaluator.ts';
import type { TierCache } from '../l4/tierEvaluator.ts';
import { buildL7Evaluator, type L7ServerView } from '../l7/buildL7Evaluator.ts';
import { WorkloadTable } from '../selectors/workloadTable.ts';
import { combineAllowed, protectionOf } from '../verdict/combine.ts';
import type { Cell, L4Verdict, L7Verdict, Reason } from '../verdict/types.ts';
import { withL4Scopes, withL7Scopes } from '../analysis/unknownScopes.ts';
import { computeExposures, type Exposure, type ServicePath, type WorkloadExposures } from './exposures.ts';

export const EXTERNAL_KIND = 'External';
export const EXTERNAL_PREFIX = 'external:';
/** The default outside peer: every IPv4 address outside the cluster networks. */
export const OUTSIDE_ID = 'external:0.0.0.0/0';
export const OUTSIDE_LABEL = 'outside the cluster';

export interface OutsidePeer {
  /** `external:<canonical CIDR>` */
  id: string;
  cidr: Cidr;
  /** The addresses it stands for: the CIDR, minus the cluster networks for a /0. */
  addresses: AddressSet;
  /** For people: "outside the cluster", or the CIDR. */
  label: string;
}

export const isExternalId = (id: string): boolean => id.startsWith(EXTERNAL_PREFIX);

export function externalIdOf(c: Cidr): string {
  return `${EXTERNAL_PREFIX}${formatIp(c.family, c.base)}/${c.prefix}`;
}

/** `external:203.0.113.0/24` → its CIDR; undefined when not an external id or not a CIDR. */
export function parseExternalId(id: string): Cidr | undefined {
  return isExternalId(id) ? parseUserCidr(id.slice(EXTERNAL_PREFIX.length)) : undefined;
}

export function outsidePeer(c: Cidr, clusterNetworks: readonly Cidr[]): OutsidePeer {
  const all = AddressSet.fromCidrs([c]);
  // A /0 means "the rest of the world" for its family: the cluster's own networks are not outside.
  const addresses = c.prefix === 0 ? all.minus(AddressSet.fromCidrs(clusterNetworks)) : all;
  const id = externalIdOf(c);
  return { id, cidr: c, addresses, label: id === OUTSIDE_ID ? OUTSIDE_LABEL : `${formatIp(c.family, c.base)}/${c.prefix}` };
}

// ------------------------------------------------------------------ regions

const isCidr = (v: unknown): v is Cidr => {
  const o = v as Cidr;
  return !!o && typeof o === 'object' && (o.family === 4 || o.family === 6) && typeof o.base === 'bigint' && typeof o.prefix === 'number';
};

/**
 * Every CIDR the inventory's policy objects hold, wherever they keep it: a new policy tier that
 * stores its `networks` as `Cidr`s in the inventory is covered without touching this file.
 */
export function policyCidrs(inventory: Inventory): Cidr[] {
  const skip = new Set(['workloads', 'namespaces', 'services', 'serviceAccounts', 'layers']);
  return cidrsIn(Object.entries(inventory).flatMap(([k, v]) => (skip.has(k) ? [] : [v])));
}

/** Every CIDR a value holds, however deep (parsed policy objects keep theirs as `Cidr`s). */
export function cidrsIn(value: unknown): Cidr[] {
  const out: Cidr[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (isCidr(v)) {
      out.push(v);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x);
  };
  walk(value);
  return out;
}

/** The address space cut into regions that every given CIDR treats alike (all in or all out). */
export function addressRegions(cidrs: readonly Cidr[]): AddressSet[] {
  const groups = new Map<string, Interval[]>();
  for (const family of [4, 6] as const) {
    const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
    const intervals = [...new Map(cidrs.filter((c) => c.family === family).map((c) => [`${c.base}/${c.prefix}`, cidrInterval(c)])).values()];
    const cuts = new Set<bigint>([0n]);
    for (const i of intervals) {
      cuts.add(i.lo);
      if (i.hi < max) cuts.add(i.hi + 1n);
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((lo, k) => {
      const hi = k + 1 < sorted.length ? sorted[k + 1]! - 1n : max;
      const signature = `${family}:${intervals.flatMap((i, j) => (i.lo <= lo && lo <= i.hi ? [j] : [])).join(',')}`;
      groups.set(signature, [...(groups.get(signature) ?? []), { family, lo, hi }]);
    });
  }
  return [...groups.values()].map((list) => AddressSet.of(list));
}

// ------------------------------------------------------------------ evaluation

export interface OutsideOptions {
  linkerdDefaultPolicy?: DefaultInboundPolicy;
  /** Linkerd's cluster networks as the analysis uses them. */
  clusterNetworks: readonly Cidr[];
  /** `--external` CIDRs (besides 0.0.0.0/0). */
  externals?: readonly Cidr[];
}

export interface OutsideView {
  /** `external:0.0.0.0/0` and one per `--external`, in that order. */
  readonly peers: readonly OutsidePeer[];
  /** A listed peer, or one made on demand from any `external:<CIDR>` id. */
  peer(id: string): OutsidePeer | undefined;
  /** A flow with one side outside (the other a workload of the table); undefined when neither or both are. */
  cell(from: string, to: string, port: number, protocol: Protocol): Cell | undefined;
  /** Exposure paths of a workload (empty when none). */
  exposuresOf(workloadId: string): Exposure[];
  /** Workload ids with at least one exposure. */
  exposed(): string[];
  /** Ports a workload's egress rules name towards addresses (ipBlock or every peer): the ports asked of an outside destination by default. */
  egressPorts(): { port: number; protocol: Protocol }[];
}

interface RegionVerdict {
  l4: L4Verdict;
  l7: L7Verdict;
  allowed: boolean | null;
}

const rank = (a: boolean | null) => (a === true ? 2 : a === null ? 1 : 0);
const sameVerdict = (a: RegionVerdict, b: RegionVerdict) => a.l4 === b.l4 && a.l7 === b.l7;

/**
 * What one outside view leaves for the next analysis (issue 19): the wide table (the workloads
 * plus the regions' stand-ins) with its compiled NetworkPolicies, and the wide L7 evaluator.
 * Valid while the workloads and the regions are the same.
 */
export interface OutsideCarry {
  table: WorkloadTable;
  regions: AddressSet[];
  wide: WorkloadTable;
  policyCache: L4PolicyCache;
  tierCache: TierCache;
  /** The wide L7 evaluator before the unknown scopes (reused while no L7 input changed). */
  l7?: L7ServerView;
  linkerdDefaultPolicy?: DefaultInboundPolicy;
  /** The exposure paths per workload, once computed (reused while no Service, Ingress, Gateway or route changed). */
  exposures?: Map<string, WorkloadExposures>;
}

/** The previous analysis's carry, and whether its L7 inputs and what exposes workloads are this one's. */
export interface OutsideReuse {
  carry: OutsideCarry;
  l7Same: boolean;
  exposuresSame?: boolean;
}

export interface OutsideInternals extends OutsideView {
  /** What the next analysis may reuse (undefined until the evaluators were built). */
  carry(): OutsideCarry | undefined;
}

export function buildOutside(inventory: Inventory, table: WorkloadTable, options: OutsideOptions, reuse?: OutsideReuse): OutsideInternals {
  const clusterNetworks = options.clusterNetworks;
  const peers: OutsidePeer[] = [];
  const addPeer = (c: Cidr) => {
    const p = outsidePeer(c, clusterNetworks);
    if (!peers.some((x) => x.id === p.id)) peers.push(p);
  };
  addPeer(parseUserCidr('0.0.0.0/0')!);
  for (const c of options.externals ?? []) addPeer(c);
  const onDemand = new Map<string, OutsidePeer>();
  const peer = (id: string): OutsidePeer | undefined => {
    const listed = peers.find((p) => p.id === id);
    if (listed) return listed;
    const c = parseExternalId(id);
    if (!c) return undefined;
    const canonical = externalIdOf(c);
    const again = peers.find((p) => p.id === canonical);
    if (again) return again;
    let p = onDemand.get(canonical);
    if (!p) onDemand.set(canonical, (p = outsidePeer(c, clusterNetworks)));
    return p;
  };

  // The same workloads and no Service, Ingress, Gateway or route touched: the same paths (issue 19).
  let exposureIndex: Map<string, WorkloadExposures> | undefined = reuse?.exposuresSame && reuse.carry.table === table ? reuse.carry.exposures : undefined;
  const exposures = () => (exposureIndex ??= computeExposures(inventory, table.workloads));

  interface Evaluators {
    regions: AddressSet[];
    /** Index of region k's stand-in in `wide`. */
    probe: (k: number) => number;
    probeId: (k: number) => string;
    l4: L4RuleView;
    l7: L7ServerView;
  }
  let built: Evaluators | undefined;
  let carried: OutsideCarry | undefined;
  const evaluators = (): Evaluators => {
    if (built) return built;
    // The caller passes a carry only for the same workloads and the same regions (analyze.ts):
    // its wide table and compiled policies hold, and its L7 evaluator while no L7 input changed.
    const prior = reuse && reuse.carry.table === table ? reuse.carry : undefined;
    const regions = prior?.regions ?? addressRegions([...policyCidrs(inventory), ...clusterNetworks]);
    const wide = prior?.wide ?? new WorkloadTable([...table.workloads, ...regions.map((r, k) => standIn(k, r))], table.namespaces);
    const probes = wide.workloads.slice(table.size);
    const wideInventory: Inventory = { ...inventory, workloads: [...wide.workloads] };
    const policyCache: L4PolicyCache = prior?.policyCache ?? new WeakMap();
    const tierCache: TierCache = prior?.tierCache ?? new WeakMap();
    // Their findings are the main analysis's already: this copy's are dropped.
    const rawL7 =
      prior?.l7 && reuse!.l7Same && prior.linkerdDefaultPolicy === options.linkerdDefaultPolicy
        ? prior.l7
        : buildL7Evaluator(wideInventory, wide, diagnosticList(), options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {});
    const l4 = withL4Scopes(buildL4Evaluator(wideInventory, wide, diagnosticList(), policyCache, tierCache, { diagnose: false }), inventory.unknownScopes, wide);
    const l7 = withL7Scopes(rawL7, inventory.unknownScopes, wide);
    carried = { table, regions, wide, policyCache, tierCache, l7: rawL7, ...(options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {}) };
    return (built = { regions, probe: (k) => table.size + k, probeId: (k) => probes[k]!.id, l4, l7 });
  };

  /** Region k's verdict and reasons for a flow from (or to) it, the other side `w`. */
  const regionRaw = (k: number, w: number, inbound: boolean, port: number, protocol: Protocol) => {
    const e = evaluators();
    const from = inbound ? e.probe(k) : w;
    const to = inbound ? w : e.probe(k);
    return { r4: e.l4.explain(from, to, port, protocol), r7: e.l7.explain(from, to, port, protocol) };
  };
  const regionCell = (k: number, w: number, inbound: boolean, port: number, protocol: Protocol, label: string): Cell => labelled(k, regionRaw(k, w, inbound, port, protocol), port, protocol, label);
  /** A region's answer as a cell whose reasons name `label` instead of the region's stand-in. */
  const labelled = (k: number, { r4, r7 }: ReturnType<typeof regionRaw>, port: number, protocol: Protocol, label: string): Cell => {
    const id = evaluators().probeId(k);
    // The stand-in's own side: said as what it is, not as a pod no policy happens to select.
    const own = (r: Reason): Reason => {
      if (!r.text.includes(id)) return r;
      if (r.role === 'not-isolated') return { ...r, text: `${id} is outside the cluster: no NetworkPolicy applies to its ${r.direction ?? ''} side (only the workload's side restricts this flow)` };
      if (r.role === 'not-meshed') return { ...r, text: `${id} is outside the cluster: Linkerd's policy is enforced by the destination's inbound proxy only, so L7 does not apply to traffic leaving the cluster (n/a)` };
      return r;
    };
    const relabel = (rs: Reason[]) => rs.map(own).map((r) => (r.text.includes(id) ? { ...r, text: r.text.split(id).join(label) } : r));
    return {
      from: '',
      to: '',
      port,
      protocol,
      l4Port: r4.l4Port,
      l4: r4.verdict,
      l7: r7.verdict,
      allowed: combineAllowed(r4.verdict, r7.verdict),
      protection: protectionOf(r4.verdict, r7.verdict),
      reasons: { l4: relabel(r4.reasons), l7: relabel(r7.reasons) },
    };
  };

  /** The regions a set of addresses overlaps, with the part in each (per peer's addresses, once: a graph asks for every workload and port). */
  const partsMemo = new Map<AddressSet, { k: number; part: AddressSet }[]>();
  const partsOf = (addresses: AddressSet) => {
    let parts = partsMemo.get(addresses);
    if (!parts) {
      parts = evaluators()
        .regions.map((r, k) => ({ k, part: r.intersect(addresses) }))
        .filter((x) => !x.part.isEmpty());
      partsMemo.set(addresses, parts);
    }
    return parts;
  };

  /** Merges per-part cells into one: the most permissive part decides, and says which part it is. */
  const mergeParts = (peerId: string, parts: { part: AddressSet; cell: Cell }[]): Cell => {
    const first = parts[0]!;
    if (parts.every((p) => sameVerdict(p.cell, first.cell))) return first.cell;
    const best = parts.reduce((a, b) => (rank(b.cell.allowed) > rank(a.cell.allowed) ? b : a));
    const alike = parts.filter((p) => sameVerdict(p.cell, best.cell)).reduce((acc, p) => acc.union(p.part), AddressSet.empty());
    const others = parts.filter((p) => !sameVerdict(p.cell, best.cell));
    const rest = others.map((p) => `${p.part.describe(3)} gets l4 ${p.cell.l4}, l7 ${p.cell.l7}`).join('; ');
    const layer: 'l4' | 'l7' = others.some((p) => p.cell.l4 !== best.cell.l4) ? 'l4' : 'l7';
    const v = best.cell[layer];
    const role: Reason['role'] =
      layer === 'l4' ? (v === 'allow' ? 'admits' : v === 'open' ? 'not-isolated' : v === 'unknown' ? 'layer-unknown' : 'isolates') : v === 'allow' || v === 'partial' ? 'authorizes' : v === 'unknown' ? 'layer-unknown' : 'default-policy';
    const note: Reason = {
      role,
      text: `only part of ${peerId} gets this answer (l4 ${best.cell.l4}, l7 ${best.cell.l7}): ${alike.describe()}; the rest does not — ${rest}`,
    };
    return { ...best.cell, reasons: { ...best.cell.reasons, [layer]: [note, ...best.cell.reasons[layer]] } };
  };

  /** What `to` answers a connection arriving from a node's IP through `path`: constant over all regions, or unknown. */
  const throughSnat = (path: ServicePath, to: number, dstId: string, port: number, protocol: Protocol): Cell => {
    const e = evaluators();
    const s = path.service;
    const via = `Service ${s.namespace}/${s.name} (type ${s.type}, externalTrafficPolicy Cluster, port ${path.servicePort}${path.nodePort !== undefined ? `, node port ${path.nodePort}` : ''} → ${path.targetPort})`;
    const cells = e.regions.map((r, k) => ({ part: r, cell: regionCell(k, to, true, port, protocol, 'a node IP') }));
    const first = cells[0]!.cell;
    const prefix = `through ${via} ${dstId} sees the connection from a node's IP, not the client's (kube-proxy masquerades it; only externalTrafficPolicy Local keeps the client IP — kubernetes core/v1 ServiceSpec.externalTrafficPolicy)`;
    if (cells.every((c) => sameVerdict(c.cell, first))) {
      const text = `${prefix}: every source address gets the same answer here (l4 ${first.l4}, l7 ${first.l7})`;
      return { ...first, reasons: { l4: [{ role: first.reasons.l4[0]?.role ?? 'not-isolated', kind: 'Service', namespace: s.namespace, name: s.name, text }, ...first.reasons.l4], l7: first.reasons.l7 } };
    }
    const l4Varies = cells.some((c) => c.cell.l4 !== first.l4);
    const l7Varies = cells.some((c) => c.cell.l7 !== first.l7);
    const l4: L4Verdict = l4Varies ? 'unknown' : first.l4;
    const l7: L7Verdict = l7Varies ? 'unknown' : first.l7;
    const spread = (layer: 'l4' | 'l7') => {
      const by = new Map<string, AddressSet>();
      for (const c of cells) by.set(c.cell[layer], (by.get(c.cell[layer]) ?? AddressSet.empty()).union(c.part));
      return [...by.entries()].map(([v, set]) => `${set.describe(2)}: ${v}`).join('; ');
    };
    const reason = (layer: 'l4' | 'l7'): Reason => ({
      role: 'layer-unknown',
      kind: 'Service',
      namespace: s.namespace,
      name: s.name,
      ...(s.ref.file ? { file: s.ref.file } : {}),
      ...(s.ref.line ? { line: s.ref.line } : {}),
      text: `${prefix}; node IPs are not in the manifests and ${dstId}'s ${layer === 'l4' ? 'NetworkPolicy' : 'Linkerd policy'} decides by source address (${spread(layer)}), so the answer through this path is unknown`,
    });
    return {
      ...first,
      l4,
      l7,
      allowed: combineAllowed(l4, l7),
      protection: protectionOf(l4, l7),
      reasons: { l4: l4Varies ? [reason('l4')] : first.reasons.l4, l7: l7Varies ? [reason('l7')] : first.reasons.l7 },
    };
  };

  function cell(from: string, to: string, port: number, protocol: Protocol): Cell | undefined {
    const fromPeer = isExternalId(from) ? peer(from) : undefined;
    const toPeer = isExternalId(to) ? peer(to) : undefined;
    if (!!fromPeer === !!toPeer) return undefined;
    const p = (fromPeer ?? toPeer)!;
    const other = table.indexOf(fromPeer ? to : from);
    if (other === undefined) return undefined;
    const inbound = !!fromPeer;
    const parts = partsOf(p.addresses);
    if (parts.length === 0) {
      // e.g. external:10.0.0.0/8 under the default cluster networks — still a CIDR with addresses.
      return undefined;
    }
    // Each part asked once (issue 19); the parts' labels are made only when they disagree.
    const raws = parts.map(({ k, part }) => ({ k, part, raw: regionRaw(k, other, inbound, port, protocol) }));
    const verdictOf = (x: (typeof raws)[number]) => ({ l4: x.raw.r4.verdict, l7: x.raw.r7.verdict });
    // All parts alike: the peer answers as one, and its reasons name it whole.
    const first = verdictOf(raws[0]!);
    const alike = raws.every((x) => {
      const v = verdictOf(x);
      return v.l4 === first.l4 && v.l7 === first.l7;
    });
    const direct = alike
      ? labelled(raws[0]!.k, raws[0]!.raw, port, protocol, p.id)
      : mergeParts(
          p.id,
          raws.map(({ k, part, raw }) => ({ k, part, cell: labelled(k, raw, port, protocol, `${p.id} (its part ${part.describe(2)})`) })),
        );
    let result = direct;
    if (inbound) {
      const dstId = table.at(other).id;
      const paths = (exposures().get(dstId)?.servicePaths ?? []).filter((sp) => sp.snat && sp.targetPort === port && sp.protocol === protocol);
      const seen = new Set<string>();
      for (const sp of paths) {
        const key = `${sp.service.namespace}/${sp.service.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const via = throughSnat(sp, other, dstId, port, protocol);
        if (rank(via.allowed) > rank(result.allowed)) {
          result = { ...via, reasons: { l4: [...via.reasons.l4, ...result.reasons.l4.map((r) => ({ ...r, text: `directly (client IP kept): ${r.text}` }))], l7: via.reasons.l7 } };
        } else {
          result = { ...result, reasons: { l4: [...result.reasons.l4, ...via.reasons.l4.slice(0, 1)], l7: result.reasons.l7 } };
        }
      }
    }
    return { ...result, from: fromPeer ? p.id : from, to: toPeer ? p.id : to, port, protocol };
  }

  const egressPorts = (): { port: number; protocol: Protocol }[] => {
    const out = new Map<string, { port: number; protocol: Protocol }>();
    for (const np of inventory.networkPolicies) {
      for (const r of np.egress) {
        if (r.ports === 'all') continue;
        if (r.peers !== 'all' && !r.peers.some((x) => x.kind === 'ipBlock')) continue;
        for (const pp of r.ports) if (pp.port?.kind === 'number') out.set(`${pp.port.number}/${pp.protocol}`, { port: pp.port.number, protocol: pp.protocol });
      }
    }
    return [...out.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  };

  return {
    carry: () => (carried && exposureIndex ? { ...carried, exposures: exposureIndex } : carried),
    peers,
    peer,
    cell,
    exposuresOf: (id) => exposures().get(id)?.exposures ?? [],
    exposed: () => [...exposures().entries()].filter(([, e]) => e.exposures.length > 0).map(([id]) => id),
    egressPorts,
  };
}

/** Region k's stand-in: an unmeshed client in no namespace, with one address of the region. */
function standIn(k: number, region: AddressSet): Workload {
  const ip = region.first()!;
  const name = `region-${k}-${formatIp(ip.family, ip.value)}`;
  return {
    id: `${EXTERNAL_PREFIX}⟨${name}⟩`,
    namespace: '',
    name,
    kind: EXTERNAL_KIND,
    labels: {},
    annotations: {},
    serviceAccount: '',
    ports: [],
    ips: [ip],
    podCount: 1,
    meshed: false,
    meshedBy: 'none',
    proxyInboundPort: 4143,
    proxyAdminPort: 4191,
    proxyControlPort: 4190,
    proxyPorts: [],
    hostNetwork: false,
    skipInboundPorts: [],
    opaquePorts: [],
    httpProbes: [],
    ref: { kind: EXTERNAL_KIND, name },
  };
}
