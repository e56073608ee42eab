/**
 * `accessgraph matrix`: every ordered pair of distinct workloads × each port, as JSON, CSV or
 * an aligned table, streamed to stdout.
 */
import { writeChunks, writeText, type Command } from './commandIo.ts';
import { formatDiagnosticsReport } from './diagnosticsReport.ts';
import { loadAnalysis } from './loadAnalysis.ts';
import { matrixCsv, matrixJson, matrixTable, tableWidths } from './matrixOutput.ts';
import { parseCommandArgs, parseDefaultPolicy, parseFormat, parsePortList, parseSource, SOURCE_HELP, SOURCE_OPTIONS, parseInputLimits, parseOutsideOptions } from './commandOptions.ts';

export const MATRIX_USAGE = `Usage: accessgraph matrix (--manifests PATH ... | --demo) [options]

Every ordered pair of distinct workloads × each port: the L4 and L7 verdicts, whether the
flow is allowed, and which layers protect it.

${SOURCE_HELP}

Options:
  --port PORT[/PROTO]        a port to evaluate for every destination (e.g. 80, 53/UDP);
                             repeatable or comma-separated. Default: each destination's
                             declared container ports
  -o, --format FORMAT        table (default), json, csv
  -h, --help                 this text

json: {"workloads":[...],"cells":[...],"diagnostics":[...]}, one entry a line.
csv: from,to,port,protocol,l4Port,l4,l7,allowed,protection,reasons.
table and csv print the diagnostics to stderr.
Exit status: 0 on success, 2 on a usage or input error.
`;

const FORMATS = ['table', 'json', 'csv'] as const;

export const runMatrix: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { ...SOURCE_OPTIONS, port: { type: 'string', multiple: true }, format: { type: 'string', short: 'o' } }, false);
  if (values.help) {
    await writeText(io.stdout, MATRIX_USAGE);
    return 0;
  }
  const format = parseFormat(values.format, FORMATS, 'table');
  const ports = parsePortList(values.port);
  const source = parseSource(values);
  const analysis = await loadAnalysis(source, { cwd: io.cwd, limits: parseInputLimits(values), linkerdDefaultPolicy: parseDefaultPolicy(values['linkerd-default-policy']), ...parseOutsideOptions(values) });
  const cells = analysis.cells(ports);
  if (format === 'json') {
    await writeChunks(io.stdout, matrixJson(analysis.matrixWorkloads(), cells, analysis.diagnostics));
    return 0;
  }
  await writeChunks(io.stdout, format === 'csv' ? matrixCsv(cells) : matrixTable(cells, tableWidths(analysis, ports)));
  await writeText(io.stderr, formatDiagnosticsReport(analysis.diagnostics));
  return 0;
};
