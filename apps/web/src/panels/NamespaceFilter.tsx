/**
 * The namespace filter: a button that opens a searchable checkbox list (a filter box, "All" and
 * "None", one checkbox per namespace). Checked namespaces are the filter; none checked means no
 * namespace filter (every namespace is shown), and the button says so.
 */
import { useEffect, useRef, useState } from 'react';

export function matchingNamespaces(all: readonly string[], text: string): string[] {
  const t = text.trim().toLowerCase();
  return t ? all.filter((n) => n.toLowerCase().includes(t)) : [...all];
}

export function NamespaceFilter({ namespaces, selected, onChange }: { namespaces: string[]; selected: string[]; onChange(next: string[]): void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  const shown = matchingNamespaces(namespaces, text);
  const chosen = new Set(selected);
  const summary = selected.length === 0 ? 'all' : selected.length === 1 ? selected[0] : `${selected.length} of ${namespaces.length}`;
  return (
    <div className="ns-filter" ref={root} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setOpen(false))}>
      <button type="button" aria-expanded={open} aria-controls="ns-filter-list" data-testid="filter-namespaces" onClick={() => setOpen((o) => !o)}>
        Namespaces: {summary} ▾
      </button>
      {open && (
        <div className="ns-filter-popup" id="ns-filter-list" role="group" aria-label="Namespaces filter">
          <input type="search" autoFocus value={text} onChange={(e) => setText(e.target.value)} placeholder={`Filter ${namespaces.length} namespaces`} aria-label="Filter the namespace list" data-testid="filter-namespaces-search" />
          <div className="ns-filter-actions">
            <button type="button" data-testid="filter-namespaces-all" onClick={() => onChange([...new Set([...selected, ...shown])].sort())} title={text ? 'Check every namespace the filter box matches' : 'Check every namespace'}>
              All{text ? ' shown' : ''}
            </button>
            <button type="button" data-testid="filter-namespaces-none" onClick={() => onChange(text ? selected.filter((n) => !shown.includes(n)) : [])} title="Uncheck (no namespace checked: every namespace is shown)">
              None{text ? ' shown' : ''}
            </button>
            <small>{selected.length === 0 ? 'none checked: all shown' : `${selected.length} checked`}</small>
          </div>
          <ul className="ns-filter-list">
            {shown.map((n) => (
              <li key={n}>
                <label>
                  <input type="checkbox" checked={chosen.has(n)} data-testid={`filter-ns-${n}`} onChange={() => onChange(chosen.has(n) ? selected.filter((x) => x !== n) : [...selected, n].sort())} />
                  {n}
                </label>
              </li>
            ))}
            {shown.length === 0 && <li className="muted">no namespace matches “{text}”</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
