/**
 * A live cluster read once, for the one-shot commands (check, matrix, graph, diff, assert):
 * the same resource catalog and discovery as the live source (liveResources.ts,
 * liveDiscovery.ts), each resource listed once — no informer, no watch — and the outcomes
 * turned into a SourceState by the same rule as `serve` (liveRead.ts): a forbidden (403) or
 * unserved resource makes its layers `unknown` with the reason. An API server that does not
 * answer at all is an error (LiveUnreachable), not a verdict.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeHttp, KubeRequestError } from './liveClient.ts';
import { discoverPolicyKinds } from './liveDiscovery.ts';
import { classifyFailure, listResource, liveFileName, liveSourceState, type ResourceRead } from './liveRead.ts';
import { CORE_RESOURCES, resourceName, type LiveResource } from './liveResources.ts';
import type { SourceState } from './source.ts';

/** The API server could not be reached (no answer, refused, timed out, 5xx while listing). */
export class LiveUnreachable extends Error {}

export interface LiveReadOptions {
  kubeConfig: KubeConfig;
  /** `context: prod`, `in-cluster`. */
  description: string;
  pageSize?: number;
  /** Longest silence on one request. */
  timeoutMs?: number;
}

const answered = (err: unknown) => err instanceof KubeRequestError && err.statusCode !== undefined;

function serverOf(kc: KubeConfig): string {
  return kc.getCurrentCluster()?.server ?? '(no server)';
}

export async function readLiveOnce(options: LiveReadOptions): Promise<SourceState> {
  const http = new KubeHttp(options.kubeConfig, options.timeoutMs ?? 20_000);
  const where = `${options.description} (${serverOf(options.kubeConfig)})`;
  // Any status is an answer (a 401 here is read as such by the lists below); silence is not.
  try {
    await http.getJson('/version', {}, options.timeoutMs ?? 20_000, true);
  } catch (err) {
    if (!answered(err)) throw new LiveUnreachable(`cannot reach the API server of ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let resources: LiveResource[] = [...CORE_RESOURCES];
  let l7Missing: string | undefined;
  let discoveryUnknown: { layers: ('l4' | 'l7')[]; reason: string }[] = [];
  try {
    const found = await discoverPolicyKinds(http);
    resources = [...resources, ...found.resources];
    l7Missing = found.l7Missing;
    discoveryUnknown = found.unknown;
  } catch (err) {
    const f = classifyFailure(err);
    if (!answered(err)) throw new LiveUnreachable(`the API server of ${where} stopped answering during discovery: ${f.message}`);
    // As serve: discovery that failed with an answer leaves L7 unknown (the policy kinds are not known).
    l7Missing = `API discovery failed: ${f.message}`;
  }
  const reads = await Promise.all(
    resources.map(async (resource): Promise<ResourceRead> => {
      const name = resourceName(resource) + (resource.namespace ? ` (namespace ${resource.namespace})` : '');
      try {
        const { items } = await listResource(http, resource, options.pageSize ?? 500);
        return { resource, name, state: 'synced', synced: true, objects: items };
      } catch (err) {
        if (!answered(err)) throw new LiveUnreachable(`the API server of ${where} stopped answering while listing ${name}: ${err instanceof Error ? err.message : String(err)}`);
        const f = classifyFailure(err);
        return { resource, name, state: f.state, synced: false, message: f.message, objects: [] };
      }
    }),
  );
  return liveSourceState(liveFileName(options.description), reads, { l7Missing, discoveryUnknown });
}
