/**
 * Linkerd authorizations compiled to the clients they admit (SEMANTICS.md §5.3): each
 * AuthorizationPolicy and legacy ServerAuthorization becomes a WorkloadSet, attached — through
 * l7/attachments.ts, the one resolution the incremental analysis also uses — to the Servers (or
 * the routes of a Server) it targets. A policy the controller cannot build (a missing
 * authentication) authorizes nobody and is reported.
 *
 * Upstream: linkerd2 policy-controller/k8s/index/src/inbound/index.rs policy_client_authz (no
 * MeshTLS/ServiceAccount ref: unauthenticated; no NetworkAuthentication: 0.0.0.0/0 and ::/0),
 * server_authorization.rs (networks absent or empty: the cluster networks, grpc/src/inbound.rs
 * to_authz), meshtls_authentication.rs and cluster_info.rs (identities), core identity_match.rs.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { AuthenticationRef, AuthorizationPolicy, HTTPRoute, Inventory, Server, ServerAuthorization } from '../k8s/types.ts';
import { networkContains, type Network } from '../net/cidr.ts';
import { WorkloadSet } from '../selectors/workloadSet.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';
import { resolveL7Attachments, type L7Attachments } from './attachments.ts';

export interface Grant {
  /** The AuthorizationPolicy or ServerAuthorization. */
  source: AuthorizationPolicy | ServerAuthorization;
  kind: 'AuthorizationPolicy' | 'ServerAuthorization';
  /** The clients it admits when every meshed client arrives with its mesh identity. */
  clients: WorkloadSet;
  /** It admits only mTLS clients: a client that sends this port in plaintext (skip-outbound-ports) is not among them. */
  requiresIdentity: boolean;
  /** Who it names, for people: identities, `sa ns/name`, networks. */
  names: string[];
}

export interface ServerGrants {
  /** Grants for every request to the Server (targeting the Server or its Namespace, or legacy). */
  serverWide: Grant[];
  /** The routes the Server serves (HTTPRoutes, or GRPCRoutes on a gRPC Server), each with the grants targeting it. */
  routes: { route: HTTPRoute; grants: Grant[] }[];
}

/** The control-plane namespace: the one holding linkerd-config (`linkerd` by default). */
export function controlPlaneNamespace(inventory: Inventory): string {
  return inventory.linkerdConfig?.ref.namespace ?? 'linkerd';
}

/** cluster_info.rs service_account_identity. */
export function identityOf(sa: string, ns: string, trustDomain: string, controlPlane = 'linkerd'): string {
  return `${sa}.${ns}.serviceaccount.identity.${controlPlane}.${trustDomain}`;
}

/** identity_match.rs: `*` is any identity, `*.a.b` a suffix by DNS labels, anything else exact. */
export function identityMatches(pattern: string, id: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return id.endsWith(pattern.slice(1));
  return id === pattern;
}

/** The clients a grant admits on a port, given who sends that port in plaintext. */
export function grantClientsOn(g: Grant, plaintext: WorkloadSet): WorkloadSet {
  return g.requiresIdentity ? g.clients.minus(plaintext) : g.clients;
}

/**
 * `inside`: workloads inside the cluster networks (unknown IP counts as inside), for
 * ServerAuthorizations that name no network.
 */
