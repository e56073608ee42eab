/**
 * The policies that select one workload, per layer, for the workload page: L4 the
 * NetworkPolicies whose podSelector selects it; L7 the Servers that select it and what hangs
 * off them (authorizations, routes, the authentications they require), plus namespace-wide
 * AuthorizationPolicies. Each with the YAML of its source object.
 */
import { matchesSelector, type AuthorizationPolicy, type Inventory, type ObjectRef, type PortRef, type Workload } from '@accessgraph/model';
import type { WorkloadPolicy } from '../schemas/workload.ts';
import { objectYaml, rawObject } from './objectIndex.ts';
import type { Snapshot } from './snapshot.ts';

type Role = WorkloadPolicy['role'];

function portText(p: PortRef): string {
  return p.kind === 'number' ? String(p.number) : `"${p.name}"`;
}

export function workloadPolicies(snapshot: Snapshot, w: Workload): { l4: WorkloadPolicy[]; l7: WorkloadPolicy[] } {
  const inv: Inventory = snapshot.analysis.inventory;
  const entry = (role: Role, ref: ObjectRef, summary: string): WorkloadPolicy => {
    const raw = rawObject(snapshot, ref);
    const out: WorkloadPolicy = {
      role,
      kind: ref.kind,
      namespace: ref.namespace ?? w.namespace,
      name: ref.name,
      summary,
      yaml: raw ? objectYaml(raw.object) : '# the source object is not available\n',
    };
    if (ref.apiVersion) out.apiVersion = ref.apiVersion;
    const file = raw?.file ?? ref.file;
    const line = raw?.line ?? ref.line;
    if (file) out.file = file;
    if (line) out.line = line;
    return out;
  };

  const l4 = inv.networkPolicies
    .filter((np) => np.namespace === w.namespace && matchesSelector(np.podSelector, w.labels))
    .map((np) => {
      const dirs = [np.ingressIsolation ? `ingress (${np.ingress.length} rule${np.ingress.length === 1 ? '' : 's'})` : '', np.egressIsolation ? `egress (${np.egress.length} rule${np.egress.length === 1 ? '' : 's'})` : ''].filter(Boolean);
      return entry('selects', np.ref, dirs.length ? `isolates ${dirs.join(' and ')}` : 'selects it without isolating it');
    });

  const l7: WorkloadPolicy[] = [];
  const servers = inv.servers.filter((s) => s.namespace === w.namespace && s.podSelector && matchesSelector(s.podSelector, w.labels));
  const serverNames = new Set(servers.map((s) => s.name));
  for (const s of servers) l7.push(entry('server', s.ref, `guards port ${portText(s.port)} (${s.proxyProtocol}); unauthorized traffic: ${s.accessPolicy}`));

  const routes = inv.httpRoutes.filter((r) => r.namespace === w.namespace && r.parentRefs.some((p) => p.kind === 'Server' && p.namespace === w.namespace && serverNames.has(p.name)));
  const routeNames = new Set(routes.map((r) => r.name));
  for (const r of routes) l7.push(entry('route', r.ref, `${r.ruleCount} rule${r.ruleCount === 1 ? '' : 's'}${r.matches.length ? ': ' + r.matches.join(', ') : ''}`));

  const applies = (ap: AuthorizationPolicy): string | undefined => {
    if (ap.namespace !== w.namespace) return undefined;
    const t = ap.targetRef;
    if (t.kind === 'Server' && serverNames.has(t.name)) return `authorizes clients of Server ${t.name}`;
    if (t.kind === 'Namespace' && t.name === w.namespace) return `authorizes clients of every Server in namespace ${t.name}`;
    if (t.kind === 'HTTPRoute' && routeNames.has(t.name)) return `authorizes clients of HTTPRoute ${t.name}`;
    return undefined;
  };
  const authentications = new Set<string>();
  for (const ap of inv.authorizationPolicies) {
    const what = applies(ap);
    if (!what) continue;
    const needs = ap.requiredAuthenticationRefs.map((r) => `${r.kind} ${r.name}`).join(' + ') || 'nothing';
    l7.push(entry('authorizes', ap.ref, `${what}; requires ${needs}`));
    for (const r of ap.requiredAuthenticationRefs) authentications.add(`${r.kind}\u0000${r.namespace}\u0000${r.name}`);
  }
  for (const sa of inv.serverAuthorizations) {
    if (sa.namespace !== w.namespace) continue;
    const server = sa.server;
    const hits = 'name' in server ? serverNames.has(server.name) : servers.some((s) => matchesSelector(server.selector, s.labels));
    if (!hits) continue;
    const clients = [
      sa.client.unauthenticated ? 'unauthenticated clients' : '',
      sa.client.meshTLS?.unauthenticatedTLS ? 'any meshed client' : '',
      sa.client.meshTLS?.identities.length ? `identities ${sa.client.meshTLS.identities.join(', ')}` : '',
      sa.client.meshTLS?.serviceAccounts.length ? `service accounts ${sa.client.meshTLS.serviceAccounts.map((a) => `${a.namespace}/${a.name}`).join(', ')}` : '',
    ].filter(Boolean);
    l7.push(entry('authorizes', sa.ref, `legacy ServerAuthorization for ${clients.join('; ') || 'no client'}`));
  }
  for (const m of inv.meshTLSAuthentications) {
    if (!authentications.has(`MeshTLSAuthentication\u0000${m.namespace}\u0000${m.name}`)) continue;
    const who = [...m.identities, ...m.identityRefs.map((r) => `${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name}`)];
    l7.push(entry('authentication', m.ref, `mTLS identities: ${who.join(', ') || 'none'}`));
  }
  for (const n of inv.networkAuthentications) {
    if (!authentications.has(`NetworkAuthentication\u0000${n.namespace}\u0000${n.name}`)) continue;
    l7.push(entry('authentication', n.ref, `networks: ${n.networks.map((x) => x.cidr.text + (x.except.length ? ` except ${x.except.map((e) => e.text).join(', ')}` : '')).join('; ') || 'none'}`));
  }
  return { l4, l7 };
}
