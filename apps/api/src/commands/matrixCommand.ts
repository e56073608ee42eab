/**
 * `accessgraph matrix`: every ordered pair of distinct workloads × each port, as JSON, CSV or
 * an aligned table, streamed to stdout.
 */
import { writeChunks, writeText, type Command } from './commandIo.ts';
import { formatDiagnosticsReport } from './diagnosticsReport.ts';
import { checkNamespaces, loadAnalysis, loadOptionsOf } from './loadAnalysis.ts';
import { matrixCsv, matrixJson, matrixTable, tableWidths } from './matrixOutput.ts';
import { NAMESPACE_OPTION, parseCommandArgs, parseFormat, parseNamespaceList, parsePortList, parseSource, sourceName, SOURCE_HELP, SOURCE_OPTIONS, UsageError } from './commandOptions.ts';
import { namespaceOf, type Cell, type Diagnostic } from '@accessgraph/model';
import { MATRIX_CSV_COLUMNS } from './flowCsv.ts';
import { CSV_OUTPUT_HELP, CSV_OUTPUT_OPTIONS, csvProvenance, writeCsv } from './csvProvenance.ts';


/** The cells with a source or a destination in these namespaces (-n), lazily. */
export function* inNamespaces(cells: Iterable<Cell>, namespaces: readonly string[]): Generator<Cell> {
  const set = new Set(namespaces);
  for (const c of cells) if (set.has(namespaceOf(c.from)) || set.has(namespaceOf(c.to))) yield c;
}

/** The findings about these namespaces (their objects or workloads) and those about no namespace. */
export function diagnosticsOfNamespaces(diagnostics: readonly Diagnostic[], namespaces: readonly string[]): Diagnostic[] {
  const set = new Set(namespaces);
  return diagnostics.filter((d) => {
    const ns = d.object?.namespace;
    if (ns !== undefined && set.has(ns)) return true;
    if (d.workloads?.some((w) => set.has(namespaceOf(w)))) return true;
    return ns === undefined && !d.workloads?.length;
  });
}

export const MATRIX_USAGE = `Usage: accessgraph matrix (--manifests PATH ... | --demo | --kubeconfig PATH | --context NAME | --in-cluster) [options]

Every ordered pair of distinct workloads × each port: the L4 and L7 verdicts, whether the
flow is allowed, and which layers protect it.

${SOURCE_HELP}

Options:
  --port PORT[/PROTO]        a port to evaluate for every destination (e.g. 80, 53/UDP);
                             repeatable or comma-separated. Default: each destination's
                             declared container ports
  -n, --namespace NS         only the flows from or to a workload in NS (repeatable or
                             comma-separated); verdicts are unchanged: the policies of
                             every namespace still apply
  -o, --format FORMAT        table (default), json, csv
${CSV_OUTPUT_HELP}
  -h, --help                 this text

Examples:
  accessgraph matrix --manifests k8s/ --port 5432/TCP --format csv
  accessgraph matrix --context prod -n payments,shop
  helm template ./chart | accessgraph matrix --manifests - -o json

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
  const { values } = parseCommandArgs(argv, { ...SOURCE_OPTIONS, ...NAMESPACE_OPTION, ...CSV_OUTPUT_OPTIONS, port: { type: 'string', multiple: true }, format: { type: 'string', short: 'o' } }, false);
  if (values.help) {
    await writeText(io.stdout, MATRIX_USAGE);
    return 0;
  }
  const format = parseFormat(values.format, FORMATS, 'table');
  const ports = parsePortList(values.port);
  if (format !== 'csv' && (values.out !== undefined || values.provenance !== undefined)) throw new UsageError('--out and --provenance go with --format csv');
  const source = parseSource(values);
  const namespaces = parseNamespaceList(values.namespace);
  const readAt = new Date().toISOString();
  const analysis = await loadAnalysis(source, loadOptionsOf(values, io));
  checkNamespaces(analysis, namespaces);
  const cells = namespaces ? inNamespaces(analysis.cells(ports), namespaces) : analysis.cells(ports);
  const diagnostics = namespaces ? diagnosticsOfNamespaces(analysis.diagnostics, namespaces) : analysis.diagnostics;
  if (format === 'json') {
    await writeChunks(io.stdout, matrixJson(analysis.matrixWorkloads(), cells, diagnostics));
    return 0;
  }
  if (format === 'csv') {
    const filters = { ...(ports ? { port: ports.map((p) => `${p.port}/${p.protocol}`) } : {}), ...(namespaces ? { namespace: namespaces } : {}) };
    await writeCsv(io, values, matrixCsv(cells), csvProvenance({ what: 'matrix', source: sourceName(source), snapshotTime: readAt, filters, columns: MATRIX_CSV_COLUMNS }));
  } else {
    await writeChunks(io.stdout, matrixTable(cells, tableWidths(analysis, ports)));
  }
  await writeText(io.stderr, formatDiagnosticsReport(diagnostics));
  return 0;
};
