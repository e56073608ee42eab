/**
 * The Linkerd part of the synthetic cluster (synthetic.ts): linkerd-config as Linkerd's chart
 * writes it, and per meshed namespace Servers on workload ports, MeshTLSAuthentications (by
 * identityRefs — ServiceAccount or Namespace — and by identity strings, exact and wildcard),
 * a NetworkAuthentication, AuthorizationPolicies targeting Servers, the Namespace or HTTPRoutes,
 * and a few HTTPRoutes. Authorizations follow each workload's intended clients (`Clients`), as
 * its NetworkPolicy does, with some deliberate disagreement.
 */
import type { Clients, SyntheticNamespace } from './synthetic.ts';
import { pickOf, type Rnd } from './mulberry32.ts';

type Obj = Record<string, unknown>;

const POLICY = 'policy.linkerd.io';
const TRUST_DOMAIN = 'cluster.local';
const identity = (sa: string, ns: string) => `${sa}.${ns}.serviceaccount.identity.linkerd.${TRUST_DOMAIN}`;

/** The linkerd namespace and linkerd-config (`data.values`: the chart values as YAML, an excerpt). */
export function linkerdConfig(): Obj[] {
  const values = [
    'clusterDomain: cluster.local',
    'clusterNetworks: 10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8',
    `identityTrustDomain: ${TRUST_DOMAIN}`,
    'proxy:',
    '  defaultInboundPolicy: all-unauthenticated',
    '  ports:',
    '    admin: 4191',
    '    inbound: 4143',
    '',
  ].join('\n');
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'linkerd', labels: { 'linkerd.io/is-control-plane': 'true' } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'linkerd-config', namespace: 'linkerd', labels: { 'linkerd.io/control-plane-component': 'controller' } }, data: { values } },
  ];
}

export interface MeshedNamespace {
  ns: SyntheticNamespace;
  /** One AuthorizationPolicy targets the Namespace (its own identities on every Server). */
  wholeNamespace: boolean;
  /** Another meshed namespace this one trusts. */
  trusted: string;
}

