/**
 * The dashboard: toolbar, graph, legend, side panel, findings, "can X reach Y". View state is
 * the URL; data comes from the API through TanStack Query; live updates via SSE.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Core } from 'cytoscape';
import { useGraph, useLiveUpdates, useSnapshot } from './api/queries.ts';
import type { Flow } from './graph/elementData.ts';
import { GraphView } from './graph/GraphView.tsx';
import { COLLAPSE_THRESHOLD, collapsedNamespaces, toElements } from './graph/toElements.ts';
import { mergeGraphs, overviewElements, overviewNamespaces, overviewWorkloads } from './graph/overview.ts';
import { useDiagnostics, useNamespaceGraphs, useOverview, usePrefetchNamespace } from './graph/overviewQueries.ts';
import { OverviewNamespacePanel, OverviewPairPanel } from './graph/OverviewPanels.tsx';
import { apiFetch, apiFetchText } from './api/client.ts';
import type { GraphResponse } from './graph/graphTypes.ts';
import { collapsedForExport, csvSidecar, edgesInView, edgesJson, exportFileName, graphCsvPath, type ExportMeta } from './graph/exportHeader.ts';
import { csvRecordCount } from '@accessgraph/model';
import { download, exportPng, exportSvg } from './graph/exportImage.ts';
import { fetchReport } from './api/report.ts';
import { describeFilters, graphQuery, parseView, serializeView, type ViewState } from './state/viewState.ts';
import { inputErrors, staleSources } from './state/freshness.ts';
import { cliSource } from './state/cliSource.ts';
import { filterByPortName, parsePortFilter } from './state/portFilter.ts';
import { SnapshotAge } from './panels/SnapshotAge.tsx';
import { EXPORT_LABELS, Toolbar, type ExportKind } from './panels/Toolbar.tsx';
import { Legend } from './panels/Legend.tsx';
import { SidePanel } from './panels/SidePanel.tsx';
import { FindingsPanel } from './panels/FindingsPanel.tsx';
import { CheckPanel } from './panels/CheckPanel.tsx';
import { MatrixView } from './matrix/MatrixView.tsx';
import { ViewBar } from './matrix/ViewBar.tsx';
import { useShown, useViewMode } from './matrix/useViewMode.ts';

function useView(): [ViewState, (next: Partial<ViewState> | ((v: ViewState) => Partial<ViewState>)) => void] {
  const [view, setView] = useState(() => parseView(window.location.search));
  useEffect(() => {
    const onPop = () => setView(parseView(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  // `next` may be a function of the view at the time the update applies (an expansion that
  // waited for its graph must not undo what changed meanwhile).
  const update = useCallback((next: Partial<ViewState> | ((v: ViewState) => Partial<ViewState>)) => {
    setView((v) => {
      const merged = { ...v, ...(typeof next === 'function' ? next(v) : next) };
      window.history.replaceState(null, '', `${window.location.pathname}${serializeView(merged)}`);
      return merged;
    });
  }, []);
  return [view, update];
}

/**
 * A map from these entries that keeps its identity while the keys and values (by identity) are
 * the same (React's "information from previous renders": state adjusted during render).
 */
function useStableMap<K, V>(entries: readonly (readonly [K, V])[]): ReadonlyMap<K, V> {
  const [map, setMap] = useState<ReadonlyMap<K, V>>(() => new Map(entries));
  const same = map.size === entries.length && entries.every(([k, v]) => map.has(k) && map.get(k) === v);
  if (same) return map;
  const next = new Map(entries);
  setMap(next);
  return next;
}

