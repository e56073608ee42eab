/**
 * `accessgraph graph`: the access graph (Analysis.graph()) as JSON — namespaces, nodes, edges
 * aggregated per workload pair with their per-port verdicts, and the diagnostics.
 */
import type { Graph } from '@accessgraph/model';
import { writeChunks, writeText, type Command } from './commandIo.ts';
import { parseCommandArgs, parseDefaultPolicy, parseFormat, parseSource, SOURCE_HELP, SOURCE_OPTIONS, parseInputLimits, parseOutsideOptions } from './commandOptions.ts';
import { loadAnalysis } from './loadAnalysis.ts';

export const GRAPH_USAGE = `Usage: accessgraph graph (--manifests PATH ... | --demo) [options]

The access graph as JSON: {"namespaces","nodes","edges","diagnostics"}. Edges are aggregated
per workload pair with a verdict per port; ports every workload reaches unrestricted are
summarised on the destination node (openToAll) instead of drawn as edges.

${SOURCE_HELP}

Options:
  -o, --format json          the only format (default)
  --include-open             also draw the edges of ports open to all
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
  parseFormat(values.format, ['json'] as const, 'json');
  const source = parseSource(values);
  const analysis = await loadAnalysis(source, { cwd: io.cwd, limits: parseInputLimits(values), linkerdDefaultPolicy: parseDefaultPolicy(values['linkerd-default-policy']), ...parseOutsideOptions(values) });
  await writeChunks(io.stdout, graphJson(analysis.graph({ includeOpen: values['include-open'] === true })));
  return 0;
};
