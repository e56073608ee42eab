/**
 * GET /api/v1/workloads/:namespace/:name: one workload with the policies selecting it at each
 * layer (and their YAML), its inbound and outbound edges and the findings about it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HttpError } from '../plugins/errors.ts';
import { ErrorSchema } from '../schemas/common.ts';
import { KindWorkloadParamsSchema, WorkloadParamsSchema, WorkloadQuerySchema, WorkloadResponseSchema } from '../schemas/workload.ts';
import { workloadDetail } from '../snapshot/workloadDetail.ts';
import { requireSnapshot, type RouteOptions } from './current.ts';


/** includeOpen is answered at any size (Analysis.workloadFlows): no bound on it here. */
export type WorkloadRouteOptions = RouteOptions;

export const workloadRoutes: FastifyPluginAsyncTypebox<WorkloadRouteOptions> = async (app, { store }) => {
  /** Both routes answer for one workload id: `namespace/name`, or `namespace/<kind>/name`. */
  const answer = (namespace: string, name: string, includeOpen: boolean) => {
    const snapshot = requireSnapshot(store);
    const detail = workloadDetail(snapshot, namespace, name, includeOpen);
    if (!detail) throw new HttpError(404, `no workload ${namespace}/${name} in snapshot ${snapshot.version} (${snapshot.source})`);
    return { snapshot: store.info(snapshot), ...detail };
  };
  app.get(
    '/api/v1/workloads/:namespace/:name',
    {
      schema: {
        summary: 'One workload',
        description: 'Labels, service account, mesh status, ports, the policies that select it at each layer with their YAML, and its edges.',
        tags: ['graph'],
        params: WorkloadParamsSchema,
        querystring: WorkloadQuerySchema,
        response: { 200: WorkloadResponseSchema, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => answer(request.params.namespace, request.params.name, request.query.includeOpen === true),
  );
  app.get(
    '/api/v1/workloads/:namespace/:kind/:name',
    {
      schema: {
        summary: 'One workload, by its kind-qualified id',
        description: 'As /api/v1/workloads/:namespace/:name, for the id `namespace/<kind>/name` a workload has when one of another kind shares its namespace and name.',
        tags: ['graph'],
        params: KindWorkloadParamsSchema,
        querystring: WorkloadQuerySchema,
        response: { 200: WorkloadResponseSchema, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => answer(request.params.namespace, `${request.params.kind}/${request.params.name}`, request.query.includeOpen === true),
  );
};