export function App() {
  const [view, update] = useView();
  const query = graphQuery(view);
  // Overview first (issue 16): the namespace overview decides. Above COLLAPSE_THRESHOLD workloads
  // the graph is the overview plus the graphs of the expanded namespaces (never the full edge
  // list); a focus draws its namespace's graph; small clusters, a port-name filter (resolved in
  // the browser) and a server without /api/v1/overview get the full graph as before.
  // Graph or matrix (the URL's, else the matrix above 3,000 workloads): the graph is loaded only where it is used.
  const viewMode = useViewMode(view);
  const overview = useOverview(query);
  const portFilter = parsePortFilter(view.port ?? '');
  const portName = portFilter.ok && portFilter.filter?.kind === 'name' ? portFilter.filter.name : null;
  const big = !!overview.data && overviewWorkloads(overview.data) > COLLAPSE_THRESHOLD && !portName;
  const mode: 'wait' | 'full' | 'overview' | 'focus' = overview.isError ? 'full' : !overview.data ? 'wait' : !big ? 'full' : view.focus ? 'focus' : 'overview';
  const expandedNs = useMemo(
    () => (mode === 'overview' ? [...new Set(view.expanded)].filter((ns) => !view.collapsed.includes(ns)).sort() : mode === 'focus' ? [view.focus!.split('/')[0]!] : []),
    [mode, view.expanded, view.collapsed, view.focus],
  );
  // The overview's findings come from /api/v1/diagnostics; a focus shows its namespace graph's own.
  const parts = useNamespaceGraphs(expandedNs, query, mode !== 'overview');
  // Before an expansion: hovering a namespace box, selecting it (the first click of a
  // double-click) or double-clicking it starts the request (overviewQueries.ts).
  const { prefetch: prefetchNamespace, fetch: fetchNamespace } = usePrefetchNamespace(query, mode !== 'overview');
  // Asked once the first screen is up (a timer set after the render that drew it): at 30,000
  // workloads the findings are 46 MB of JSON, whose download and parse would otherwise hold the
  // first screen.
  const [firstScreenShown, setFirstScreenShown] = useState(false);
  useEffect(() => {
    if (firstScreenShown || mode !== 'overview') return;
    const t = setTimeout(() => setFirstScreenShown(true), 0);
    return () => clearTimeout(t);
  }, [firstScreenShown, mode]);
  const diagnostics = useDiagnostics(mode === 'overview' && firstScreenShown);
  // The matrix at sizes where find expressions apply to every workload needs the whole graph, overview or not.
  const graph = useGraph(query, viewMode.loadGraph && (mode === 'full' || viewMode.mode === 'matrix'));
  const live = useLiveUpdates();
  // A namespace filter narrows the response's namespaces too; the filter's list needs them all:
  // the unfiltered graph (the same query, and cache entry, as no filter at all).
  const unfiltered = useGraph('', view.namespaces.length > 0 && mode === 'full' && viewMode.loadGraph);
  const unfilteredOverview = useOverview('', view.namespaces.length > 0 && mode !== 'full');
  const cy = useRef<Core | null>(null);
  const [checkOpen, setCheckOpen] = useState(false);
  const [highlight, setHighlight] = useState<Flow[]>([]);
  // The whole snapshot (no filter): the source as data, and the counts the banners read.
  const snapshot = useSnapshot();
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = view.theme;
  }, [view.theme]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, select, textarea')) return;
      if (e.key === 'c' && !e.altKey && !e.ctrlKey && !e.metaKey) {
        // The panel focuses its From field while this key is still down: without this the
        // browser would type the "c" into it.
        e.preventDefault();
        setCheckOpen((o) => !o);
      }
      if (e.key === 'Escape') update({ selection: null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [update]);

  // A port NAME is resolved here, per destination, from the nodes' port lists (the API takes numbers).
  const fullData = useMemo(() => (graph.data && portName ? filterByPortName(graph.data, portName) : graph.data), [graph.data, portName]);
  // useQueries returns a fresh array every render: the map keeps its identity while its content
  // (each namespace's response object) is the same, so expanding a namespace whose graph has not
  // arrived yet, or a refetch that returned the same data, rebuilds no elements.
  const expandedGraphs = useStableMap(expandedNs.flatMap((ns, i) => (parts[i]?.data ? [[ns, parts[i].data] as const] : [])));
  // The rest of the app (panels, search, exports) reads a GraphResponse: in the overview, the
  // expanded namespaces' workloads and edges, every namespace, and every finding.
  const data: GraphResponse | undefined = useMemo(() => {
    if (mode === 'full') return fullData;
    if (mode === 'focus') return expandedGraphs.get(expandedNs[0]!);
    if (mode !== 'overview' || !overview.data) return undefined;
    const m = mergeGraphs([...expandedGraphs.values()]);
    return { snapshot: overview.data.snapshot, namespaces: overviewNamespaces(overview.data), nodes: m.nodes, edges: m.edges, diagnostics: diagnostics.data?.diagnostics ?? [] };
  }, [mode, fullData, expandedGraphs, expandedNs, overview.data, diagnostics.data]);
  // Only what toElements reads: a selection or theme change must not rebuild the elements.
  // The sensitive setting and find/hide expression of the URL (matrix/useViewMode.ts).
  const { shown, sensitiveError } = useShown(data, view);
  const { collapsed, expanded, focus } = view;
  const layoutView = useMemo(() => ({ collapsed, expanded, focus }), [collapsed, expanded, focus]);
  const matrixShown = useShown(viewMode.mode === 'matrix' ? graph.data : undefined, view);
  // The overview's elements do not read `shown`: a change of it (the findings arriving) must not rebuild them.
  const graphShown = mode === 'overview' ? undefined : shown;
  // The overview's elements do not read the collapsed/expanded lists either (expandedGraphs
  // holds what is drawn expanded): toggling a namespace rebuilds nothing until its graph is here.
  const fullLayoutView = mode === 'overview' ? null : layoutView;
  // Nothing for the graph while the matrix is shown (at 30,000 workloads the overview's ~380,000 pair entries).
  const drawsGraph = viewMode.mode !== 'matrix';
  const elements = useMemo(
    () => (!drawsGraph ? [] : mode === 'overview' && overview.data ? overviewElements(overview.data, expandedGraphs) : graphShown && fullLayoutView ? toElements(graphShown, fullLayoutView) : []),
    [drawsGraph, mode, overview.data, expandedGraphs, graphShown, fullLayoutView],
  );
  // The selected edge's data: what the panels show of it (its API edges, or its namespace pair).
  const selectedEdge = useMemo(() => {
    const sel = view.selection;
    if (sel?.kind !== 'edge') return undefined;
    for (const e of elements) if (e.group === 'edges' && e.data.id === sel.id) return e.data;
    return undefined;
  }, [elements, view.selection]);
  const allNamespaces = useMemo(() => {
    const listed = mode === 'full' ? (view.namespaces.length > 0 ? unfiltered.data?.namespaces : data?.namespaces) : (view.namespaces.length > 0 ? unfilteredOverview.data : overview.data)?.namespaces;
    const names = new Set([...(listed ?? []).map((n) => n.name), ...view.namespaces]);
    return [...names].sort();
  }, [mode, data, unfiltered.data, overview.data, unfilteredOverview.data, view.namespaces]);
  const workloadIds = useMemo(() => data?.nodes.map((n) => n.id) ?? [], [data]);
  const selectedNs = mode === 'overview' && view.selection?.kind === 'namespace' && !expandedNs.includes(view.selection.id) ? view.selection.id : null;
  useEffect(() => {
    if (selectedNs) prefetchNamespace(selectedNs);
  }, [selectedNs, prefetchNamespace]);

  const selectWorkload = useCallback((id: string) => update({ selection: { kind: 'workload', id } }), [update]);
  // Overview expansions asked for whose graph has not arrived yet.
  const pendingExpansions = useRef(new Set<string>());
  const toggleNamespace = (ns: string) => {
    if (!data) return;
    const expand = (v: ViewState) => ({ collapsed: v.collapsed.filter((x) => x !== ns), expanded: [...new Set([...v.expanded, ns])] });
    const collapse = (v: ViewState) => ({ collapsed: [...new Set([...v.collapsed, ns])], expanded: v.expanded.filter((x) => x !== ns) });
    if (mode === 'overview') {
      // A second double-click before the graph arrived: the expansion is called off.
      if (pendingExpansions.current.delete(ns)) return;
      if (expandedNs.includes(ns)) return update(collapse);
      // The view (URL) changes once the namespace's graph is here (at once when a hover or a
      // click prefetched it): one render draws the expansion, instead of a render of the whole
      // dashboard for the URL first, while the request is under way, and another for the graph.
      // A failed request expands too: the namespace's query then shows its error.
      pendingExpansions.current.add(ns);
      void fetchNamespace(ns).finally(() => {
        if (pendingExpansions.current.delete(ns)) update(expand);
      });
      return;
    }
    update(collapsedNamespaces(data, view).has(ns) ? expand : collapse);
  };

  const exportAs = async (kind: ExportKind) => {
    if (!data) return;
    // In the overview every namespace not expanded is drawn as one box: the legend names them as collapsed.
    const meta: ExportMeta = { source: data.snapshot.source, takenAt: data.snapshot.takenAt, filters: describeFilters(view), exportedAt: new Date().toISOString(), collapsed: mode === 'overview' && overview.data ? overview.data.namespaces.map((n) => n.name).filter((ns) => !expandedNs.includes(ns)) : collapsedForExport(data, view) };
    // The workload-level edges the filters select, including those a collapsed namespace hides
    // (the overview holds only its expanded namespaces': the full graph is fetched for the file).
    if (kind === 'report') download(exportFileName(meta, 'report', 'html'), await fetchReport(), 'text/html');
    else if (kind === 'csv') {
      // The server writes the rows (with the deciding rules); its provenance goes in the sidecar.
      const { text, headers } = await apiFetchText(graphCsvPath(query, view, data));
      const name = exportFileName(meta, 'edges', 'csv');
      download(name, text, 'text/csv');
      download(`${name}.json`, csvSidecar(headers.get('x-accessgraph-provenance'), meta, csvRecordCount(text)), 'application/json');
    } else if (kind === 'json') download(exportFileName(meta, 'edges', 'json'), edgesJson(edgesInView(mode === 'overview' ? await apiFetch<GraphResponse>(`/api/v1/graph${query}`) : data, view), meta), 'application/json');
    else if (!cy.current) throw new Error('the graph is not drawn yet');
    else if (kind === 'svg') download(exportFileName(meta, 'full', 'svg'), exportSvg(cy.current, meta, view.theme), 'image/svg+xml');
    else download(exportFileName(meta, kind === 'png-full' ? 'full' : 'view', 'png'), await exportPng(cy.current, meta, kind === 'png-full', view.theme), 'image/png');
  };
  const exportDisabled = !data ? (graph.isError ? 'Nothing to export: the graph could not be loaded' : 'Nothing to export yet: the graph is loading') : (mode === 'overview' ? overviewWorkloads(overview.data!) : data.nodes.length) === 0 ? 'Nothing to export: no workloads in view (source and filters)' : null;

  const cli = useMemo(() => (snapshot.data ? cliSource(snapshot.data.origin, snapshot.data.snapshot.source) : ({ ok: false, note: 'The source is not known yet (the snapshot is loading).' } as const)), [snapshot.data]);
  const stale = data?.snapshot.stale;
  // Over every finding (thousands at 10,000 workloads): once per list, not on every render.
  const diagnosticsNow = data?.diagnostics;
  const badInput = useMemo(() => (diagnosticsNow ? inputErrors(diagnosticsNow) : []), [diagnosticsNow]);
  const staleParts = useMemo(() => (diagnosticsNow && !stale ? staleSources(diagnosticsNow) : []), [diagnosticsNow, stale]);
  const unknownLayers = data ? (['l4', 'l7'] as const).filter((l) => data.snapshot.layers[l].state === 'unknown') : [];
  const ov = mode === 'overview' ? overview.data : undefined;
  // Once per overview, not on every render (350,762 pairs at 30,000 workloads).
  const crossPairs = useMemo(() => (ov ? ov.pairs.reduce((n, p) => n + (p.from !== p.to ? 1 : 0), 0) : 0), [ov]);
  // Said of the whole snapshot, not of the filtered view: a namespace filter must not make
  // "no workload is meshed" true of a meshed cluster.
  const counts = snapshot.data?.counts;
  const noMesh = counts?.noMesh === true;
  const noPolicies = counts?.noPolicies === true;

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#graph"
        data-testid="skip-to-graph"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('graph')?.focus();
        }}
      >
        Skip to graph
      </a>
      <Toolbar view={view} namespaces={allNamespaces} workloads={workloadIds} onChange={update} onExport={(k) => {
          setExportError(null);
          // An export that fails says so: an auditor must not believe a file was saved.
          exportAs(k).catch((err: unknown) => setExportError(`${EXPORT_LABELS[k]} export failed: ${err instanceof Error ? err.message : String(err)}`));
        }} exportDisabled={exportDisabled} onOpenCheck={() => setCheckOpen(true)} />
      <ViewBar view={view} mode={viewMode.mode} onChange={update} sensitiveError={sensitiveError} />
      <main className="main">
        <div className="graph-area">
          <div className="banners" aria-live="polite">
            {graph.isError && <p className="banner banner-error" role="alert">Could not load the graph: {graph.error.message}</p>}
            {exportError && (
              <p className="banner banner-error" role="alert" data-testid="banner-export-error">
                {exportError}{' '}
                <button type="button" onClick={() => setExportError(null)} aria-label="Dismiss the export error">
                  Dismiss
                </button>
              </p>
            )}
            {badInput.length > 0 && (
              <div className="banner banner-error" role="alert" data-testid="banner-input-errors">
                <p>
                  {badInput.length === 1 ? 'One input could not be used' : `${badInput.length} inputs could not be used`}: the policies in it are not evaluated. Verdicts about the workloads they concern show as unknown where the server can tell which those are; otherwise they are computed as if those policies did not exist (a NetworkPolicy that did not parse isolates nothing). Fix the input before trusting this graph.
                </p>
                <ul>
                  {badInput.slice(0, 5).map((d, i) => (
                    <li key={i}>
                      <strong>{d.code}</strong> {d.where}: {d.message}
                    </li>
                  ))}
                  {badInput.length > 5 && <li>… and {badInput.length - 5} more in Findings.</li>}
                </ul>
              </div>
            )}
            {stale && (
              <p className="banner banner-warning" data-testid="banner-stale">
                The source is not answering: showing the last snapshot, {data?.snapshot.staleForSeconds ?? '?'} s old.
              </p>
            )}
            {staleParts.map((p, i) => (
              <p key={`stale-${i}`} className="banner banner-warning" data-testid="banner-stale-part">
                Part of the source is stale: {p.message}.
              </p>
            ))}
            {unknownLayers.map((l) => (
              <p key={l} className="banner banner-warning" data-testid={`banner-unknown-${l}`}>
                {l === 'l4' ? 'NetworkPolicy (L4)' : 'Linkerd policy (L7)'} could not be read: {data?.snapshot.layers[l].reason}. Its verdicts show as unknown.
              </p>
            ))}
            {noMesh && !noPolicies && (
              <p className="banner banner-info" data-testid="banner-no-mesh">
                No workload is meshed (Linkerd not installed, or no proxy injected): L7 is n/a for every flow and NetworkPolicy is the only layer.
              </p>
            )}
            {noPolicies && <p className="banner banner-info">No NetworkPolicy isolates anything and no Linkerd authorization grants anything: every flow is open. Add policies, or check that Linkerd's CRDs are installed.</p>}
          </div>
          {viewMode.mode === 'matrix' ? (
            <MatrixView view={view} onChange={update} graph={viewMode.loadGraph ? (matrixShown.shown ?? null) : null} expr={matrixShown.expr} apiQuery={query} />
          ) : data && !ov && data.nodes.length === 0 ? (
            <div className="empty" data-testid="empty-state">
              <h2>No workloads found</h2>
              <p>The source ({data.snapshot.source}) holds no Deployments, StatefulSets, DaemonSets, Jobs, CronJobs or Pods. Point accessgraph at manifests (--manifests) or a cluster (--kubeconfig).</p>
            </div>
          ) : (
            <GraphView
              elements={elements}
              theme={view.theme}
              selection={view.selection}
              changed={live.changed}
              highlight={highlight}
              focus={view.focus}
              onSelect={(selection) => update({ selection })}
              onReady={(c) => (cy.current = c)}
              overview={mode === 'overview'}
              onToggleNamespace={toggleNamespace}
              onHoverNamespace={mode === 'overview' ? prefetchNamespace : undefined}
            />
          )}
          <Legend />
          {data && (
            <p className="snapshot" data-testid="snapshot">
              {data.snapshot.source} · v{data.snapshot.version} · taken <SnapshotAge takenAt={data.snapshot.takenAt} /> ({data.snapshot.takenAt}) ·{' '}
              {ov
                ? `${overviewWorkloads(ov)} workloads in ${ov.namespaces.length} namespaces, ${crossPairs} namespace pairs with flows (overview${expandedNs.length ? `; ${expandedNs.length} expanded: ${data.nodes.filter((n) => expandedNs.includes(n.namespace)).length} workloads, ${data.edges.length} edges touching them` : ': hover or select a namespace for its flows, double-click to expand'})`
                : `${data.nodes.length} workloads, ${data.edges.length} edges`}{' '}
              {live.connected ? '· live' : ''}
            </p>
          )}
        </div>
        <aside className="side" aria-label="Details">
          {checkOpen && <CheckPanel workloads={workloadIds} source={cli} onFlow={setHighlight} initialFrom={view.selection?.kind === 'workload' ? view.selection.id : undefined} />}
          {ov && view.selection?.kind === 'namespace' ? (
            <OverviewNamespacePanel overview={ov} name={view.selection.id} expanded={expandedNs.includes(view.selection.id)} onToggle={toggleNamespace} />
          ) : ov && selectedEdge?.kind === 'pair' ? (
            <OverviewPairPanel overview={ov} pair={selectedEdge} />
          ) : (
            data && <SidePanel selection={view.selection} graph={data} edge={selectedEdge} onFocus={(id) => update({ focus: id })} onToggleNamespace={toggleNamespace} />
          )}
          <h2>Findings</h2>
          {mode === 'overview' && diagnostics.isError ? (
            <p className="banner banner-error" role="alert" data-testid="findings-error">
              Could not load the findings: {diagnostics.error.message}
            </p>
          ) : mode === 'overview' && !diagnostics.data ? (
            <p className="muted" data-testid="findings-loading">
              Loading the findings…
            </p>
          ) : (
            data && <FindingsPanel diagnostics={data.diagnostics} onSelectWorkload={selectWorkload} onHighlight={setHighlight} />
          )}
        </aside>
      </main>
    </div>
  );
}
