/**
 * SourceState → Analysis: the model's two steps (inventory, then analysis), with the layers
 * the source could not read passed through so they come out `unknown`, never open or deny.
 */
import { analyze, buildInventory, type Analysis, type DefaultInboundPolicy } from '@accessgraph/model';
import type { SourceState } from '../sources/source.ts';

export interface AnalyzeStateOptions {
  /** `--linkerd-default-policy`: overrides the cluster default inbound policy. */
  linkerdDefaultPolicy?: DefaultInboundPolicy;
}

export function analyzeState(state: SourceState, options: AnalyzeStateOptions = {}): Analysis {
  const built = buildInventory(state.objects, { layers: state.layers });
  return analyze(built.inventory, {
    layers: state.layers,
    ...(options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {}),
    inputDiagnostics: [...state.diagnostics, ...built.diagnostics],
  });
}
