/**
 * SourceState → Analysis for a one-shot read (the CLI's commands): the model's two steps
 * (inventory, then analysis), with the layers the source could not read passed through so they
 * come out `unknown`, never open or deny. The server's watching sources go through the model's
 * index instead (snapshotStore.ts).
 */
import { analyze, buildInventory, type Analysis, type Cidr, type DefaultInboundPolicy, type LabelSelector } from '@accessgraph/model';
import type { SourceState } from '../sources/source.ts';

export interface AnalyzeStateOptions {
  /** `--linkerd-default-policy`: overrides the cluster default inbound policy. */
  linkerdDefaultPolicy?: DefaultInboundPolicy;
  /** `--sensitive`. */
  sensitive?: LabelSelector;
  /** --cluster-networks / --external (issue 17). */
  clusterNetworks?: Cidr[];
  externals?: Cidr[];
}

export function analyzeState(state: SourceState, options: AnalyzeStateOptions = {}): Analysis {
  const built = buildInventory(state.objects, { layers: state.layers });
  const inventory = state.unknownScopes?.length ? { ...built.inventory, unknownScopes: [...built.inventory.unknownScopes, ...state.unknownScopes] } : built.inventory;
  return analyze(inventory, {
    layers: state.layers,
    ...(options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {}),
    ...(options.sensitive ? { sensitive: options.sensitive } : {}),
    ...(options.clusterNetworks ? { clusterNetworks: options.clusterNetworks } : {}),
    ...(options.externals ? { externals: options.externals } : {}),
    inputDiagnostics: [...state.diagnostics, ...built.diagnostics],
  });
}
