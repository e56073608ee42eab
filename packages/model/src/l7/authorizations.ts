/**
 * Linkerd authorizations compiled to the clients they admit (SEMANTICS.md §5.3): each
 * AuthorizationPolicy and legacy ServerAuthorization becomes a WorkloadSet, attached to the
 * Servers (or HTTPRoutes of a Server) it targets. Dangling references admit nobody and are
 * reported.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { AuthenticationRef, AuthorizationPolicy, HTTPRoute, Inventory, Server, ServerAuthorization } from '../k8s/types.ts';
import { networkContains, type Network } from '../net/cidr.ts';
import { matchesSelector } from '../selectors/labelSelector.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';

export interface Grant {
  /** The AuthorizationPolicy or ServerAuthorization. */
  source: AuthorizationPolicy | ServerAuthorization;
  kind: 'AuthorizationPolicy' | 'ServerAuthorization';
  clients: WorkloadSet;
  /** Who it names, for people: identities, `sa ns/name`, networks. */
  names: string[];
}

export interface ServerGrants {
  /** Grants for every request to the Server (targeting the Server or its Namespace, or legacy). */
  serverWide: Grant[];
  /** HTTPRoutes attached to the Server, each with the grants targeting it. */
  routes: { route: HTTPRoute; grants: Grant[] }[];
}

export function identityOf(sa: string, ns: string, trustDomain: string): string {
  return `${sa}.${ns}.serviceaccount.identity.linkerd.${trustDomain}`;
}

/**
 * `inside`: workloads inside the cluster networks (unknown IP counts as inside). linkerd2's index
 * uses the cluster networks wherever an authorization names no network: a ServerAuthorization
 * without `networks`, an AuthorizationPolicy without NetworkAuthentication that is not mTLS.
 */
