/**
 * GET /api/v1/report: the audit report of the current snapshot — the same self-contained HTML
 * as `accessgraph report --out` — built once per snapshot version. Its own CSP: no script at
 * all, and the report's one inline stylesheet by hash.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { buildAuditReport } from '@accessgraph/model';
import { toolVersion } from '../commands/reportCommand.ts';
import { inputHash } from '../report/inputHash.ts';
import { REPORT_CSP, reportHtml } from '../report/reportHtml.ts';
import { ErrorSchema } from '../schemas/common.ts';
import { rawReply, requireSnapshot, type RouteOptions } from './current.ts';

export const reportRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { store }) => {
  let last: { version: number; stale: boolean; html: string } | undefined;
  const version = toolVersion();
  app.get(
    '/api/v1/report',
    {
      schema: {
        summary: 'The audit report (HTML, print-ready A4)',
        description: 'Exactly what `accessgraph report --out FILE` writes for this source: one self-contained HTML document, no script, no external resource.',
        tags: ['graph'],
        response: { 200: { description: 'The report.', content: { 'text/html': { schema: Type.String() } } }, 401: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (_request, reply) => {
      const s = requireSnapshot(store);
      const info = store.info(s);
      if (!last || last.version !== s.version || last.stale !== info.stale) {
        const policy = store.linkerdDefaultPolicy;
        const source = info.stale ? `${s.source} (stale${info.staleForSeconds !== undefined ? ` for ${info.staleForSeconds} s` : ''})` : s.source;
        const html = reportHtml(buildAuditReport(s.analysis, { source, takenAt: info.takenAt, inputHash: inputHash(s.objects), toolVersion: version, ...(policy ? { linkerdDefaultPolicy: policy } : {}) }));
        last = { version: s.version, stale: info.stale, html };
      }
      const stamp = info.takenAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
      reply
        .header('content-security-policy', REPORT_CSP)
        .header('x-accessgraph-snapshot', String(s.version))
        .header('content-disposition', `inline; filename="accessgraph-report-${stamp}.html"`)
        .type('text/html; charset=utf-8');
      return rawReply(reply).send(last.html);
    },
  );
};
