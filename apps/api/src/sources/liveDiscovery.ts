/**
 * Finds the Linkerd policy kinds (and Gateway API HTTPRoute and GRPCRoute) the cluster serves, through API
 * discovery: per group, the preferred version first, then the others in the server's order;
 * each kind is read at the first version that serves it with list and watch (AuthorizationPolicy
 * is v1alpha1 only while Server's preferred version is v1beta3). Re-run periodically so CRDs
 * installed after start are picked up.
 */
import { KubeRequestError } from './liveClient.ts';
import type { Layer } from '@accessgraph/model';
import type { KubeHttp } from './liveClient.ts';
import { LINKERD_POLICY_GROUP, POLICY_KINDS, type LiveResource } from './liveResources.ts';

interface ApiGroup {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion?: { groupVersion: string; version: string };
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

export interface PolicyDiscovery {
  resources: LiveResource[];
  /** Why L7 cannot be read from this cluster at all, when that is so. */
  l7Missing?: string;
  /** Versions that could not be read (403, 503 …), in words. */
  problems: string[];
  /**
   * Another engine's API group the cluster serves but whose kinds could not be discovered or
   * cannot be listed: what it holds could decide any flow of these layers.
   */
  unknown: { layers: Layer[]; reason: string }[];
}

function orderedVersions(group: ApiGroup): string[] {
  const all = group.versions.map((v) => v.version);
  const preferred = group.preferredVersion?.version;
  return preferred ? [preferred, ...all.filter((v) => v !== preferred)] : all;
}

export async function discoverPolicyKinds(http: KubeHttp): Promise<PolicyDiscovery> {
  const list = (await http.getJson('/apis')) as { groups?: ApiGroup[] } | undefined;
  const groups = new Map((list?.groups ?? []).map((g) => [g.name, g]));
  const resources: LiveResource[] = [];
  const problems: string[] = [];
  const unknown: PolicyDiscovery['unknown'] = [];
  for (const [groupName, { kinds, layers, foreign }] of Object.entries(POLICY_KINDS)) {
    const group = groups.get(groupName);
    if (!group) continue;
    const wanted = new Set(kinds);
    const groupProblems: string[] = [];
    const unlistable: string[] = [];
    for (const version of orderedVersions(group)) {
      if (wanted.size === 0) break;
      let served: { resources?: ApiResource[] } | undefined;
      try {
        served = (await http.getJson(`/apis/${groupName}/${version}`)) as { resources?: ApiResource[] } | undefined;
      } catch (err) {
        // No answer, or the API server itself failing (5xx, 429) for a group it serves from CRDs
        // (Linkerd, Gateway API): the server is going away or overloaded, not the kind. Discovery
        // as a whole failed — keep what was discovered before, never drop its informers (they
        // would drop their objects and widen access: a shutting-down server answers 503 here).
        const status = err instanceof KubeRequestError ? err.statusCode : undefined;
        if (status === undefined || (!foreign && (status >= 500 || status === 429))) throw err;
        groupProblems.push(`${groupName}/${version}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      for (const r of served?.resources ?? []) {
        if (r.name.includes('/') || !wanted.has(r.kind)) continue;
        const verbs = new Set(r.verbs ?? []);
        if (!verbs.has('list') || !verbs.has('watch')) {
          unlistable.push(`${r.kind} (${groupName}/${version}) cannot be listed and watched (verbs: ${[...verbs].join(', ') || 'none'})`);
          continue;
        }
        wanted.delete(r.kind);
        resources.push({ group: groupName, version, plural: r.name, kind: r.kind, namespaced: r.namespaced, layers: [...layers] });
      }
    }
    problems.push(...groupProblems);
    if (foreign && (groupProblems.length > 0 || unlistable.length > 0)) {
      const found = new Set(resources.filter((r) => r.group === groupName).map((r) => r.kind));
      const missing = unlistable.filter((u) => !found.has(u.split(' ')[0]!));
      if (groupProblems.length > 0 || missing.length > 0) {
        unknown.push({
          layers: [...layers],
          reason: `the cluster serves ${groupName} (another engine's policies) but ${[...groupProblems.map((p) => `discovery failed: ${p}`), ...missing].join('; ')}: what it enforces cannot be known`,
        });
      }
    }
  }
  const servers = resources.some((r) => r.group === LINKERD_POLICY_GROUP && r.kind === 'Server');
  const result: PolicyDiscovery = { resources, problems, unknown };
  if (!groups.has(LINKERD_POLICY_GROUP)) {
    result.l7Missing = `the cluster does not serve the Linkerd policy API (no API group ${LINKERD_POLICY_GROUP}: Linkerd's CRDs are not installed)`;
  } else if (!servers) {
    result.l7Missing = `the cluster serves ${LINKERD_POLICY_GROUP} but not its Server kind${problems.length ? ` (${problems.join('; ')})` : ''}`;
  }
  return result;
}
