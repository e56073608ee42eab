/**
 * The L7 evaluator (SEMANTICS.md §5): Linkerd's inbound policy as the destination's proxy
 * enforces it. Per (destination, port): not meshed or not TCP → n/a; a port the proxy skips
 * → n/a; Linkerd's policy unreadable → unknown; no Server → the default policy; a Server → its authorizations (server-wide, or per
 * HTTPRoute → partial), then its accessPolicy for everyone else. Answers for all sources at
 * once (`classify`, bitsets) and per flow with reasons (`explain`, read off the same sets).
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { DefaultInboundPolicy, Inventory, Protocol, Server } from '../k8s/types.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { inPortRanges } from '../verdict/cniPort.ts';
import type { L7Result, L7Verdict, Reason } from '../verdict/types.ts';
import { compileAuthorizations, type Grant, type ServerGrants } from './authorizations.ts';
import { clusterNetworksOf, defaultClasses, defaultPolicyFor, describeDefault, insideClusterNetworks, type AppliedDefault } from './defaultPolicy.ts';
import { buildServerIndex, type ServerIndex } from './serverIndex.ts';
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
  kind: 'n/a' | 'skipped' | 'unknown' | 'default' | 'server';
}

export function buildL7Evaluator(
  inventory: Inventory,
  table: WorkloadTable,
  report: DiagnosticSink,
  options: { linkerdDefaultPolicy?: DefaultInboundPolicy } = {},
): L7ServerView {
  const n = table.size;
  const servers = buildServerIndex(inventory, table, report);
  const inside = insideClusterNetworks(table, clusterNetworksOf(inventory));
  const grantsOf = compileAuthorizations(inventory, table, report, inside);
  const grantsCache = new Map<Server, ServerGrants>();
  const grantsFor = (s: Server) => grantsCache.get(s) ?? (grantsCache.set(s, grantsOf(s)), grantsCache.get(s)!);
  const unknown = inventory.layers.l7.state === 'unknown' ? inventory.layers.l7.reason : undefined;

  const empty = (): L7Classes => ({
    allow: WorkloadSet.empty(n),
    partial: WorkloadSet.empty(n),
    authenticated: WorkloadSet.empty(n),
    open: WorkloadSet.empty(n),
    deny: WorkloadSet.empty(n),
    notApplicable: WorkloadSet.empty(n),
    unknown: WorkloadSet.empty(n),
  });

  function withDefault(c: L7Classes, policy: DefaultInboundPolicy, rest: WorkloadSet): void {
    const d = defaultClasses(policy, table, inside);
    c.open.unionWith(d.open.intersectWith(rest));
    c.authenticated.unionWith(d.authenticated.intersectWith(rest));
    c.deny.unionWith(d.deny.intersectWith(rest));
  }

  const cache = new Map<string, Decision>();
  function decide(to: number, port: number, protocol: Protocol): Decision {
    const key = `${to}|${port}|${protocol}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const dst = table.at(to);
    const c = empty();
    let d: Decision;
    // Meshed-ness, the protocol and skipped ports come from core objects (annotations, the
    // proxy container), not from Linkerd's CRDs: an unmeshed or non-TCP destination is `n/a`
    // even when Linkerd's policy could not be read (§5: L7 applies only to meshed TCP).
    if (!dst.meshed || protocol !== 'TCP') {
      c.notApplicable = table.all.clone();
      d = { classes: c, kind: 'n/a' };
    } else if (inPortRanges(dst.skipInboundPorts, port)) {
      c.notApplicable = table.all.clone();
      d = { classes: c, kind: 'skipped' };
    } else if (unknown !== undefined) {
      c.unknown = table.all.clone();
      d = { classes: c, kind: 'unknown' };
    } else {
      const server = servers.serverFor(to, port);
      if (!server) {
        const applied = defaultPolicyFor(dst, inventory, table, options.linkerdDefaultPolicy);
        withDefault(c, applied.policy, table.all);
        d = { classes: c, kind: 'default', applied };
      } else {
        const grants = grantsFor(server);
        const union = (gs: Grant[]) => gs.reduce((acc, g) => acc.unionWith(g.clients), WorkloadSet.empty(n));
        const wide = union(grants.serverWide);
        const perRoute = grants.routes.map((r) => union(r.grants));
        const everyRoute = perRoute.length > 0 ? perRoute.reduce((acc, s) => acc.intersect(s)) : WorkloadSet.empty(n);
        const someRoute = perRoute.reduce((acc, s) => acc.unionWith(s), WorkloadSet.empty(n));
        c.allow = wide.union(everyRoute);
        c.partial = someRoute.minus(c.allow);
        const applied: AppliedDefault = { policy: server.accessPolicy, from: 'Server accessPolicy' };
        withDefault(c, server.accessPolicy, table.all.minus(c.allow).subtract(c.partial));
        d = { classes: c, kind: 'server', server, grants, applied };
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
    let authorizedIdentities: string[] | undefined;
    if (d.server && d.grants) {
      const s = d.server;
      const all = [...d.grants.serverWide, ...d.grants.routes.flatMap((r) => r.grants)];
      authorizedIdentities = [...new Set(all.flatMap((g) => g.names))];
      const named = authorizedIdentities.length ? `its authorizations name ${authorizedIdentities.join(', ')}` : 'no authorization targets it';
      reasons.push({ role: 'server', kind: 'Server', namespace: s.namespace, name: s.name, ...refWhere(s.ref), text: `Server ${s.namespace}/${s.name} guards ${dst.id}:${port} (proxyProtocol ${s.proxyProtocol}); ${named}` });
      for (const g of d.grants.serverWide.filter((g) => g.clients.has(from))) reasons.push(grantReason(g, src.id, 'every route'));
      for (const r of d.grants.routes) {
        for (const g of r.grants.filter((g) => g.clients.has(from))) {
          reasons.push(grantReason(g, src.id, `HTTPRoute ${r.route.namespace}/${r.route.name}`));
          reasons.push({ role: 'route', kind: 'HTTPRoute', namespace: r.route.namespace, name: r.route.name, ...refWhere(r.route.ref), text: `HTTPRoute ${r.route.namespace}/${r.route.name} matches ${r.route.matches.join('; ') || 'its rules'}` });
        }
      }
      if (verdict === 'partial') reasons.push({ role: 'route', text: `${src.id} is authorized on some HTTP routes of ${s.namespace}/${s.name} only; other requests fall to accessPolicy ${s.accessPolicy}` });
    }
    if (d.applied && verdict !== 'allow') {
      const prefix = d.server ? `no authorization on Server ${d.server.namespace}/${d.server.name} admits ${src.id}${src.meshed ? '' : ' (not meshed: no mTLS identity)'}; ` : `no Server guards ${dst.id}:${port}; `;
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
