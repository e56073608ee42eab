/**
 * What attaches to what in Linkerd's inbound policy (SEMANTICS.md §5.3, issue 12): an
 * AuthorizationPolicy's local targetRef, a route's parentRefs, a ServerAuthorization's server
 * name or selector, and which routes a Server serves given its proxyProtocol. The evaluator
 * attaches authorizations through this and nothing else, and the incremental analysis asks the
 * same resolution which destinations a changed object reaches (`l7Footprint`), so the two
 * cannot disagree.
 *
 * Upstream: linkerd2 policy-controller/k8s/index/src/inbound/index.rs (client_authzs,
 * route_client_authzs, http_routes, grpc_routes), inbound/routes.rs (which parentRefs bind a
 * Server), k8s/status/src/index.rs (parent_condition_server: a route is Accepted by an existing
 * Server unless a GRPCRoute conflicts), grpc/src/inbound.rs to_server (routes per protocol).
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { AuthorizationPolicy, HTTPRoute, Inventory, Server, ServerAuthorization } from '../k8s/types.ts';
import { POLICY_GROUP } from '../k8s/linkerd/versions.ts';
import { refNames } from '../k8s/linkerd/parseAuthorization.ts';
import { matchesSelector } from '../selectors/labelSelector.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';

export type PolicyTarget =
  | { kind: 'Server'; server: Server }
  | { kind: 'Namespace'; namespace: string; servers: Server[] }
  | { kind: 'route'; route: HTTPRoute }
  /** Names nothing that exists: the policy authorizes nothing. */
  | { kind: 'dangling'; what: string };

export interface L7Attachments {
  targetOf(policy: AuthorizationPolicy): PolicyTarget;
  /** The Servers a route is bound to and accepted by (whatever their protocol). */
  parentsOf(route: HTTPRoute): Server[];
  /** The routes a Server serves: HTTPRoutes on unknown/HTTP/1/HTTP/2, GRPCRoutes on gRPC, none on opaque/TLS. */
  routesOf(server: Server): HTTPRoute[];
  /** Routes bound to a Server that its proxyProtocol ignores. */
  ignoredRoutesOf(server: Server): HTTPRoute[];
  serversOf(saz: ServerAuthorization): Server[];
  /** AuthorizationPolicies whose requiredAuthenticationRefs name `kind` `namespace/name`. */
  policiesRequiring(kind: string, namespace: string, name: string): AuthorizationPolicy[];
  /** Why a route is bound to no Server (for diagnostics); undefined when it is bound to some. */
  problemsOf(route: HTTPRoute): RouteProblem[];
}

export interface RouteProblem {
  path: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The route names a Server that does not exist. */
  dangling?: boolean;
}

export const routeKind = (r: HTTPRoute): 'HTTPRoute' | 'GRPCRoute' => r.kind ?? 'HTTPRoute';

/** The route kinds a Server serves (grpc/src/inbound.rs to_server: Detect/Http1/Http2 carry http_routes, Grpc grpc_routes, Opaque/Tls none). */
export function routeKindFor(server: Server): 'HTTPRoute' | 'GRPCRoute' | undefined {
  if (server.proxyProtocol === 'opaque' || server.proxyProtocol === 'TLS') return undefined;
  return server.proxyProtocol === 'gRPC' ? 'GRPCRoute' : 'HTTPRoute';
}

const memo = new WeakMap<Inventory, L7Attachments>();

