/**
 * `accessgraph graph`: the access graph (Analysis.graph()) as JSON — namespaces, nodes, edges
 * aggregated per workload pair with their per-port verdicts, and the diagnostics — or the same
 * graph as the compact document (Analysis.compactGraph(), model graph/compactGraph.ts), written
 * as it is computed.
 */
import type { Graph } from '@accessgraph/model';
import { writeChunks, writeText, type Command } from './commandIo.ts';
import { parseCommandArgs, parseDefaultPolicy, parseFormat, parseSource, SOURCE_HELP, SOURCE_OPTIONS, parseInputLimits } from './commandOptions.ts';
import { loadAnalysis } from './loadAnalysis.ts';

export const GRAPH_USAGE = `Usage: accessgraph graph (--manifests PATH ... | --demo) [options]

The access graph as JSON: {"namespaces","nodes","edges","diagnostics"}. Edges are aggregated
per workload pair with a verdict per port; ports every workload reaches unrestricted are
summarised on the destination node (openToAll) instead of drawn as edges.
--format compact writes the same graph losslessly in a fraction of the bytes and time: workloads
once, flows by index with their verdicts as codes, nothing derivable written (schema: the
CompactGraph type of @accessgraph/model, decodeCompactGraph turns it back into the full graph).

${SOURCE_HELP}

Options:
  -o, --format FORMAT        json (default) | compact
  --include-open             also list the flows of ports open to all
  -h, --help                 this text

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
  const { values } = parseCommandArgs(argv, { ...SOURCE_OPTIONS, format: { type: 'string', short: 'o' }, 'include-open': { type: 'boolean' } }, false);
  if (values.help) {
    await writeText(io.stdout, GRAPH_USAGE);
    return 0;
  }
  const format = parseFormat(values.format, ['json', 'compact'] as const, 'json');
  const source = parseSource(values);
  const analysis = await loadAnalysis(source, { cwd: io.cwd, limits: parseInputLimits(values), linkerdDefaultPolicy: parseDefaultPolicy(values['linkerd-default-policy']) });
  const options = { includeOpen: values['include-open'] === true };
  await writeChunks(io.stdout, format === 'compact' ? analysis.compactGraph(options) : graphJson(analysis.graph(options)));
  return 0;
};
