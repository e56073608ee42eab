/**
 * `accessgraph matrix`: every ordered pair of distinct workloads × each port, as JSON, CSV or
 * an aligned table, streamed to stdout.
 */
import { writeChunks, writeText, type Command } from './commandIo.ts';
import { formatDiagnosticsReport } from './diagnosticsReport.ts';
import { loadAnalysis } from './loadAnalysis.ts';
import { matrixCsv, matrixJson, matrixTable, tableWidths } from './matrixOutput.ts';
import { MATRIX_CSV_COLUMNS } from './flowCsv.ts';
import { CSV_OUTPUT_HELP, CSV_OUTPUT_OPTIONS, csvProvenance, writeCsv } from './csvProvenance.ts';
import { parseCommandArgs, parseDefaultPolicy, parseFormat, parsePortList, parseSource, sourceName, SOURCE_HELP, SOURCE_OPTIONS, parseInputLimits, UsageError } from './commandOptions.ts';

export const MATRIX_USAGE = `Usage: accessgraph matrix (--manifests PATH ... | --demo) [options]

Every ordered pair of distinct workloads × each port: the L4 and L7 verdicts, whether the
flow is allowed, and which layers protect it.

${SOURCE_HELP}

Options:
  --port PORT[/PROTO]        a port to evaluate for every destination (e.g. 80, 53/UDP);
                             repeatable or comma-separated. Default: each destination's
                             declared container ports
  -o, --format FORMAT        table (default), json, csv
${CSV_OUTPUT_HELP}
  -h, --help                 this text

json: {"workloads":[...],"cells":[...],"diagnostics":[...]}, one entry a line.
csv (RFC 4180: header row first, CRLF, no comment lines), one row per cell:
  ${MATRIX_CSV_COLUMNS.join(',')}
  l4_rule/l7_rule: the deciding objects (role: Kind ns/name direction rule N),
  l4_rule_at/l7_rule_at: their file:line, in the same order.
table and csv print the diagnostics to stderr.
Exit status: 0 on success, 2 on a usage or input error.
`;

const FORMATS = ['table', 'json', 'csv'] as const;

export const runMatrix: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { ...SOURCE_OPTIONS, ...CSV_OUTPUT_OPTIONS, port: { type: 'string', multiple: true }, format: { type: 'string', short: 'o' } }, false);
  if (values.help) {
    await writeText(io.stdout, MATRIX_USAGE);
    return 0;
  }
  const format = parseFormat(values.format, FORMATS, 'table');
  const ports = parsePortList(values.port);
  if (format !== 'csv' && (values.out !== undefined || values.provenance !== undefined)) throw new UsageError('--out and --provenance go with --format csv');
  const source = parseSource(values);
  const readAt = new Date().toISOString();
  const analysis = await loadAnalysis(source, { cwd: io.cwd, limits: parseInputLimits(values), linkerdDefaultPolicy: parseDefaultPolicy(values['linkerd-default-policy']) });
  const cells = analysis.cells(ports);
  if (format === 'json') {
    await writeChunks(io.stdout, matrixJson(analysis.workloads(), cells, analysis.diagnostics));
    return 0;
  }
  if (format === 'csv') {
    const filters = ports ? { port: ports.map((p) => `${p.port}/${p.protocol}`) } : {};
    await writeCsv(io, values, matrixCsv(cells), csvProvenance({ what: 'matrix', source: sourceName(source), snapshotTime: readAt, filters, columns: MATRIX_CSV_COLUMNS }));
  } else {
    await writeChunks(io.stdout, matrixTable(cells, tableWidths(analysis, ports)));
  }
  await writeText(io.stderr, formatDiagnosticsReport(analysis.diagnostics));
  return 0;
};