export function compileAuthorizations(inventory: Inventory, table: WorkloadTable, report: DiagnosticSink, inside: WorkloadSet): (server: Server) => ServerGrants {
  const trustDomain = inventory.linkerdConfig?.trustDomain ?? 'cluster.local';
  const identities = table.workloads.map((w) => identityOf(w.serviceAccount, w.namespace, trustDomain));
  const find = <T extends { namespace: string; name: string }>(list: T[], ns: string, name: string) => list.find((x) => x.namespace === ns && x.name === name);

  const byIdentity = (pattern: string): WorkloadSet => {
    const out = WorkloadSet.empty(table.size);
    for (const i of table.meshed) {
      const id = identities[i]!;
      if (pattern === '*' || (pattern.startsWith('*.') ? id.endsWith(pattern.slice(1)) : id === pattern)) out.add(i);
    }
    return out;
  };
  const inNetworks = (networks: Network[]): WorkloadSet =>
    WorkloadSet.of(table.size, table.workloads.flatMap((w, i) => (w.ips.length > 0 && w.ips.every((ip) => networks.some((n) => networkContains(n, ip))) ? [i] : [])));

  function authentication(ref: AuthenticationRef, policy: AuthorizationPolicy, index: number): { clients: WorkloadSet; names: string[] } {
    const none = { clients: WorkloadSet.empty(table.size), names: [] as string[] };
    const dangling = (what: string) => {
      report.report({
        code: 'dangling-reference',
        severity: 'error',
        object: policy.ref,
        path: `spec.requiredAuthenticationRefs[${index}]`,
        message: `requires ${what} ${ref.namespace}/${ref.name}, which does not exist: no client can satisfy it, so this policy authorizes nobody.`,
      });
      return none;
    };
    if (ref.kind === 'MeshTLSAuthentication') {
      const m = find(inventory.meshTLSAuthentications, ref.namespace, ref.name);
      if (!m) return dangling('MeshTLSAuthentication');
      const clients = WorkloadSet.empty(table.size);
      for (const id of m.identities) clients.unionWith(byIdentity(id));
      for (const r of m.identityRefs) {
        if (r.kind === 'ServiceAccount') clients.unionWith(table.withServiceAccount(r.namespace ?? m.namespace, r.name).intersectWith(table.meshed));
        else if (r.kind === 'Namespace') clients.unionWith(table.inNamespace(r.name).intersectWith(table.meshed));
      }
      const names = [...m.identities, ...m.identityRefs.map((r) => (r.kind === 'Namespace' ? `namespace ${r.name}` : `sa ${r.namespace ?? m.namespace}/${r.name}`))];
      return { clients, names };
    }
    if (ref.kind === 'NetworkAuthentication') {
      const n = find(inventory.networkAuthentications, ref.namespace, ref.name);
      if (!n) return dangling('NetworkAuthentication');
      return { clients: inNetworks(n.networks), names: n.networks.map((x) => `network ${x.cidr.text}${x.except.length ? ' except ' + x.except.map((e) => e.text).join(',') : ''}`) };
    }
    if (ref.kind === 'ServiceAccount') {
      const exists = inventory.serviceAccounts.length === 0 || find(inventory.serviceAccounts, ref.namespace, ref.name) || table.withServiceAccount(ref.namespace, ref.name).count() > 0;
      if (!exists) return dangling('ServiceAccount');
      return { clients: table.withServiceAccount(ref.namespace, ref.name).intersectWith(table.meshed), names: [`sa ${ref.namespace}/${ref.name}`] };
    }
    return none;
  }

  const policyGrant = (policy: AuthorizationPolicy): Grant => {
    // No authentication required at all: linkerd2's index treats a policy without MeshTLS refs as
    // unauthenticated, and one without NetworkAuthentication as the cluster networks.
    const clients = table.all.clone();
    const kinds = new Set(policy.requiredAuthenticationRefs.map((r) => r.kind));
    if (!kinds.has('NetworkAuthentication') && !kinds.has('MeshTLSAuthentication') && !kinds.has('ServiceAccount')) clients.intersectWith(inside);
    const names: string[] = [];
    policy.requiredAuthenticationRefs.forEach((ref, i) => {
      const a = authentication(ref, policy, i);
      clients.intersectWith(a.clients);
      names.push(...a.names);
    });
    if (policy.requiredAuthenticationRefs.length === 0) names.push('every client in the cluster networks (no authentication required)');
    return { source: policy, kind: 'AuthorizationPolicy', clients, names };
  };

  const legacyGrant = (saz: ServerAuthorization): Grant => {
    const c = saz.client;
    const clients = WorkloadSet.empty(table.size);
    const names: string[] = [];
    if (c.unauthenticated) {
      clients.unionWith(table.all);
      names.push('unauthenticated clients');
    } else if (c.meshTLS) {
      if (c.meshTLS.unauthenticatedTLS) {
        clients.unionWith(table.meshed);
        names.push('any meshed client');
      }
      for (const id of c.meshTLS.identities) clients.unionWith(byIdentity(id));
      for (const sa of c.meshTLS.serviceAccounts) clients.unionWith(table.withServiceAccount(sa.namespace, sa.name).intersectWith(table.meshed));
      names.push(...c.meshTLS.identities, ...c.meshTLS.serviceAccounts.map((s) => `sa ${s.namespace}/${s.name}`));
    }
    if (c.networks) {
      clients.intersectWith(inNetworks(c.networks));
      names.push(...c.networks.map((n) => `network ${n.cidr.text}`));
    } else {
      // linkerd2: "If no networks are specified, the cluster networks are used as the default."
      clients.intersectWith(inside);
      names.push('(cluster networks)');
    }
    return { source: saz, kind: 'ServerAuthorization', clients, names };
  };

  // Attach every authorization to its targets once.
  const serverWide = new Map<Server, Grant[]>();
  const routeGrants = new Map<HTTPRoute, Grant[]>();
  const namespaceGrants = new Map<string, Grant[]>();
  const push = <K>(m: Map<K, Grant[]>, k: K, g: Grant) => m.set(k, [...(m.get(k) ?? []), g]);
  for (const policy of inventory.authorizationPolicies) {
    const t = policy.targetRef;
    const ns = t.namespace ?? policy.namespace;
    const dangling = (what: string) =>
      report.report({
        code: 'dangling-reference',
        severity: 'error',
        object: policy.ref,
        path: 'spec.targetRef',
        message: `targets ${what} ${ns}/${t.name}, which does not exist: this policy authorizes nothing.`,
      });
    if (t.kind === 'Server') {
      const server = find(inventory.servers, ns, t.name);
      if (server) push(serverWide, server, policyGrant(policy));
      else dangling('Server');
    } else if (t.kind === 'Namespace') {
      push(namespaceGrants, t.name || policy.namespace, policyGrant(policy));
    } else if (t.kind === 'HTTPRoute') {
      const route = inventory.httpRoutes.find((r) => r.namespace === ns && r.name === t.name && (!t.group || r.group === t.group));
      if (route) push(routeGrants, route, policyGrant(policy));
      else dangling('HTTPRoute');
    }
  }
  for (const saz of inventory.serverAuthorizations) {
    const targets =
      'name' in saz.server
        ? inventory.servers.filter((s) => s.namespace === saz.namespace && s.name === (saz.server as { name: string }).name)
        : inventory.servers.filter((s) => s.namespace === saz.namespace && matchesSelector((saz.server as { selector: never }).selector, s.labels));
    if (targets.length === 0 && 'name' in saz.server) {
      report.report({
        code: 'dangling-reference',
        severity: 'error',
        object: saz.ref,
        path: 'spec.server.name',
        message: `names Server ${saz.namespace}/${saz.server.name}, which does not exist: this ServerAuthorization authorizes nothing.`,
      });
    }
    const grant = legacyGrant(saz);
    for (const s of targets) push(serverWide, s, grant);
  }

  return (server) => ({
    serverWide: [...(serverWide.get(server) ?? []), ...(namespaceGrants.get(server.namespace) ?? [])],
    routes: inventory.httpRoutes
      .filter((r) => r.parentRefs.some((p) => p.kind === 'Server' && p.name === server.name && p.namespace === server.namespace))
      .map((route) => ({ route, grants: routeGrants.get(route) ?? [] })),
  });
}