/** Resolves every attachment of `inventory` once (memoized per inventory object). */
export function resolveL7Attachments(inventory: Inventory): L7Attachments {
  const hit = memo.get(inventory);
  if (hit) return hit;
  const serverByName = new Map(inventory.servers.map((s) => [`${s.namespace}/${s.name}`, s]));
  const serversInNs = new Map<string, Server[]>();
  for (const s of inventory.servers) serversInNs.set(s.namespace, [...(serversInNs.get(s.namespace) ?? []), s]);

  // routes.rs: a parentRef binds a Server when it names kind Server of policy.linkerd.io; such a
  // parentRef in another namespace, or with a port or sectionName, makes the index ignore the
  // whole route. The status controller then accepts the binding when the Server exists, unless
  // the route is an HTTPRoute and a GRPCRoute is bound to the same Server (RouteConflicted).
  const bound = new Map<HTTPRoute, { servers: Server[]; problems: RouteProblem[] }>();
  for (const route of inventory.httpRoutes) {
    const problems: RouteProblem[] = [];
    const servers: Server[] = [];
    const serverRefs = route.parentRefs.map((p, i) => ({ p, i })).filter(({ p }) => refNames(p, POLICY_GROUP, 'Server') && p.name !== '');
    const invalid = serverRefs.filter(({ p }) => p.namespace !== route.namespace || p.port !== undefined || p.sectionName !== undefined);
    if (invalid.length > 0) {
      for (const { p, i } of invalid) {
        const why = p.namespace !== route.namespace ? `names a Server in another namespace (${p.namespace})` : p.port !== undefined ? `names its Server by port (${p.port})` : `names its Server with sectionName ${p.sectionName}`;
        problems.push({ path: `spec.parentRefs[${i}]`, severity: 'error', message: `parentRef ${why}: Linkerd's policy controller ignores the whole ${routeKind(route)}, so it attaches to no Server and route-level authorizations on it grant nothing.` });
      }
    } else {
      for (const { p, i } of serverRefs) {
        const server = serverByName.get(`${route.namespace}/${p.name}`);
        if (server) servers.push(server);
        else problems.push({ path: `spec.parentRefs[${i}]`, severity: 'error', dangling: true, message: `parentRef names Server ${route.namespace}/${p.name}, which does not exist: the route is not accepted and attaches to nothing.` });
      }
      if (serverRefs.length === 0) {
        problems.push({
          path: 'spec.parentRefs',
          severity: 'info',
          message: `no parentRef names a Server (group policy.linkerd.io, kind Server; a parentRef without group defaults to ${route.group}, without kind to Gateway): this ${routeKind(route)} configures a Gateway or outbound routing, not inbound authorization.`,
        });
      }
    }
    bound.set(route, { servers, problems });
  }
  const grpcOn = new Set<Server>();
  for (const route of inventory.httpRoutes) if (routeKind(route) === 'GRPCRoute') for (const s of bound.get(route)!.servers) grpcOn.add(s);
  const accepted = new Map<HTTPRoute, Server[]>();
  const routesByServer = new Map<Server, HTTPRoute[]>();
  for (const route of inventory.httpRoutes) {
    const b = bound.get(route)!;
    const ok: Server[] = [];
    for (const s of b.servers) {
      if (routeKind(route) === 'HTTPRoute' && grpcOn.has(s)) {
        b.problems.push({ path: 'spec.parentRefs', severity: 'warning', message: `a GRPCRoute is also attached to Server ${s.namespace}/${s.name}: Linkerd's status controller marks this HTTPRoute RouteConflicted for it and does not attach it.` });
        continue;
      }
      ok.push(s);
      routesByServer.set(s, [...(routesByServer.get(s) ?? []), route]);
    }
    accepted.set(route, ok);
  }

  const targets = new Map<AuthorizationPolicy, PolicyTarget>();
  for (const policy of inventory.authorizationPolicies) {
    const t = policy.targetRef;
    let target: PolicyTarget;
    if (t.kind === 'Server') {
      const server = serverByName.get(`${policy.namespace}/${t.name}`);
      target = server ? { kind: 'Server', server } : { kind: 'dangling', what: `Server ${policy.namespace}/${t.name}` };
    } else if (t.kind === 'Namespace') {
      // The parser rejects another namespace's name (admission.rs); the target is always local.
      target = t.name === policy.namespace ? { kind: 'Namespace', namespace: policy.namespace, servers: serversInNs.get(policy.namespace) ?? [] } : { kind: 'dangling', what: `Namespace ${t.name}` };
    } else {
      // route_client_authzs: GroupKindName::eq_ignore_ascii_case, in the policy's namespace.
      const group = (t.group || 'core').toLowerCase();
      const route = inventory.httpRoutes.find(
        (r) => r.namespace === policy.namespace && routeKind(r).toLowerCase() === t.kind.toLowerCase() && r.group.toLowerCase() === group && r.name.toLowerCase() === t.name.toLowerCase(),
      );
      target = route ? { kind: 'route', route } : { kind: 'dangling', what: `${t.kind} ${policy.namespace}/${t.name} (group ${group})` };
    }
    targets.set(policy, target);
  }

  const sazServers = new Map<ServerAuthorization, Server[]>();
  for (const saz of inventory.serverAuthorizations) {
    const sel = saz.server;
    const inNs = serversInNs.get(saz.namespace) ?? [];
    sazServers.set(saz, 'name' in sel ? inNs.filter((s) => s.name === sel.name) : inNs.filter((s) => matchesSelector(sel.selector, s.labels)));
  }

  const requiring = new Map<string, AuthorizationPolicy[]>();
  for (const policy of inventory.authorizationPolicies) {
    for (const r of policy.requiredAuthenticationRefs) {
      const key = `${r.kind}|${r.namespace}|${r.name}`;
      requiring.set(key, [...(requiring.get(key) ?? []), policy]);
    }
  }

  const attachments: L7Attachments = {
    targetOf: (p) => targets.get(p) ?? { kind: 'dangling', what: 'an unknown object' },
    parentsOf: (r) => accepted.get(r) ?? [],
    routesOf: (s) => (routesByServer.get(s) ?? []).filter((r) => routeKind(r) === routeKindFor(s)),
    ignoredRoutesOf: (s) => (routesByServer.get(s) ?? []).filter((r) => routeKind(r) !== routeKindFor(s)),
    serversOf: (z) => sazServers.get(z) ?? [],
    policiesRequiring: (kind, ns, name) => requiring.get(`${kind}|${ns}|${name}`) ?? [],
    problemsOf: (r) => bound.get(r)?.problems ?? [],
  };
  memo.set(inventory, attachments);
  return attachments;
}

