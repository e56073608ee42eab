/**
 * The policies of each layer that select one workload, for the workload page: at L4 the
 * NetworkPolicies whose podSelector holds it (with the directions each isolates it in) and the
 * admin/baseline-tier policies whose subject holds it; at L7 the Servers that guard its ports, the
 * routes they serve, the AuthorizationPolicies and ServerAuthorizations attached to them, the
 * authentications those require, and the workload's or namespace's default inbound policy.
 *
 * Read off the evaluators' own target resolution (`policiesSelecting`, `serversFor`/`serverFor`,
 * `grantsFor`, `defaultPolicyFor`), never re-derived from selectors, so the panel lists exactly
 * what decides the verdicts (a property test holds the two together). Objects only; the API
 * attaches their YAML and file:line.
 */
import type { ObjectRef } from '../diagnostics.ts';
import type { AuthorizationPolicy, DefaultInboundPolicy, HTTPRoute, Inventory, NetworkPolicy, PortRef, Server, ServerAuthorization } from '../k8s/types.ts';
import type { L4RuleView, SelectingPolicy } from '../l4/buildL4Evaluator.ts';
import { tierPolicyLabel, type TieredPolicy } from '../l4/adminTiers.ts';
import type { L7ServerView } from '../l7/buildL7Evaluator.ts';
import { defaultPolicyFor, describeDefault } from '../l7/defaultPolicy.ts';
import type { WorkloadTable } from '../selectors/workloadTable.ts';

/** Why a policy is listed for a workload. */
export const POLICY_ROLES = [
  'selects', // a NetworkPolicy whose podSelector, or a tier policy whose subject, selects the workload
  'server', // a Server that guards one of its ports
  'authorizes', // an AuthorizationPolicy / ServerAuthorization attached to one of those Servers or their routes
  'route', // an HTTPRoute / GRPCRoute one of those Servers serves
  'authentication', // a MeshTLS/NetworkAuthentication an authorization requires
  'default-policy', // the workload or namespace whose config.linkerd.io/default-inbound-policy applies
] as const;
export type PolicyRole = (typeof POLICY_ROLES)[number];

export type PolicyDirection = 'ingress' | 'egress';

export interface WorkloadPolicy {
  role: PolicyRole;
  /** The object (cluster-scoped tier policies have no namespace). */
  ref: ObjectRef;
  /** One line: what it does for this workload. */
  summary: string;
  /** L4 only: the directions in which it decides for this workload (empty: it selects without isolating). */
  directions?: PolicyDirection[];
}

export interface WorkloadPolicies {
  l4: WorkloadPolicy[];
  l7: WorkloadPolicy[];
}

