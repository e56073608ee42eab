/**
 * How a CSV answer says where it came from without a line in the CSV (which a spreadsheet
 * would read as data): the `Content-Disposition` file name —
 * `accessgraph-<source>-<snapshot time>-<what>[-<filters>].csv`, as the CLI names files — and
 * the provenance object (the CLI's sidecar, commands/csvProvenance.ts) as ASCII JSON in the
 * `X-Accessgraph-Provenance` header. A header rather than a second endpoint: it describes the
 * very snapshot the body was computed from, where a later request could meet a newer one.
 */
import type { FastifyReply } from 'fastify';
import type { SnapshotInfo } from '@accessgraph/model';
import { csvFileName, csvProvenance, provenanceJson } from '../commands/csvProvenance.ts';

export const PROVENANCE_HEADER = 'x-accessgraph-provenance';

export function csvDownloadHeaders(reply: FastifyReply, info: SnapshotInfo, what: string, filters: Record<string, unknown>, columns: readonly string[], rows: number | undefined): void {
  const meta = csvProvenance({ what, source: info.source, snapshotTime: info.takenAt, snapshotVersion: info.version, filters, columns, ...(rows !== undefined ? { rows } : {}) });
  reply.header('content-disposition', `attachment; filename="${csvFileName(meta)}"`).header(PROVENANCE_HEADER, provenanceJson(meta));
}
