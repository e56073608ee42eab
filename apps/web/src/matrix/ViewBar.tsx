/**
 * Under the toolbar: the Graph | Matrix switch, the find/hide expression and the sensitive
 * workloads setting. All three live in the URL. A bad expression or selector is a message next
 * to its field; what is on screen stays.
 */
import { useState } from 'react';
import type { ViewState } from '../state/viewState.ts';
import { parseFind } from '../state/findExpr.ts';
import { parseSelectorString } from '@accessgraph/model';

export interface ViewBarProps {
  view: ViewState;
  /** The view in force (the URL's, or the default for the cluster's size). */
  mode: 'graph' | 'matrix' | null;
  onChange(next: Partial<ViewState>): void;
  /** Why the sensitive setting could not be used (from the data side), if so. */
  sensitiveError?: string | null;
}

export function ViewBar({ view, mode, onChange, sensitiveError }: ViewBarProps) {
  const [find, setFind] = useState(view.find ?? '');
  const [sensitive, setSensitive] = useState(view.sensitive ?? '');
  const [typedError, setTypedError] = useState<string | null>(null);
  // A new find text in the URL (back/forward, a link) replaces what is typed: adjusted while
  // rendering, as React's "you might not need an effect" describes, not in an effect.
  const [urlFind, setUrlFind] = useState(view.find);
  if (urlFind !== view.find) {
    setUrlFind(view.find);
    setFind(view.find ?? '');
  }
  const urlParse = view.find ? parseFind(view.find) : null;
  const findError = typedError ?? (urlParse && !urlParse.ok ? `${urlParse.message} (not applied)` : null);
  const applyFind = (text: string) => {
    const r = parseFind(text);
    if (!r.ok) return setTypedError(r.message);
    setTypedError(null);
    onChange({ find: r.expr.terms.length ? r.expr.text : null });
  };
  const [selError, setSelError] = useState<string | null>(null);
  const applySensitive = (text: string) => {
    if (!text.trim()) return (setSelError(null), onChange({ sensitive: null }));
    const r = parseSelectorString(text);
    if (!r.ok) return setSelError(r.message);
    setSelError(null);
    onChange({ sensitive: text.trim() });
  };
  const shownSelError = selError ?? sensitiveError ?? null;
  return (
    <div className="viewbar" role="group" aria-label="View, find and hide">
      <span className="view-switch" role="group" aria-label="View">
        {(['graph', 'matrix'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} data-testid={`view-${m}`} onClick={() => onChange({ mode: m })}>
            {m === 'graph' ? 'Graph' : 'Matrix'}
          </button>
        ))}
      </span>
      <form
        className="find"
        onSubmit={(e) => {
          e.preventDefault();
          applyFind(find);
        }}
      >
        <label>
          Find
          <input
            value={find}
            size={34}
            onChange={(e) => setFind(e.target.value)}
            placeholder="to:sensitive class:l4-only -ns:kube-system"
            aria-label="Find and hide expression"
            aria-invalid={findError ? true : undefined}
            aria-describedby="find-help find-error"
            data-testid="find"
          />
        </label>
        <button type="submit">Apply</button>
        {view.find && (
          <button type="button" onClick={() => (setFind(''), setTypedError(null), onChange({ find: null }))}>
            Clear
          </button>
        )}
        <small id="find-help" className="muted">
          from: to: w: ns: class: port:, values a,b · -term hides
        </small>
        {findError && (
          <span id="find-error" role="alert" className="field-error" data-testid="find-error">
            {findError}
          </span>
        )}
      </form>
      <form
        className="sensitive-setting"
        onSubmit={(e) => {
          e.preventDefault();
          applySensitive(sensitive);
        }}
      >
        <label>
          Sensitive
          <input
            value={sensitive}
            size={22}
            onChange={(e) => setSensitive(e.target.value)}
            placeholder="server default"
            aria-label="Sensitive workloads: a label selector, e.g. app in (postgresql,minio); empty for the server's choice"
            aria-invalid={shownSelError ? true : undefined}
            data-testid="sensitive-setting"
          />
        </label>
        {shownSelError && (
          <span role="alert" className="field-error" data-testid="sensitive-error">
            {shownSelError}
          </span>
        )}
      </form>
    </div>
  );
}