export interface PolicyInputs {
  inventory: Inventory;
  table: WorkloadTable;
  l4: Pick<L4RuleView, 'policiesSelecting'>;
  l7: Pick<L7ServerView, 'serversFor' | 'serverFor' | 'grantsFor'>;
  linkerdDefaultPolicy?: DefaultInboundPolicy;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function portText(p: PortRef): string {
  return p.kind === 'number' ? String(p.number) : `"${p.name}"`;
}

function directionsOf(s: SelectingPolicy): PolicyDirection[] {
  return [...(s.ingress ? ['ingress' as const] : []), ...(s.egress ? ['egress' as const] : [])];
}

function networkPolicySummary(np: NetworkPolicy, dirs: readonly PolicyDirection[]): string {
  if (dirs.length === 0) return 'selects it without isolating it';
  return `isolates ${dirs.map((d) => `${d} (${plural(np[d].length, 'rule')})`).join(' and ')}`;
}

function tierSummary(p: TieredPolicy, dirs: readonly PolicyDirection[]): string {
  const tier = p.tier === 'admin' ? 'admin tier, before NetworkPolicy' : 'baseline tier, where no NetworkPolicy isolates';
  const what = dirs.length === 0 ? 'has no rules: decides nothing' : `decides ${dirs.map((d) => `${d} (${plural(p[d].length, 'rule')})`).join(' and ')}`;
  return `${tierPolicyLabel(p)}, ${tier}: ${what}`;
}

function l4Policies(inputs: PolicyInputs, w: number): WorkloadPolicy[] {
  return inputs.l4.policiesSelecting(w).map((s) => {
    const directions = directionsOf(s);
    const summary = s.kind === 'NetworkPolicy' ? networkPolicySummary(s.policy, directions) : tierSummary(s.policy, directions);
    return { role: 'selects', ref: s.policy.ref, summary, directions };
  });
}

function authorizationSummary(ap: AuthorizationPolicy): string {
  const t = ap.targetRef;
  const what =
    t.kind === 'Namespace' ? `authorizes clients of every Server in namespace ${t.name}` : `authorizes clients of ${t.kind} ${t.name}`;
  const needs = ap.requiredAuthenticationRefs.map((r) => `${r.kind} ${r.name}`).join(' + ') || 'nothing';
  return `${what}; requires ${needs}`;
}

function serverAuthorizationSummary(sa: ServerAuthorization): string {
  const c = sa.client;
  const clients = [
    c.unauthenticated ? 'unauthenticated clients' : '',
    c.meshTLS?.unauthenticatedTLS ? 'any meshed client' : '',
    c.meshTLS?.identities.length ? `identities ${c.meshTLS.identities.join(', ')}` : '',
    c.meshTLS?.serviceAccounts.length ? `service accounts ${c.meshTLS.serviceAccounts.map((a) => `${a.namespace}/${a.name}`).join(', ')}` : '',
  ].filter(Boolean);
  return `legacy ServerAuthorization for ${clients.join('; ') || 'no client'}`;
}

function l7Policies(inputs: PolicyInputs, w: number): WorkloadPolicy[] {
  const { inventory, table, l7 } = inputs;
  const workload = table.at(w);
  const out: WorkloadPolicy[] = [];
  // The Servers that win some port of this workload (a Server another, older one shadows on
  // every port decides nothing here: the server-conflict finding names it).
  const guarding = new Map<Server, number[]>();
  for (const { server, ports } of l7.serversFor(w)) {
    const won = ports.filter((p) => l7.serverFor(w, p) === server);
    if (won.length > 0) guarding.set(server, won);
  }
  const routes = new Set<HTTPRoute>();
  const grants = new Set<AuthorizationPolicy | ServerAuthorization>();
  for (const server of guarding.keys()) {
    const g = l7.grantsFor(server);
    for (const x of g.serverWide) grants.add(x.source);
    for (const r of g.routes) {
      routes.add(r.route);
      for (const x of r.grants) grants.add(x.source);
    }
  }
  const unenforced = workload.meshed ? '' : `; not enforced: ${workload.id} is not meshed, no proxy applies it`;
  // Inventory order, as the sources list them.
  for (const s of inventory.servers) {
    const ports = guarding.get(s);
    if (!ports) continue;
    const resolved = s.port.kind === 'name' ? ` (${ports.join(', ')})` : '';
    out.push({ role: 'server', ref: s.ref, summary: `guards port ${portText(s.port)}${resolved} (${s.proxyProtocol}); unauthorized traffic: ${s.accessPolicy}${unenforced}` });
  }
  for (const r of inventory.httpRoutes) {
    if (routes.has(r)) out.push({ role: 'route', ref: r.ref, summary: `${plural(r.ruleCount, 'rule')}${r.matches.length ? ': ' + r.matches.join(', ') : ''}` });
  }
  const authentications = new Set<string>();
  for (const ap of inventory.authorizationPolicies) {
    if (!grants.has(ap)) continue;
    out.push({ role: 'authorizes', ref: ap.ref, summary: authorizationSummary(ap) });
    for (const r of ap.requiredAuthenticationRefs) authentications.add(`${r.kind}\u0000${r.namespace}\u0000${r.name}`);
  }
  for (const sa of inventory.serverAuthorizations) {
    if (grants.has(sa)) out.push({ role: 'authorizes', ref: sa.ref, summary: serverAuthorizationSummary(sa) });
  }
  const required = (kind: string, o: { namespace: string; name: string }) => authentications.has(`${kind}\u0000${o.namespace}\u0000${o.name}`);
  for (const m of inventory.meshTLSAuthentications) {
    if (!required('MeshTLSAuthentication', m)) continue;
    const who = [...m.identities, ...m.identityRefs.map((r) => `${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name}`)];
    out.push({ role: 'authentication', ref: m.ref, summary: `mTLS identities: ${who.join(', ') || 'none'}` });
  }
  for (const n of inventory.networkAuthentications) {
    if (!required('NetworkAuthentication', n)) continue;
    const networks = n.networks.map((x) => x.cidr.text + (x.except.length ? ` except ${x.except.map((e) => e.text).join(', ')}` : ''));
    out.push({ role: 'authentication', ref: n.ref, summary: `networks: ${networks.join('; ') || 'none'}` });
  }
  // The default inbound policy, when an annotation the user wrote sets it (the cluster's is no
  // object of this workload's): it decides every port no Server guards.
  if (workload.meshed) {
    const applied = defaultPolicyFor(workload, inventory, table, inputs.linkerdDefaultPolicy);
    const ref = applied.from === 'workload annotation' ? workload.ref : applied.from === 'namespace annotation' ? table.namespace(workload.namespace)?.ref : undefined;
    if (ref) out.push({ role: 'default-policy', ref, summary: `${describeDefault(applied)} on every port no Server guards` });
  }
  return out;
}

/** The policies of each layer that select workload `w` (a table index). */
export function workloadPolicies(inputs: PolicyInputs, w: number): WorkloadPolicies {
  return { l4: l4Policies(inputs, w), l7: l7Policies(inputs, w) };
}
