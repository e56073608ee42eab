/**
 * The façade: one Analysis per snapshot. Builds the workload table and both layer
 * evaluators once, then answers single flows (with reasons), the matrix and the graph, and
 * carries every diagnostic — input, evaluator and cross-layer — in one sorted list.
 */
import { diagnosticList, type Diagnostic } from '../diagnostics.ts';
import type { Inventory } from '../k8s/types.ts';
import { buildL4Evaluator } from '../l4/buildL4Evaluator.ts';
import { buildL7Evaluator } from '../l7/buildL7Evaluator.ts';
import { WorkloadTable } from '../selectors/workloadTable.ts';
import { combineAllowed, protectionOf } from '../verdict/combine.ts';
import type { Cell, Flow } from '../verdict/types.ts';
import { buildGraph, declaredPorts, type GraphOptions } from '../graph/buildGraph.ts';
import type { Graph } from '../graph/types.ts';
import { crossLayerFindings } from './crossLayerFindings.ts';
import { sortDiagnostics } from './sortDiagnostics.ts';
import type { Analysis, AnalyzeOptions, CheckResult, Matrix, MatrixWorkload, PortSpec } from './types.ts';

export interface AnalyzeInput extends AnalyzeOptions {
  /** Diagnostics from parsing and inventory building, carried into the result. */
  inputDiagnostics?: Diagnostic[];
}

export function analyze(source: Inventory, options: AnalyzeInput = {}): Analysis {
  const inventory: Inventory = options.layers
    ? { ...source, layers: { l4: options.layers.l4 ?? source.layers.l4, l7: options.layers.l7 ?? source.layers.l7 } }
    : source;
  const table = new WorkloadTable(inventory.workloads, inventory.namespaces);
  const sink = diagnosticList();
  const l4 = buildL4Evaluator(inventory, table, sink);
  const l7 = buildL7Evaluator(inventory, table, sink, { linkerdDefaultPolicy: options.linkerdDefaultPolicy });
  crossLayerFindings({ inventory, table, l4, l7 }, sink);
  const diagnostics = sortDiagnostics([...(options.inputDiagnostics ?? []), ...sink.items]);

  const cellAt = (from: number, to: number, port: number, protocol: Flow['protocol']): Cell => {
    const r4 = l4.explain(from, to, port, protocol);
    const r7 = l7.explain(from, to, port, protocol);
    return {
      from: table.at(from).id,
      to: table.at(to).id,
      port,
      protocol,
      l4Port: r4.l4Port,
      l4: r4.verdict,
      l7: r7.verdict,
      allowed: combineAllowed(r4.verdict, r7.verdict),
      protection: protectionOf(r4.verdict, r7.verdict),
      reasons: { l4: r4.reasons, l7: r7.reasons },
    };
  };

  function check(flow: Flow): CheckResult {
    const from = table.indexOf(flow.from);
    const to = table.indexOf(flow.to);
    if (from === undefined) return { ok: false, error: `no workload ${flow.from}` };
    if (to === undefined) return { ok: false, error: `no workload ${flow.to}` };
    if (!Number.isInteger(flow.port) || flow.port < 1 || flow.port > 65535) return { ok: false, error: `port ${flow.port} is not in 1-65535` };
    return { ok: true, cell: cellAt(from, to, flow.port, flow.protocol) };
  }

  function* cells(ports?: PortSpec[]): Iterable<Cell> {
    for (let to = 0; to < table.size; to++) {
      const destinationPorts = ports ?? declaredPorts(table.at(to));
      for (let from = 0; from < table.size; from++) {
        if (from === to) continue;
        for (const p of destinationPorts) yield cellAt(from, to, p.port, p.protocol);
      }
    }
  }

  const workloads = (): MatrixWorkload[] =>
    inventory.workloads.map((w) => ({ id: w.id, namespace: w.namespace, name: w.name, kind: w.kind, meshed: w.meshed, serviceAccount: w.serviceAccount }));

  const graphs = new Map<boolean, Graph>();
  function graph(graphOptions: GraphOptions = {}): Graph {
    const key = graphOptions.includeOpen === true;
    let g = graphs.get(key);
    if (!g) {
      g = { ...buildGraph(table, l4, l7, graphOptions), diagnostics };
      graphs.set(key, g);
    }
    return g;
  }

  return {
    inventory,
    table,
    diagnostics,
    check,
    cells,
    matrix: (ports?: PortSpec[]): Matrix => ({ workloads: workloads(), cells: [...cells(ports)], diagnostics }),
    workloads,
    graph,
  };
}
