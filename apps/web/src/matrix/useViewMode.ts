/**
 * Which view is in force and what the graph view draws:
 * - the URL's `view`, else the matrix above MATRIX_DEFAULT_ABOVE workloads (counted from
 *   /api/v1/overview, a few hundred bytes per namespace), else the graph;
 * - the workload graph is loaded only for the graph view, or for the matrix at sizes where
 *   find expressions can then apply to every workload;
 * - the sensitive setting and find/hide expression of the URL applied to the loaded graph
 *   (a bad one applies nothing: ViewBar says why).
 */
import { useMemo } from 'react';
import { useOverview } from '../api/overview.ts';
import type { GraphResponse } from '../graph/graphTypes.ts';
import { applyFind, parseFind, type FindExpr } from '../state/findExpr.ts';
import { withSensitive } from '../state/sensitiveSetting.ts';
import type { ViewState } from '../state/viewState.ts';
import { MATRIX_DEFAULT_ABOVE } from './matrixModel.ts';

export function useViewMode(view: ViewState): { mode: 'graph' | 'matrix' | null; loadGraph: boolean; workloads: number | undefined } {
  const sizing = useOverview('', view.mode !== 'graph');
  const workloads = sizing.data?.namespaces.reduce((n, ns) => n + ns.workloads, 0);
  const auto = sizing.isError ? 'graph' : workloads === undefined ? null : workloads > MATRIX_DEFAULT_ABOVE ? 'matrix' : 'graph';
  const mode = view.mode ?? auto;
  const loadGraph = mode === 'graph' || (mode === 'matrix' && workloads !== undefined && workloads <= MATRIX_DEFAULT_ABOVE);
  return { mode, loadGraph, workloads };
}

export function useShown(data: GraphResponse | undefined, view: ViewState): { shown: GraphResponse | undefined; expr: FindExpr | null; sensitiveError: string | null } {
  const parsed = useMemo(() => (view.find ? parseFind(view.find) : null), [view.find]);
  const expr = parsed?.ok ? parsed.expr : null;
  const flagged = useMemo(() => (data ? withSensitive(data, view.sensitive) : { graph: undefined, error: null }), [data, view.sensitive]);
  const shown = useMemo(() => (flagged.graph && expr ? applyFind(flagged.graph, expr) : flagged.graph), [flagged.graph, expr]);
  return { shown, expr, sensitiveError: flagged.error };
}
