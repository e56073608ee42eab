/**
 * The L7 evaluator (SEMANTICS.md §5): Linkerd's inbound policy as the destination's proxy
 * enforces it. Per (destination, port): not meshed or not TCP → n/a; the proxy's control (tap)
 * port → only the tap controller; a port the proxy skips → n/a; Linkerd's policy unreadable →
 * unknown; no Server → the default policy; a Server → its authorizations (server-wide, or per
 * route → partial), then its accessPolicy for everyone else. Answers for all sources at once
 * (`classify`, bitsets) and per flow with reasons (`explain`, read off the same sets).
 *
 * Who arrives with a mesh identity depends on the port: a meshed client whose
 * `config.linkerd.io/skip-outbound-ports` covers it bypasses its own proxy, so the connection
 * arrives in plaintext and is an unauthenticated client (SEMANTICS §4).
 */
import { setCache } from '../util/byteLru.ts';
import type { DiagnosticSink } from '../diagnostics.ts';
import type { DefaultInboundPolicy, Inventory, PortRange, Protocol, Server } from '../k8s/types.ts';
import { bytesOfSets, WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { inPortRanges, portRangesOf } from '../verdict/cniPort.ts';
import type { L7Result, L7Verdict, Reason } from '../verdict/types.ts';
import { reportRouteAttachments, resolveL7Attachments, routeKind } from './attachments.ts';
import { compileAuthorizations, controlPlaneNamespace, grantClientsOn, identityOf, type Grant, type ServerGrants } from './authorizations.ts';
import {
  clusterNetworksOf,
  defaultClasses,
  defaultPolicyFor,
  describeDefault,
  insideClusterNetworks,
  parseRequireIdentityPorts,
  proxyAnnotation,
  REQUIRE_IDENTITY_ANNOTATION,
  requireIdentity,
  DEFAULT_POLICY_ANNOTATION,
  isDefaultPolicy,
  type AppliedDefault,
} from './defaultPolicy.ts';
import { buildServerIndex, type ServerIndex } from './serverIndex.ts';
import { carriesProbeRoute, probeClients, probeNetworksOf, probePathsOn } from './probes.ts';
import type { L7Classes, L7Evaluator } from './types.ts';

export interface L7ServerView extends L7Evaluator {
  serversFor: ServerIndex['serversFor'];
  grantsFor(server: Server): ServerGrants;
}

interface Decision {
  classes: L7Classes;
  server?: Server;
  grants?: ServerGrants;
  applied?: AppliedDefault;
  /** Meshed clients that send this port in plaintext (their proxy skips it outbound). */
  plaintext: WorkloadSet;
  /** The probe paths the port's probe route authorizes (probes.ts), when it has one. */
  probePaths?: string[];
  kind: 'n/a' | 'skipped' | 'unknown' | 'default' | 'server' | 'tap';
}

/** The proxy's control port serves tap (4190 unless `config.linkerd.io/control-port`). */
export const PROXY_CONTROL_PORT = 4190;
/** The identity the injector gives the proxy's tap server to accept (linkerd-viz's tap). */
const TAP_ACCOUNT = { namespace: 'linkerd-viz', name: 'tap' };

export function buildL7Evaluator(
  inventory: Inventory,
  table: WorkloadTable,
  report: DiagnosticSink,
  options: { linkerdDefaultPolicy?: DefaultInboundPolicy } = {},
): L7ServerView {
  const n = table.size;
  const servers = buildServerIndex(inventory, table, report);
  const inside = insideClusterNetworks(table, clusterNetworksOf(inventory));
  const attachments = resolveL7Attachments(inventory);
  reportRouteAttachments(inventory, attachments, report);
  const grantsOf = compileAuthorizations(inventory, table, report, inside);
  const grantsCache = new Map<Server, ServerGrants>();
  const grantsFor = (s: Server) => grantsCache.get(s) ?? (grantsCache.set(s, grantsOf(s)), grantsCache.get(s)!);
  const unknown = inventory.layers.l7.state === 'unknown' ? inventory.layers.l7.reason : undefined;
  const trustDomain = inventory.linkerdConfig?.trustDomain ?? 'cluster.local';
  const tapIdentity = identityOf(TAP_ACCOUNT.name, TAP_ACCOUNT.namespace, trustDomain, controlPlaneNamespace(inventory));

  // Per workload: outbound ports its proxy skips, inbound ports requiring identity, its control port.
  const skipOutbound: PortRange[][] = table.workloads.map((w) => (w.meshed ? portRangesOf(proxyAnnotation(w, table, 'config.linkerd.io/skip-outbound-ports')) : []));
  const skipping = table.workloads.flatMap((_, i) => (skipOutbound[i]!.length > 0 ? [i] : []));
  const requireIdPorts: PortRange[][] = table.workloads.map((w, i) => {
    if (!w.meshed) return [];
    const text = proxyAnnotation(w, table, REQUIRE_IDENTITY_ANNOTATION);
    const ports = parseRequireIdentityPorts(text);
    if (ports) return ports;
    report.report({
      code: 'invalid-object',
      severity: 'warning',
      object: w.ref,
      path: `metadata.annotations['${REQUIRE_IDENTITY_ANNOTATION}']`,
      workloads: [table.at(i).id],
      message: `"${text}" is not a list of ports and port ranges: Linkerd's policy controller ignores the whole annotation (workload.rs ports_annotation), so no port of this workload requires identity.`,
    });
    return [];
  });
  const controlPort = (i: number): number => {
    const v = Number(proxyAnnotation(table.at(i), table, 'config.linkerd.io/control-port'));
    return Number.isInteger(v) && v >= 1 && v <= 65535 ? v : PROXY_CONTROL_PORT;
  };
  for (let i = 0; i < n; i++) {
    const w = table.at(i);
    if (!w.meshed) continue;
    const own = w.annotations[DEFAULT_POLICY_ANNOTATION];
    const nsValue = table.namespace(w.namespace)?.annotations[DEFAULT_POLICY_ANNOTATION];
    const applied = defaultPolicyFor(w, inventory, table, options.linkerdDefaultPolicy);
    if (own !== undefined && !isDefaultPolicy(own) && nsValue !== undefined && isDefaultPolicy(nsValue) && applied.policy !== nsValue) {
      report.report({
        code: 'invalid-object',
        severity: 'warning',
        object: w.ref,
        path: `metadata.annotations['${DEFAULT_POLICY_ANNOTATION}']`,
        workloads: [w.id],
        message: `"${own}" is not a default inbound policy: Linkerd falls back to the cluster default ${applied.policy} (${applied.from}), not to the namespace's ${nsValue} (linkerd2 inbound/workload.rs; tests/annotation.rs default_policy_annotated_invalid).`,
      });
    }
  }

  const probeNetworks = probeNetworksOf(inventory);
  let probed: WorkloadSet | undefined;
  /** Clients the policy refuses but the probe route admits on the probe paths: `partial`. */
  function withProbeRoute(c: L7Classes, to: number, port: number, server: Server | undefined, routes: number): string[] | undefined {
    const dst = table.at(to);
    const paths = probePathsOn(dst, port);
    if (paths.length === 0 || probeNetworks.length === 0 || !carriesProbeRoute(dst, port, server, routes)) return undefined;
    probed ??= probeClients(table, probeNetworks);
    const onProbes = c.deny.intersect(probed);
    c.partial.unionWith(onProbes);
    c.deny.subtract(onProbes);
    return paths;
  }

  const plaintextCache = new Map<number, WorkloadSet>();
  const plaintextOn = (port: number): WorkloadSet => {
    let s = plaintextCache.get(port);
    if (!s) plaintextCache.set(port, (s = WorkloadSet.of(n, skipping.filter((i) => inPortRanges(skipOutbound[i]!, port)))));
    return s;
  };

  const empty = (): L7Classes => ({
    allow: WorkloadSet.empty(n),
    partial: WorkloadSet.empty(n),
    authenticated: WorkloadSet.empty(n),
    open: WorkloadSet.empty(n),
    deny: WorkloadSet.empty(n),
    notApplicable: WorkloadSet.empty(n),
    unknown: WorkloadSet.empty(n),
  });

  function withDefault(c: L7Classes, policy: DefaultInboundPolicy, rest: WorkloadSet, plaintext: WorkloadSet): void {
    const d = defaultClasses(policy, table, inside, table.meshed.minus(plaintext));
    c.open.unionWith(d.open.intersectWith(rest));
    c.authenticated.unionWith(d.authenticated.intersectWith(rest));
    c.deny.unionWith(d.deny.intersectWith(rest));
  }

  const cache = setCache<Decision>('l7-decisions', n, 7, undefined, (d) => bytesOfSets(d.classes) + d.plaintext.bytes());
  function decide(to: number, port: number, protocol: Protocol): Decision {
    const key = `${to}|${port}|${protocol}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const dst = table.at(to);
    const c = empty();
    const plaintext = plaintextOn(port);
    let d: Decision;
    // Meshed-ness, the protocol and skipped ports come from core objects (annotations, the
    // proxy container), not from Linkerd's CRDs: an unmeshed or non-TCP destination is `n/a`
    // even when Linkerd's policy could not be read (§5: L7 applies only to meshed TCP).
    if (!dst.meshed || protocol !== 'TCP') {
      c.notApplicable = table.all.clone();
      d = { classes: c, plaintext, kind: 'n/a' };
    } else if (port === controlPort(to) && port !== dst.proxyAdminPort && port !== dst.proxyInboundPort) {
      // The tap server accepts only mTLS clients with the tap controller's identity
      // (linkerd2-proxy linkerd/app/src/tap.rs AcceptPermittedClients); no inbound policy applies.
      const tap = WorkloadSet.of(n, [...table.meshed.minus(plaintext)].filter((i) => identityOf(table.at(i).serviceAccount, table.at(i).namespace, trustDomain, controlPlaneNamespace(inventory)) === tapIdentity));
      c.authenticated = tap;
      c.deny = table.all.minus(tap);
      d = { classes: c, plaintext, kind: 'tap' };
    } else if (port !== dst.proxyAdminPort && inPortRanges(dst.skipInboundPorts, port)) {
      c.notApplicable = table.all.clone();
      d = { classes: c, plaintext, kind: 'skipped' };
    } else if (unknown !== undefined) {
      c.unknown = table.all.clone();
      d = { classes: c, plaintext, kind: 'unknown' };
    } else {
      // The admin port (4191) gets its policy like any other port: the proxy's admin server asks
      // for the policy of its own address (linkerd2-proxy linkerd/app/admin/src/stack.rs get_policy).
      const server = servers.serverFor(to, port);
      if (!server) {
        let applied = defaultPolicyFor(dst, inventory, table, options.linkerdDefaultPolicy);
        if (inPortRanges(requireIdPorts[to]!, port) && requireIdentity(applied.policy) !== applied.policy) {
          applied = { ...applied, policy: requireIdentity(applied.policy), notes: [...(applied.notes ?? []), `${REQUIRE_IDENTITY_ANNOTATION} lists port ${port}, so only authenticated clients are admitted`] };
        }
        withDefault(c, applied.policy, table.all, plaintext);
        const probePaths = withProbeRoute(c, to, port, undefined, 0);
        d = { classes: c, plaintext, kind: 'default', applied, ...(probePaths ? { probePaths } : {}) };
      } else {
        const grants = grantsFor(server);
        const union = (gs: Grant[]) => gs.reduce((acc, g) => acc.unionWith(grantClientsOn(g, plaintext)), WorkloadSet.empty(n));
        const wide = union(grants.serverWide);
        const perRoute = grants.routes.map((r) => union(r.grants));
        const everyRoute = perRoute.length > 0 ? perRoute.reduce((acc, s) => acc.intersect(s)) : WorkloadSet.empty(n);
        const someRoute = perRoute.reduce((acc, s) => acc.unionWith(s), WorkloadSet.empty(n));
        c.allow = wide.union(everyRoute);
        const applied: AppliedDefault = { policy: server.accessPolicy, from: 'Server accessPolicy' };
        // The accessPolicy's authorizations are the Server's own, so they hold on every route
        // (inbound/index.rs client_authzs extends the Server's authorizations with
        // accessPolicy.default_authzs): a client authorized on some routes that the accessPolicy
        // admits anyway reaches every route — its class is the accessPolicy's, not `partial`.
        withDefault(c, server.accessPolicy, table.all.minus(c.allow), plaintext);
        c.partial = someRoute.minus(c.allow).intersectWith(c.deny);
        c.deny.subtract(c.partial);
        const probePaths = withProbeRoute(c, to, port, server, grants.routes.length);
        d = { classes: c, plaintext, kind: 'server', server, grants, applied, ...(probePaths ? { probePaths } : {}) };
      }
    }
    cache.set(key, d);
    return d;
  }

  function explain(from: number, to: number, port: number, protocol: Protocol): L7Result {
    const d = decide(to, port, protocol);
    const c = d.classes;
    const src = table.at(from);
    const dst = table.at(to);
    const verdict: L7Verdict = c.notApplicable.has(from)
      ? 'n/a'
      : c.unknown.has(from)
        ? 'unknown'
        : c.allow.has(from)
          ? 'allow'
          : c.partial.has(from)
            ? 'partial'
            : c.authenticated.has(from)
              ? 'authenticated'
              : c.deny.has(from)
                ? 'deny'
                : 'open';
    const reasons: Reason[] = [];
    if (d.kind === 'unknown') reasons.push({ role: 'layer-unknown', text: `Linkerd policy could not be read: ${unknown}` });
    if (d.kind === 'n/a') {
      reasons.push({ role: 'not-meshed', text: protocol !== 'TCP' ? `the Linkerd proxy only handles TCP; ${protocol} is not proxied` : `${dst.id} is not meshed: no Linkerd proxy enforces policy on it` });
    }
    if (d.kind === 'skipped') reasons.push({ role: 'skipped-port', text: `${dst.id} skips inbound port ${port} (config.linkerd.io/skip-inbound-ports): the proxy never sees it` });
    if (d.kind === 'tap') {
      reasons.push({
        role: 'proxy-port',
        text: `port ${port} is the proxy's control (tap) port of ${dst.id}: no inbound policy applies there; the tap server accepts only mTLS connections from linkerd-viz's tap (${tapIdentity}), and none when tap is not installed`,
      });
    }
    const plaintext = d.plaintext.has(from) && d.kind !== 'n/a' && d.kind !== 'skipped';
    if (plaintext) {
      reasons.push({ role: 'skipped-port', text: `${src.id} skips outbound port ${port} (config.linkerd.io/skip-outbound-ports): the connection bypasses its proxy and arrives in plaintext, without mesh identity — an unauthenticated client` });
    }
    let authorizedIdentities: string[] | undefined;
    if (d.server && d.grants) {
      const s = d.server;
      const all = [...d.grants.serverWide, ...d.grants.routes.flatMap((r) => r.grants)];
      authorizedIdentities = [...new Set(all.flatMap((g) => g.names))];
      const named = authorizedIdentities.length ? `its authorizations name ${authorizedIdentities.join(', ')}` : 'no authorization targets it';
      reasons.push({ role: 'server', kind: 'Server', namespace: s.namespace, name: s.name, ...refWhere(s.ref), text: `Server ${s.namespace}/${s.name} guards ${dst.id}:${port} (proxyProtocol ${s.proxyProtocol}); ${named}` });
      for (const g of d.grants.serverWide.filter((g) => grantClientsOn(g, d.plaintext).has(from))) reasons.push(grantReason(g, src.id, 'every route'));
      for (const r of d.grants.routes) {
        for (const g of r.grants.filter((g) => grantClientsOn(g, d.plaintext).has(from))) {
          const kind = routeKind(r.route);
          reasons.push(grantReason(g, src.id, `${kind} ${r.route.namespace}/${r.route.name}`));
          reasons.push({ role: 'route', kind, namespace: r.route.namespace, name: r.route.name, ...refWhere(r.route.ref), text: `${kind} ${r.route.namespace}/${r.route.name} matches ${r.route.matches.join('; ') || 'its rules'}` });
        }
      }
      if (verdict === 'partial' && !d.probePaths) reasons.push({ role: 'route', text: `${src.id} is authorized on some routes of ${s.namespace}/${s.name} only; other requests fall to accessPolicy ${s.accessPolicy}` });
    }
    if (verdict === 'partial' && d.probePaths) {
      const nets = probeNetworks.map((c) => c.text).join(', ');
      reasons.push({
        role: 'route',
        text: `GET ${d.probePaths.join(', ')} on port ${port} ${d.probePaths.length === 1 ? 'is a probe path' : 'are probe paths'} of ${dst.id}: Linkerd authorizes ${d.probePaths.length === 1 ? 'it' : 'them'} for unauthenticated clients from the probe networks (${nets}; linkerd-config policyController.probeNetworks) while ${d.server ? `Server ${d.server.namespace}/${d.server.name} has no HTTPRoute` : 'no Server guards the port'}, so ${src.id} reaches those paths only; every other request is refused`,
      });
    }
    if (d.applied && verdict !== 'allow') {
      const why = !src.meshed ? ' (not meshed: no mTLS identity)' : plaintext ? ' (plaintext: no mTLS identity on this port)' : '';
      const prefix = d.server ? `no authorization on Server ${d.server.namespace}/${d.server.name} admits ${src.id}${why}; ` : `no Server guards ${dst.id}:${port}; `;
      reasons.push({ role: 'default-policy', text: prefix + describeDefault(d.applied) });
    }
    return { verdict, reasons, ...(authorizedIdentities ? { authorizedIdentities } : {}) };
  }

  return {
    classify: (to, port, protocol) => decide(to, port, protocol).classes,
    explain,
    serverFor: (to, port) => servers.serverFor(to, port),
    serversFor: servers.serversFor,
    grantsFor,
  };
}

function refWhere(ref: { file?: string; line?: number }): { file?: string; line?: number } {
  return { ...(ref.file ? { file: ref.file } : {}), ...(ref.line ? { line: ref.line } : {}) };
}

function grantReason(g: Grant, client: string, scope: string): Reason {
  const o = g.source;
  return {
    role: 'authorizes',
    kind: g.kind,
    namespace: o.namespace,
    name: o.name,
    ...refWhere(o.ref),
    text: `${g.kind} ${o.namespace}/${o.name} authorizes ${client} on ${scope} (names: ${g.names.join(', ') || 'nobody'})`,
  };
}
