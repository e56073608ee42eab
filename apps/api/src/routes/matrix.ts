/**
 * GET /api/v1/matrix: every ordered pair of distinct workloads × ports, exactly the CLI's
 * `matrix --format json` document, or CSV with `?format=csv`. Streamed; a selection bigger
 * than the cell limit is refused with a 400 that says how to narrow it.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Protocol } from '@accessgraph/model';
import { HttpError } from '../plugins/errors.ts';
import { ErrorSchema } from '../schemas/common.ts';
import { MatrixQuerySchema, MatrixSchema } from '../schemas/matrix.ts';
import { matrixCsv, matrixJson, matrixSize, type MatrixSelection } from '../snapshot/matrixStream.ts';
import { portSpecs, rawReply, requireSnapshot, type RouteOptions } from './current.ts';
import { csvDownloadHeaders } from './csvHeaders.ts';
import { MATRIX_CSV_COLUMNS } from '../commands/flowCsv.ts';

export interface MatrixRouteOptions extends RouteOptions {
  /** Largest number of cells one answer may hold. */
  cellLimit: number;
}

export const matrixRoutes: FastifyPluginAsyncTypebox<MatrixRouteOptions> = async (app, { store, cellLimit }) => {
  app.get(
    '/api/v1/matrix',
    {
      schema: {
        summary: 'The reachability matrix',
        description: `Exactly \`accessgraph matrix --format json\`; \`?format=csv\` for a spreadsheet (RFC 4180, exactly \`matrix --format csv\`; its provenance — source, snapshot time, filters, tool version, rows — in the \`Content-Disposition\` file name and, as JSON, in the \`X-Accessgraph-Provenance\` header). At most ${cellLimit} cells per answer: narrow with \`port\` or \`namespace\`.`,
        tags: ['verdicts'],
        querystring: MatrixQuerySchema,
        response: {
          200: {
            description: 'The matrix (JSON), or CSV with `format=csv`.',
            content: { 'application/json': { schema: MatrixSchema }, 'text/csv': { schema: Type.String() } },
          },
          400: ErrorSchema,
          401: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const snapshot = requireSnapshot(store);
      const sel: MatrixSelection = {};
      const ports = portSpecs(request.query.port);
      // A port given twice is one port, as on the CLI (its cells would otherwise come twice).
      const distinct = new Map(ports.map((p) => [`${p.port}/${p.protocol ?? 'TCP'}`, { port: p.port, protocol: p.protocol ?? ('TCP' as Protocol) }]));
      if (distinct.size) sel.ports = [...distinct.values()];
      if (request.query.namespace?.length) sel.namespaces = request.query.namespace;
      const size = matrixSize(snapshot.analysis, sel);
      if (size > cellLimit) {
        throw new HttpError(400, `the matrix would have ${size} cells (limit ${cellLimit}): choose ports with ?port=5432/TCP or destinations with ?namespace=`);
      }
      const csv = request.query.format === 'csv';
      const chunks = csv ? matrixCsv(snapshot.analysis, sel) : matrixJson(snapshot.analysis, sel);
      reply
        .header('x-accessgraph-snapshot', String(snapshot.version))
        .type(csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      if (csv) {
        const filters = { ...(sel.ports ? { port: sel.ports.map((p) => `${p.port}/${p.protocol}`) } : {}), ...(sel.namespaces ? { namespace: sel.namespaces } : {}) };
        csvDownloadHeaders(reply, store.info(snapshot), 'matrix', filters, MATRIX_CSV_COLUMNS, size);
      }
      return rawReply(reply).send(Readable.from(chunks, { objectMode: false }));
    },
  );
};