/** Linkerd policy objects for one meshed namespace. */
export function linkerdPolicies(rnd: Rnd, { ns: { name: ns, apps }, wholeNamespace, trusted }: MeshedNamespace): Obj[] {
  const pick = pickOf(rnd);
  const obj = (kind: string, apiVersion: string, name: string, spec: Obj): Obj => ({ apiVersion, kind, metadata: { name, namespace: ns }, spec });
  const ref = (kind: string, name: string) => ({ group: POLICY, kind, name });
  const meshTLS = (name: string, spec: Obj) => obj('MeshTLSAuthentication', `${POLICY}/v1alpha1`, name, spec);
  const authorize = (name: string, targetRef: Obj, authns: Obj[]) => obj('AuthorizationPolicy', `${POLICY}/v1alpha1`, name, { targetRef, requiredAuthenticationRefs: authns });

  // Authentications the namespace's policies share.
  const out: Obj[] = [
    meshTLS('same-namespace', { identityRefs: [{ kind: 'Namespace', name: ns }] }),
    meshTLS('trusted-namespaces', { identityRefs: [{ kind: 'Namespace', name: ns }, { kind: 'Namespace', name: trusted }] }),
    meshTLS('any-meshed', { identities: ['*'] }),
    obj('NetworkAuthentication', `${POLICY}/v1alpha1`, 'cluster-networks', { networks: [{ cidr: '10.0.0.0/8', except: ['10.250.0.0/16'] }, { cidr: 'fd00::/8' }] }),
  ];
  if (wholeNamespace) out.push(authorize('same-namespace', { kind: 'Namespace', name: ns }, [ref('MeshTLSAuthentication', 'same-namespace')]));

  /**
   * The authentication naming the meshed clients the NetworkPolicy admits: their ServiceAccounts
   * (up to 40), else their namespaces (by ref or identity suffix) — broader, as people write it.
   */
  const authenticationFor = (server: string, c: Clients): Obj => {
    if (c.kind === 'cidr') return ref('NetworkAuthentication', 'cluster-networks');
    const meshed = c.members.filter((m) => m.ns.meshed);
    const own = (spec: Obj) => (out.push(meshTLS(`${server}-clients`, spec)), ref('MeshTLSAuthentication', `${server}-clients`));
    const accounts = [...new Map(meshed.map((m) => [`${m.ns.name}/${m.app.serviceAccount}`, m])).values()];
    if (accounts.length === 0) return ref('MeshTLSAuthentication', 'same-namespace');
    if (accounts.length <= 40) {
      return rnd() < 0.7
        ? own({ identityRefs: accounts.map((m) => ({ kind: 'ServiceAccount', name: m.app.serviceAccount, ...(m.ns.name === ns ? {} : { namespace: m.ns.name }) })) })
        : own({ identities: accounts.map((m) => identity(m.app.serviceAccount, m.ns.name)) });
    }
    const namespaces = [...new Set(meshed.map((m) => m.ns.name))];
    return rnd() < 0.6 ? own({ identityRefs: namespaces.map((name) => ({ kind: 'Namespace', name })) }) : own({ identities: namespaces.map((n) => `*.${n}.serviceaccount.identity.linkerd.${TRUST_DOMAIN}`) });
  };

  for (const app of apps) {
    if (rnd() >= 0.65) continue; // left to the default policy
    const servers: { name: string; main: boolean; portName: string | undefined }[] = [];
    for (const [k, port] of app.ports.entries()) {
      if (k > 0 && rnd() >= 0.1) continue;
      const name = `${app.name}-${port.name ?? port.port}`;
      servers.push({ name, main: k === 0, portName: port.name });
      const proxyProtocol = app.opaque && k === 0 ? 'opaque' : port.name === 'grpc' ? 'gRPC' : port.name === 'http' ? 'HTTP/1' : 'unknown';
      const version = rnd() < 0.8 ? 'v1beta3' : 'v1beta2';
      const spec: Obj = {
        podSelector: rnd() < 0.9 ? { matchLabels: { app: app.name } } : { matchExpressions: [{ key: 'app', operator: 'In', values: [app.name] }] },
        port: port.name && rnd() < 0.6 ? port.name : port.port,
        proxyProtocol,
      };
      if (version === 'v1beta3' && rnd() < 0.1) spec.accessPolicy = pick(['all-authenticated', 'cluster-unauthenticated']);
      out.push(obj('Server', `${POLICY}/${version}`, name, spec));
    }
    for (const server of servers) {
      const target = ref('Server', server.name);
      if (!server.main) {
        // A secondary port (often metrics): scraped from the cluster networks, or by any meshed scraper.
        out.push(authorize(`${server.name}-scrape`, target, [rnd() < 0.95 ? ref('NetworkAuthentication', 'cluster-networks') : ref('MeshTLSAuthentication', 'any-meshed')]));
        continue;
      }
      if (!app.clients || (wholeNamespace && rnd() < 0.5)) continue;
      const local = app.clients.members.filter((m) => m.ns.meshed && m.ns.name === ns).map((m) => m.app.serviceAccount);
      if (app.clients.kind === 'apps' && local.length > 0 && rnd() < 0.3) {
        // Older clusters: the same intent as a legacy ServerAuthorization.
        out.push(obj('ServerAuthorization', `${POLICY}/v1beta1`, server.name, { server: { name: server.name }, client: { meshTLS: { serviceAccounts: [...new Set(local)].map((name) => ({ name })) } } }));
        continue;
      }
      // One in twenty authorizations disagrees with the NetworkPolicy (the whole namespace instead).
      const authn = rnd() < 0.05 ? ref('MeshTLSAuthentication', 'same-namespace') : authenticationFor(server.name, app.clients);
      out.push(authorize(server.name, target, [authn]));
      // A few HTTP servers also expose a health route to the cluster networks: a route-targeted policy.
      if (server.portName === 'http' && rnd() < 0.2) {
        const route = `${server.name}-health`;
        out.push(obj('HTTPRoute', `${POLICY}/v1beta3`, route, { parentRefs: [{ group: POLICY, kind: 'Server', name: server.name }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/healthz' }, method: 'GET' }] }] }));
        out.push(authorize(route, ref('HTTPRoute', route), [ref('NetworkAuthentication', 'cluster-networks')]));
      }
    }
  }
  return out;
}
