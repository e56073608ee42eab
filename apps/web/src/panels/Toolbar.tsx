/**
 * Filters (namespaces, layer, classes, port, open flows), search-and-focus, exports, theme.
 * Every control writes the view state, which lives in the URL.
 */
import { useState } from 'react';
import { EDGE_CLASSES, type EdgeClass } from '@accessgraph/model';
import { EDGE_LOOKS } from '../graph/edgeClasses.ts';
import type { ViewState } from '../state/viewState.ts';
import { resolveWorkloadSearch } from '../state/workloadSearch.ts';
import { parsePortFilter } from '../state/portFilter.ts';
import { NamespaceFilter } from './NamespaceFilter.tsx';

export interface ToolbarProps {
  view: ViewState;
  namespaces: string[];
  workloads: string[];
  onChange(next: Partial<ViewState>): void;
  onExport(kind: ExportKind): void;
  /** Why the export buttons are disabled (no graph, no workloads); null when they work. */
  exportDisabled?: string | null;
  onOpenCheck(): void;
}

/** The export buttons: kind and test id, in toolbar order. */
const EXPORT_BUTTONS = [
  ['png-view', 'export-png-view'],
  ['png-full', 'export-png'],
  ['svg', 'export-svg'],
  ['csv', 'export-csv'],
  ['json', 'export-json'],
  ['report', 'export-report'],
] as const;

export type ExportKind = (typeof EXPORT_BUTTONS)[number][0];

/** What each export is called, on its button and in messages about it. */
export const EXPORT_LABELS: Record<ExportKind, string> = { 'png-view': 'PNG (view)', 'png-full': 'PNG (full)', svg: 'SVG', csv: 'CSV', json: 'JSON', report: 'Audit report' };

/** Exports of the whole snapshot (the audit report): the view's filters do not empty them. */
const SNAPSHOT_EXPORTS: readonly ExportKind[] = ['report'];

export function Toolbar({ view, namespaces, workloads, onChange, onExport, exportDisabled = null, onOpenCheck }: ToolbarProps) {
  const [search, setSearch] = useState(view.focus ?? '');
  const [searchError, setSearchError] = useState<string | null>(null);
  const [portError, setPortError] = useState<string | null>(null);
  const applyPort = (text: string) => {
    const parsed = parsePortFilter(text);
    if (!parsed.ok) return setPortError(parsed.message);
    setPortError(null);
    onChange({ port: parsed.filter?.text ?? null });
  };
  const toggleClass = (c: EdgeClass) => onChange({ classes: view.classes.includes(c) ? view.classes.filter((x) => x !== c) : [...view.classes, c] });
  return (
    <header className="toolbar" role="toolbar" aria-label="Graph controls">
      <strong className="brand">accessgraph</strong>
      <NamespaceFilter namespaces={namespaces} selected={view.namespaces} onChange={(next) => onChange({ namespaces: next })} />
      <fieldset className="classes">
        <legend>Classes</legend>
        {EDGE_CLASSES.map((c) => (
          <label key={c} className={`chip chip-${c}`}>
            <input type="checkbox" checked={view.classes.includes(c)} onChange={() => toggleClass(c)} data-testid={`filter-class-${c}`} />
            {EDGE_LOOKS[c].label}
          </label>
        ))}
      </fieldset>
      <label>
        Layer
        <select value={view.layer ?? ''} aria-label="Layer filter" data-testid="filter-layer" onChange={(e) => onChange({ layer: e.target.value === 'l4' || e.target.value === 'l7' ? e.target.value : null })}>
          <option value="">both</option>
          <option value="l4">L4 (NetworkPolicy)</option>
          <option value="l7">L7 (Linkerd)</option>
        </select>
      </label>
      <label className="port-filter">
        Port
        <input
          size={9}
          placeholder="5432/TCP, http"
          defaultValue={view.port ?? ''}
          aria-label="Port filter (number, number/protocol or port name)"
          aria-invalid={portError ? true : undefined}
          aria-describedby={portError ? 'port-filter-error' : undefined}
          data-testid="filter-port"
          onKeyDown={(e) => e.key === 'Enter' && applyPort((e.target as HTMLInputElement).value)}
        />
        {portError && (
          <span id="port-filter-error" role="alert" className="field-error" data-testid="filter-port-error">
            {portError}
          </span>
        )}
      </label>
      <label>
        <input type="checkbox" checked={view.includeOpen} onChange={(e) => onChange({ includeOpen: e.target.checked })} data-testid="filter-open" />
        Show open flows
      </label>
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (!search.trim()) return (setSearchError(null), onChange({ focus: null }));
          const found = resolveWorkloadSearch(search, workloads);
          if (!found.ok) return setSearchError(found.message);
          setSearchError(null);
          setSearch(found.id);
          onChange({ focus: found.id, selection: { kind: 'workload', id: found.id } });
        }}
      >
        <input list="workload-search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search workload" aria-label="Search a workload to focus" data-testid="search" />
        <datalist id="workload-search">
          {workloads.map((w) => (
            <option key={w} value={w} />
          ))}
        </datalist>
        <button type="submit">Focus</button>
        {searchError && (
          <span role="status" className="search-error" data-testid="search-error">
            {searchError}
          </span>
        )}
        {view.focus && (
          <button type="button" onClick={() => (setSearch(''), onChange({ focus: null }))}>
            Clear focus
          </button>
        )}
      </form>
      <button type="button" onClick={onOpenCheck} title="Can X reach Y? (shortcut: c)" data-testid="open-check">
        Can X reach Y?
      </button>
      <span className="exports" role="group" aria-label="Export" title={exportDisabled ?? undefined}>
        {EXPORT_BUTTONS.map(([kind, testId]) => (
          <button key={kind} type="button" onClick={() => onExport(kind)} data-testid={testId} disabled={exportDisabled != null && !SNAPSHOT_EXPORTS.includes(kind)} title={SNAPSHOT_EXPORTS.includes(kind) ? 'The audit report of the whole snapshot: one HTML file, print-ready (A4)' : (exportDisabled ?? undefined)} aria-describedby={exportDisabled && !SNAPSHOT_EXPORTS.includes(kind) ? 'export-disabled-reason' : undefined}>
            {EXPORT_LABELS[kind]}
          </button>
        ))}
        {exportDisabled && (
          <small id="export-disabled-reason" data-testid="export-disabled-reason">
            {exportDisabled}
          </small>
        )}
      </span>
      <button type="button" aria-label="Toggle dark theme" data-testid="theme" onClick={() => onChange({ theme: view.theme === 'dark' ? 'light' : 'dark' })}>
        {view.theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