export function compileAuthorizations(inventory: Inventory, table: WorkloadTable, report: DiagnosticSink, inside: WorkloadSet): (server: Server) => ServerGrants {
  const attachments = resolveL7Attachments(inventory);
  const trustDomain = inventory.linkerdConfig?.trustDomain ?? 'cluster.local';
  const controlPlane = controlPlaneNamespace(inventory);
  const identities = table.workloads.map((w) => identityOf(w.serviceAccount, w.namespace, trustDomain, controlPlane));
  // By namespace/name, one index per list (a scan per reference was quadratic: issue 19). The first wins, as Array.find did.
  const indexes = new Map<readonly unknown[], Map<string, unknown>>();
  const find = <T extends { namespace: string; name: string }>(list: T[], ns: string, name: string): T | undefined => {
    let index = indexes.get(list) as Map<string, T> | undefined;
    if (!index) {
      index = new Map();
      for (const x of list) if (!index.has(`${x.namespace}/${x.name}`)) index.set(`${x.namespace}/${x.name}`, x);
      indexes.set(list, index);
    }
    return index.get(`${ns}/${name}`);
  };

  // Meshed workloads by identity and by every DNS-label suffix of it (`.ns.serviceaccount…`),
  // so a pattern costs one lookup, not one match per meshed workload (identityMatches' cases:
  // `*`, `*.suffix`, exact).
  const exact = new Map<string, number[]>();
  const bySuffix = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number) => {
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  };
  for (const i of table.meshed) {
    const id = identities[i]!;
    add(exact, id, i);
    for (let at = id.indexOf('.'); at >= 0; at = id.indexOf('.', at + 1)) add(bySuffix, id.slice(at), i);
  }
  const byIdentity = (pattern: string): WorkloadSet => {
    if (pattern === '*') return table.meshed.clone();
    const members = pattern.startsWith('*.') ? bySuffix.get(pattern.slice(1)) : exact.get(pattern);
    return WorkloadSet.of(table.size, members ?? []);
  };
  const networkMemo = new Map<string, WorkloadSet>();
  const inNetworks = (networks: Network[]): WorkloadSet => {
    const key = networks.map((n) => [n.cidr, ...n.except].map((c) => `${c.family}/${c.base}/${c.prefix}`).join(',')).join(';');
    let hit = networkMemo.get(key);
    if (!hit) {
      hit = WorkloadSet.of(table.size, table.workloads.flatMap((w, i) => (w.ips.length > 0 && w.ips.every((ip) => networks.some((n) => networkContains(n, ip))) ? [i] : [])));
      networkMemo.set(key, hit);
    }
    return hit.clone();
  };

  /** One required authentication: the clients satisfying it, or undefined when it names nothing (the controller then ignores the whole policy). */
  function authentication(ref: AuthenticationRef, policy: AuthorizationPolicy, index: number): { clients: WorkloadSet; names: string[] } | undefined {
    const dangling = (what: string) => {
      report.report({
        code: 'dangling-reference',
        severity: 'error',
        object: policy.ref,
        path: `spec.requiredAuthenticationRefs[${index}]`,
        message: `requires ${what} ${ref.namespace}/${ref.name}, which does not exist: Linkerd's policy controller ignores the whole policy, so it authorizes nobody.`,
      });
      return undefined;
    };
    if (ref.kind === 'MeshTLSAuthentication') {
      const m = find(inventory.meshTLSAuthentications, ref.namespace, ref.name);
      if (!m) return dangling('MeshTLSAuthentication');
      const clients = WorkloadSet.empty(table.size);
      for (const id of m.identities) clients.unionWith(byIdentity(id));
      for (const r of m.identityRefs) {
        if (r.kind === 'ServiceAccount') clients.unionWith(byIdentity(identityOf(r.name, r.namespace ?? m.namespace, trustDomain, controlPlane)));
        else if (r.kind === 'Namespace') clients.unionWith(byIdentity(`*.${r.name}.serviceaccount.identity.${controlPlane}.${trustDomain}`));
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
      // The controller does not look the account up: it names the identity (index.rs).
      const clients = byIdentity(identityOf(ref.name, ref.namespace, trustDomain, controlPlane));
      const known = inventory.serviceAccounts.length === 0 || !!find(inventory.serviceAccounts, ref.namespace, ref.name) || !clients.isEmpty();
      if (!known) {
        report.report({
          code: 'dangling-reference',
          severity: 'warning',
          object: policy.ref,
          path: `spec.requiredAuthenticationRefs[${index}]`,
          message: `requires ServiceAccount ${ref.namespace}/${ref.name}, which does not exist and no meshed workload runs as: no client has that identity today.`,
        });
      }
      return { clients, names: [`sa ${ref.namespace}/${ref.name}`] };
    }
    return undefined;
  }

  const policyGrant = (policy: AuthorizationPolicy): Grant => {
    const clients = table.all.clone();
    const names: string[] = [];
    let ignored = false;
    policy.requiredAuthenticationRefs.forEach((ref, i) => {
      const a = authentication(ref, policy, i);
      if (!a) ignored = true;
      else {
        clients.intersectWith(a.clients);
        names.push(...a.names);
      }
    });
    const requiresIdentity = policy.requiredAuthenticationRefs.some((r) => r.kind === 'MeshTLSAuthentication' || r.kind === 'ServiceAccount');
    if (ignored) return { source: policy, kind: 'AuthorizationPolicy', clients: WorkloadSet.empty(table.size), requiresIdentity, names: [] };
    if (!requiresIdentity) names.unshift('unauthenticated clients');
    if (!policy.requiredAuthenticationRefs.some((r) => r.kind === 'NetworkAuthentication')) names.push('from any network (no NetworkAuthentication)');
    return { source: policy, kind: 'AuthorizationPolicy', clients, requiresIdentity, names };
  };

  const legacyGrant = (saz: ServerAuthorization): Grant => {
    const c = saz.client;
    const clients = WorkloadSet.empty(table.size);
    const names: string[] = [];
    const requiresIdentity = !c.unauthenticated;
    if (c.unauthenticated) {
      clients.unionWith(table.all);
      names.push('unauthenticated clients');
    } else if (c.meshTLS) {
      if (c.meshTLS.unauthenticatedTLS) {
        clients.unionWith(table.meshed);
        names.push('any meshed client');
      }
      for (const id of c.meshTLS.identities) clients.unionWith(byIdentity(id));
      for (const sa of c.meshTLS.serviceAccounts) clients.unionWith(byIdentity(identityOf(sa.name, sa.namespace, trustDomain, controlPlane)));
      names.push(...c.meshTLS.identities, ...c.meshTLS.serviceAccounts.map((s) => `sa ${s.namespace}/${s.name}`));
    }
    if (c.networks && c.networks.length > 0) {
      clients.intersectWith(inNetworks(c.networks));
      names.push(...c.networks.map((n) => `network ${n.cidr.text}`));
    } else {
      // No (or empty) networks: the cluster networks (grpc/src/inbound.rs to_authz).
      clients.intersectWith(inside);
      names.push('(cluster networks)');
    }
    return { source: saz, kind: 'ServerAuthorization', clients, requiresIdentity, names };
  };

  // Attach every authorization to its targets once.
  const serverWide = new Map<Server, Grant[]>();
  const routeGrants = new Map<HTTPRoute, Grant[]>();
  const push = <K>(m: Map<K, Grant[]>, k: K, g: Grant) => m.set(k, [...(m.get(k) ?? []), g]);
  for (const policy of inventory.authorizationPolicies) {
    const target = attachments.targetOf(policy);
    if (target.kind === 'dangling') {
      report.report({ code: 'dangling-reference', severity: 'error', object: policy.ref, path: 'spec.targetRef', message: `targets ${target.what}, which does not exist: this policy authorizes nothing.` });
      continue;
    }
    const grant = policyGrant(policy);
    if (target.kind === 'Server') push(serverWide, target.server, grant);
    else if (target.kind === 'Namespace') for (const s of target.servers) push(serverWide, s, grant);
    else push(routeGrants, target.route, grant);
  }
  for (const saz of inventory.serverAuthorizations) {
    const targets = attachments.serversOf(saz);
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
    serverWide: serverWide.get(server) ?? [],
    routes: attachments.routesOf(server).map((route) => ({ route, grants: routeGrants.get(route) ?? [] })),
  });
}

export type { L7Attachments };
