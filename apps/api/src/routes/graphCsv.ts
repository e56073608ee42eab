/**
 * GET /api/v1/graph.csv: the graph's edge ports as CSV for auditors — exactly
 * `accessgraph graph --format csv` (RFC 4180; the deciding rule per layer; each port open to
 * all as one `*` row standing for every other workload, or one row per source with
 * `expandOpen=true`) — under the filters of GET /api/v1/graph, plus what the dashboard filters
 * in the browser: `portName` (a port name, matched against each destination's own port names)
 * and `focus` (the edges of one workload). The dashboard's CSV export is this answer.
 * Provenance: the file name and the X-Accessgraph-Provenance header (csvHeaders.ts).
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { filterGraph, type EdgeClass, type Graph, type GraphEdge, type GraphFilter } from '@accessgraph/model';
import { GRAPH_CSV_COLUMNS, graphCsvRecords, type OpenRow } from '../commands/flowCsv.ts';
import { ErrorSchema, WorkloadIdSchema } from '../schemas/common.ts';
import { GraphQuerySchema } from '../schemas/graph.ts';
import { csvDownloadHeaders } from './csvHeaders.ts';
import { HttpError } from '../plugins/errors.ts';
import { includeOpenGraph, MAX_INCLUDE_OPEN_EDGES } from '../snapshot/openGraph.ts';
import { portSpecs, rawReply, requireSnapshot, type RouteOptions } from './current.ts';

export const GraphCsvQuerySchema = Type.Object({
  ...GraphQuerySchema.properties,
  portName: Type.Optional(Type.String({ minLength: 1, maxLength: 15, pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$', description: "Keep the ports of each destination that it names so (the dashboard's port-name filter)." })),
  focus: Type.Optional(WorkloadIdSchema),
  expandOpen: Type.Optional(Type.Boolean({ default: false, description: 'One row per source for ports open to all, instead of one `*` row.' })),
});

const L4_SAYS = new Set(['allow', 'deny']);
const L7_SAYS = new Set(['allow', 'partial', 'authenticated', 'deny']);

/** The dashboard's port-name filter (apps/web/src/state/portFilter.ts filterByPortName), on edges. */
function byPortName(graph: Graph, name: string): { graph: Graph; named: Map<string, Set<string>> } {
  const named = new Map<string, Set<string>>();
  for (const n of graph.nodes) named.set(n.id, new Set(n.ports.filter((p) => p.name?.toLowerCase() === name).map((p) => `${p.port}/${p.protocol}`)));
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    const ports = e.ports.filter((p) => named.get(e.to)?.has(`${p.port}/${p.protocol}`));
    if (ports.length) edges.push(ports.length === e.ports.length ? e : { ...e, ports });
  }
  return { graph: { ...graph, edges }, named };
}

export interface GraphCsvRouteOptions extends RouteOptions {
  /** Largest includeOpen graph computed, in edges (snapshot/openGraph.ts). */
  maxIncludeOpenEdges?: number;
}

export const graphCsvRoutes: FastifyPluginAsyncTypebox<GraphCsvRouteOptions> = async (app, { store, maxIncludeOpenEdges = MAX_INCLUDE_OPEN_EDGES }) => {
  app.get(
    '/api/v1/graph.csv',
    {
      schema: {
        summary: 'The access graph as CSV',
        description:
          'Exactly `accessgraph graph --format csv` under the filters of `/api/v1/graph`, `portName` and `focus`: one RFC 4180 row per edge port with the deciding rule per layer; ports open to all as explicit rows (`from` = `*`, `source_count` every other workload), one per source with `expandOpen=true` (or `includeOpen=true`). Provenance in the `Content-Disposition` file name and the `X-Accessgraph-Provenance` header (JSON).',
        tags: ['graph'],
        querystring: GraphCsvQuerySchema,
        response: { 200: { description: 'CSV', content: { 'text/csv': { schema: Type.String() } } }, 400: ErrorSchema, 401: ErrorSchema, 413: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const snapshot = requireSnapshot(store);
      const q = request.query;
      const expanded = q.expandOpen === true || q.includeOpen === true;
      const filter: GraphFilter = {};
      if (q.namespace?.length) filter.namespaces = [...new Set(q.namespace)];
      if (q.layer) filter.layer = q.layer;
      if (q.protection?.length) filter.protections = [...new Set(q.protection)] as EdgeClass[];
      const ports = portSpecs(q.port);
      if (ports.length) filter.ports = ports;
      const whole = expanded ? includeOpenGraph(snapshot, maxIncludeOpenEdges) : snapshot.graph;
      if ('refused' in whole) throw new HttpError(413, `${whole.refused} Without expandOpen the CSV has one \`*\` row per port open to all.`);
      let graph = filterGraph(whole, filter);
      let named: Map<string, Set<string>> | undefined;
      if (q.portName) ({ graph, named } = byPortName(graph, q.portName));
      const focus = q.focus;
      if (focus) graph = { ...graph, edges: graph.edges.filter((e) => e.from === focus || e.to === focus) };
      // The `*` rows obey the same filters as the edges they stand for.
      const keepOpenRow = (row: OpenRow): boolean => {
        if (focus && row.to !== focus) return false;
        if (named && !named.get(row.to)?.has(`${row.port}/${row.protocol}`)) return false;
        if (filter.ports && !filter.ports.some((p) => p.port === row.port && (!p.protocol || p.protocol === row.protocol))) return false;
        if (filter.protections && row.class !== 'mixed' && !filter.protections.includes(row.class)) return false;
        if (filter.layer === 'l4' && !L4_SAYS.has(row.l4)) return false;
        if (filter.layer === 'l7' && !L7_SAYS.has(row.l7)) return false;
        return true;
      };
      const query: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) query[k] = v;
      csvDownloadHeaders(rawReply(reply), store.info(snapshot), 'graph', query, GRAPH_CSV_COLUMNS, undefined);
      reply.header('x-accessgraph-snapshot', String(snapshot.version)).type('text/csv; charset=utf-8');
      const records = graphCsvRecords(snapshot.analysis, graph, { expanded, keepOpenRow });
      return rawReply(reply).send(Readable.from(batched(records), { objectMode: false }));
    },
  );
};

function* batched(parts: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buf = '';
  for (const p of parts) {
    buf += p;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