/** Reports why routes attach to nothing, and routes a Server's protocol ignores. */
export function reportRouteAttachments(inventory: Inventory, a: L7Attachments, report: DiagnosticSink): void {
  for (const route of inventory.httpRoutes) {
    for (const p of a.problemsOf(route)) report.report({ code: p.dangling ? 'dangling-reference' : 'route-not-attached', severity: p.severity, object: route.ref, path: p.path, message: p.message });
  }
  for (const server of inventory.servers) {
    const ignored = a.ignoredRoutesOf(server);
    if (ignored.length === 0) continue;
    const serves = routeKindFor(server);
    report.report({
      code: 'route-not-attached',
      severity: 'warning',
      object: server.ref,
      path: 'spec.proxyProtocol',
      message: `${ignored.map((r) => `${routeKind(r)} ${r.namespace}/${r.name}`).join(', ')} ${ignored.length > 1 ? 'are' : 'is'} attached to this Server, but a ${server.proxyProtocol} Server ${serves ? `serves only ${serves}s` : 'has no routes'} (linkerd2 grpc/src/inbound.rs): ${ignored.length > 1 ? 'they have' : 'it has'} no effect, and authorizations targeting ${ignored.length > 1 ? 'them' : 'it'} grant nothing.`,
    });
  }
}

/** The workloads a Server guards some port of (its podSelector in its namespace). */
export function serverDestinations(table: WorkloadTable, server: Server): WorkloadSet {
  return server.podSelector ? table.matchingIn(server.namespace, server.podSelector) : WorkloadSet.empty(table.size);
}

/**
 * The destinations whose L7 verdicts or findings one object of `inventory` can decide: what the
 * evaluator attaches it to, resolved by the same `resolveL7Attachments`. A Server: what it
 * selects; a policy: its target's Servers; a route: its Servers; a ServerAuthorization: the
 * Servers it selects; an authentication: the policies requiring it.
 */
export function l7Footprint(inventory: Inventory, table: WorkloadTable) {
  const a = resolveL7Attachments(inventory);
  const servers = (list: Server[]) => list.reduce((acc, s) => acc.unionWith(serverDestinations(table, s)), WorkloadSet.empty(table.size));
  const policy = (p: AuthorizationPolicy): WorkloadSet => {
    const t = a.targetOf(p);
    if (t.kind === 'Server') return serverDestinations(table, t.server);
    if (t.kind === 'Namespace') return servers(t.servers);
    if (t.kind === 'route') return servers(a.parentsOf(t.route));
    return WorkloadSet.empty(table.size);
  };
  return {
    server: (s: Server) => serverDestinations(table, s),
    policy,
    route: (r: HTTPRoute) => servers(a.parentsOf(r)),
    serverAuthorization: (z: ServerAuthorization) => servers(a.serversOf(z)),
    authentication: (kind: string, namespace: string, name: string) => a.policiesRequiring(kind, namespace, name).reduce((acc, p) => acc.unionWith(policy(p)), WorkloadSet.empty(table.size)),
  };
}
