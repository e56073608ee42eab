/**
 * `accessgraph graph`: the access graph (Analysis.graph()) as JSON — namespaces, nodes, edges
 * aggregated per workload pair with their per-port verdicts, and the diagnostics — or the same
 * graph as the compact document (Analysis.compactGraph(), model graph/compactGraph.ts), written
 * as it is computed.
 */
import { filterGraph, type Graph } from '@accessgraph/model';
import { writeChunks, writeText, type Command } from './commandIo.ts';
import { NAMESPACE_OPTION, parseCommandArgs, parseFormat, parseNamespaceList, parseSource, sourceName, SOURCE_HELP, SOURCE_OPTIONS, UsageError } from './commandOptions.ts';
import { checkNamespaces, loadAnalysis, loadOptionsOf } from './loadAnalysis.ts';
import { CSV_OUTPUT_HELP, CSV_OUTPUT_OPTIONS, csvProvenance, writeCsv } from './csvProvenance.ts';
import { GRAPH_CSV_COLUMNS, graphCsvRecords } from './flowCsv.ts';
import { graphSarif } from './sarifOutput.ts';
import { toolInfo } from './toolInfo.ts';

export const GRAPH_USAGE = `Usage: accessgraph graph (--manifests PATH ... | --demo | --kubeconfig PATH | --context NAME | --in-cluster) [options]

The access graph: JSON {"namespaces","nodes","edges","diagnostics"}, CSV (one row per edge
port, with the deciding rules) or SARIF (the findings, for code scanning). Edges are aggregated
per workload pair with a verdict per port; ports every workload reaches unrestricted are
summarised on the destination node (openToAll) instead of drawn as edges.
--format compact writes the same graph losslessly in a fraction of the bytes and time: workloads
once, flows by index with their verdicts as codes, nothing derivable written (schema: the
CompactGraph type of @accessgraph/model, decodeCompactGraph turns it back into the full graph).

${SOURCE_HELP}

Options:
  -o, --format FORMAT        json (default), compact (the same graph without derivable
                             fields, streamed; see graph/compactGraph.ts), csv, sarif
  --include-open             also draw the edges of ports open to all
  -n, --namespace NS         only the edges from or to a workload in NS and the workloads
                             at their ends (repeatable or comma-separated; the API's
                             ?namespace= filter); verdicts are unchanged
  --expand-open              csv: one row per source for ports open to all (default: one
                             row per open port, from "*", source_count = every other workload)
${CSV_OUTPUT_HELP}
  -h, --help                 this text

csv (RFC 4180: header row first, CRLF, no comment lines), one row per edge port:
  ${GRAPH_CSV_COLUMNS.join(',')}
sarif: SARIF 2.1.0, one result per finding at the file and line of the object at fault
  (paths relative to the current directory), for code scanning.

Examples:
  accessgraph graph --manifests k8s/ > graph.json
  accessgraph graph --kubeconfig ~/.kube/config --context prod -n shop
  kustomize build overlays/prod | accessgraph graph --manifests -
  accessgraph graph --manifests k8s/ -o sarif > accessgraph.sarif

Exit status: 0 on success, 2 on a usage or input error.
`;

/** The graph document, an array element a line. */
export function* graphJson(graph: Graph): Generator<string> {
  const list = function* (name: keyof Graph, items: readonly unknown[], last: boolean): Generator<string> {
    yield `"${name}":[`;
    let first = true;
    for (const item of items) {
      yield (first ? '\n' : ',\n') + JSON.stringify(item);
      first = false;
    }
    yield `\n]${last ? '' : ','}`;
  };
  yield '{';
  yield* list('namespaces', graph.namespaces, false);
  yield* list('nodes', graph.nodes, false);
  yield* list('edges', graph.edges, false);
  yield* list('diagnostics', graph.diagnostics, true);
  yield '}\n';
}

export const runGraph: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { ...SOURCE_OPTIONS, ...NAMESPACE_OPTION, ...CSV_OUTPUT_OPTIONS, format: { type: 'string', short: 'o' }, 'include-open': { type: 'boolean' }, 'expand-open': { type: 'boolean' } }, false);
  if (values.help) {
    await writeText(io.stdout, GRAPH_USAGE);
    return 0;
  }
  const format = parseFormat(values.format, ['json', 'compact', 'csv', 'sarif'] as const, 'json');
  if (format !== 'csv' && (values.out !== undefined || values.provenance !== undefined || values['expand-open'])) throw new UsageError('--out, --provenance and --expand-open go with --format csv');
  const source = parseSource(values);
  const namespaces = parseNamespaceList(values.namespace);
  const readAt = new Date().toISOString();
  const analysis = await loadAnalysis(source, loadOptionsOf(values, io));
  checkNamespaces(analysis, namespaces);
  if (format === 'sarif') {
    const tool = toolInfo();
    await writeText(io.stdout, JSON.stringify(graphSarif(analysis.diagnostics, { version: tool.version, informationUri: tool.informationUri }, { argv: ['graph', ...argv], cwd: io.cwd, exitCode: 0 }), null, 2) + '\n');
    return 0;
  }
  const only = (g: Graph): Graph => (namespaces ? filterGraph(g, { namespaces }) : g);
  if (format === 'csv') {
    // Every source is a row: either the open ports' edges are drawn (expanded) or summarised as "*".
    const expanded = values['expand-open'] === true || values['include-open'] === true;
    const graph = only(analysis.graph({ includeOpen: expanded }));
    const filters = { ...(expanded ? { 'expand-open': true } : {}), ...(namespaces ? { namespace: namespaces } : {}) };
    await writeCsv(io, values, graphCsvRecords(analysis, graph, { expanded }), csvProvenance({ what: 'graph', source: sourceName(source), snapshotTime: readAt, filters, columns: GRAPH_CSV_COLUMNS }));
    return 0;
  }
  const options = { includeOpen: values['include-open'] === true };
  if (format === 'compact') {
    if (namespaces) throw new UsageError('-n/--namespace does not apply to --format compact (a whole-graph document): use json');
    await writeChunks(io.stdout, analysis.compactGraph(options));
    return 0;
  }
  await writeChunks(io.stdout, graphJson(only(analysis.graph(options))));
  return 0;
};
