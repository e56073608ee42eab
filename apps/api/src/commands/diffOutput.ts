/**
 * `diff` for people and programs: text for a terminal, markdown to paste into a PR review
 * (summary line, a table per kind of change, the responsible rules folded in <details>), and
 * JSON. Reasons shown are the after cell's for added and reclassified flows, the before cell's
 * for removed ones. Long lists are cut at `limit` rows per section, saying how many were left.
 */
import { formatDiagnostic, formatReasonSource, type Cell, type CellChange, type CellDiff, type DiagnosticDiff, type Reason } from '@accessgraph/model';

export interface DiffReport {
  /** The inputs as given, e.g. `old/` and `new/`. */
  before: string;
  after: string;
  cells: CellDiff;
  diagnostics: DiagnosticDiff;
  workloads: { added: string[]; removed: string[] };
}

export function diffIsEmpty(r: DiffReport): boolean {
  const { cells, diagnostics, workloads } = r;
  return (
    cells.added.length + cells.removed.length + cells.changed.length + diagnostics.introduced.length + diagnostics.resolved.length + workloads.added.length + workloads.removed.length === 0
  );
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

function kindCounts(changed: readonly CellChange[]): string {
  const counts = new Map<string, number>();
  for (const c of changed) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

/** `3 flows changed: 1 added, 1 removed, 1 reclassified (1 closed); 40 unchanged. Diagnostics: 1 new, 0 resolved.` */
export function diffSummary(r: DiffReport): string {
  const { cells, diagnostics } = r;
  const total = cells.added.length + cells.removed.length + cells.changed.length;
  const kinds = cells.changed.length ? ` (${kindCounts(cells.changed)})` : '';
  const flows =
    total === 0
      ? `No flow changed (${plural(cells.unchanged, 'flow')} compared)`
      : `${plural(total, 'flow')} changed: ${cells.added.length} added, ${cells.removed.length} removed, ${cells.changed.length} reclassified${kinds}; ${cells.unchanged} unchanged`;
  const wl = r.workloads.added.length + r.workloads.removed.length ? ` Workloads: ${r.workloads.added.length} added, ${r.workloads.removed.length} removed.` : '';
  return `${flows}.${wl} Diagnostics: ${diagnostics.introduced.length} new, ${diagnostics.resolved.length} resolved.`;
}

/** `allowed (l4-only)`, `denied`, `unknown` */
export function verdictText(c: Pick<Cell, 'allowed' | 'protection'>): string {
  return c.allowed === true ? `allowed (${c.protection ?? 'none'})` : c.allowed === false ? 'denied' : 'unknown';
}

const flowText = (c: Cell) => `${c.from} → ${c.to} ${c.port}/${c.protocol}`;
const layersText = (c: Cell) => `l4 ${c.l4}, l7 ${c.l7}`;
const change = (a: string, b: string) => (a === b ? a : `${a} → ${b}`);

function reasonText(r: Reason): string {
  const source = formatReasonSource(r);
  return source ? `${r.text} [${source}]` : r.text;
}

function layerReasons(c: Cell): { layer: string; reasons: Reason[] }[] {
  return [
    { layer: 'l4', reasons: c.reasons.l4 },
    { layer: 'l7', reasons: c.reasons.l7 },
  ].filter((x) => x.reasons.length > 0);
}

function limited<T>(items: readonly T[], limit: number): { shown: readonly T[]; left: number } {
  return limit > 0 && items.length > limit ? { shown: items.slice(0, limit), left: items.length - limit } : { shown: items, left: 0 };
}

// ------------------------------------------------------------------ text

function textCell(sign: string, head: string, reasonsOf: Cell): string[] {
  const lines = [`  ${sign} ${head}`];
  for (const { layer, reasons } of layerReasons(reasonsOf)) for (const r of reasons) lines.push(`      ${layer}: ${reasonText(r)}`);
  return lines;
}

export function* diffText(r: DiffReport, limit: number): Generator<string> {
  yield `accessgraph diff ${r.before} → ${r.after}\n${diffSummary(r)}\n`;
  if (r.workloads.added.length) yield `\nWorkloads added: ${r.workloads.added.join(', ')}\n`;
  if (r.workloads.removed.length) yield `\nWorkloads removed: ${r.workloads.removed.join(', ')}\n`;
  const section = function* <T>(title: string, items: readonly T[], render: (item: T) => string[]): Generator<string> {
    if (items.length === 0) return;
    yield `\n${title} (${items.length}):\n`;
    const { shown, left } = limited(items, limit);
    for (const item of shown) yield render(item).join('\n') + '\n';
    if (left) yield `  … and ${left} more (raise --limit)\n`;
  };
  yield* section('Reclassified', r.cells.changed, (c) =>
    textCell('~', `${flowText(c.after)}: ${change(verdictText(c.before), verdictText(c.after))} [${c.kind}; l4 ${change(c.before.l4, c.after.l4)}, l7 ${change(c.before.l7, c.after.l7)}]`, c.after),
  );
  yield* section('Added', r.cells.added, (c) => textCell('+', `${flowText(c)}: ${verdictText(c)} [${layersText(c)}]`, c));
  yield* section('Removed', r.cells.removed, (c) => textCell('-', `${flowText(c)}: was ${verdictText(c)} [${layersText(c)}]`, c));
  yield* section('New diagnostics', r.diagnostics.introduced, (d) => [`  + ${formatDiagnostic(d)}`]);
  yield* section('Resolved diagnostics', r.diagnostics.resolved, (d) => [`  - ${formatDiagnostic(d)}`]);
}

// ------------------------------------------------------------------ markdown

/**
 * Markdown that says what the text says and nothing more: object names and reasons come from
 * the manifests, so whoever wrote them could otherwise end a table cell (`|`), start a link or
 * an image (`[..](..)`, a bare `https://` or `www.` that GitHub links by itself), or inject HTML
 * (`<img onerror>`) into the review comment. Free text gets every such character
 * backslash-escaped (GitHub shows it literally) and line breaks flattened; names go in code
 * spans, where nothing is markup, with backticks and line breaks removed and `|` escaped in
 * table cells (GitHub splits cells before it parses code spans).
 */
export function mdText(s: string): string {
  return s
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

/** Table-cell text: markup escaped (mdText). */
export function mdCell(s: string): string {
  return mdText(s);
}

/** A name in a code span, outside tables. */
export function code(s: string): string {
  return `\`${s.replace(/`/g, "'").replace(/[\r\n\t\u2028\u2029]+/g, ' ')}\``;
}

/** A name in a code span inside a table cell: `|` escaped too. */
export function codeCell(s: string): string {
  return code(s).replace(/\|/g, '\\|');
}
const bold = (s: string, on: boolean) => (on ? `**${s}**` : s);

function mdDetails(title: string, cells: readonly Cell[]): string[] {
  const lines = ['', `<details><summary>${title}</summary>`, ''];
  for (const c of cells) {
    lines.push(`- ${code(flowText(c))}`);
    const all = layerReasons(c);
    if (all.length === 0) lines.push('  - (no reason recorded)');
    for (const { layer, reasons } of all) for (const r of reasons) lines.push(`  - ${layer.toUpperCase()}: ${mdCell(reasonText(r))}`);
  }
  lines.push('', '</details>');
  return lines;
}

export function* diffMarkdown(r: DiffReport, limit: number): Generator<string> {
  yield `### accessgraph diff\n\n`;
  yield `${diffIsEmpty(r) ? '**No change.** ' : ''}${diffSummary(r)}\n`;
  yield `\nCompared ${code(r.before)} → ${code(r.after)}.\n`;
  if (r.workloads.added.length || r.workloads.removed.length) {
    yield `\n**Workloads** added: ${r.workloads.added.map(code).join(', ') || 'none'}; removed: ${r.workloads.removed.map(code).join(', ') || 'none'}.\n`;
  }
  const cut = (left: number) => (left ? `\n_… and ${left} more, not shown (raise \`--limit\`)._\n` : '');

  if (r.cells.changed.length) {
    const { shown, left } = limited(r.cells.changed, limit);
    yield `\n#### Reclassified (${r.cells.changed.length})\n\n| From | To | Port | Before | After | Change | L4 | L7 |\n|---|---|---|---|---|---|---|---|\n`;
    for (const c of shown) {
      const a = c.after;
      const b = c.before;
      yield `| ${codeCell(a.from)} | ${codeCell(a.to)} | ${a.port}/${a.protocol} | ${verdictText(b)} | ${bold(verdictText(a), c.kind === 'opened' || c.kind === 'closed')} | ${c.kind} | ${bold(change(b.l4, a.l4), b.l4 !== a.l4)} | ${bold(change(b.l7, a.l7), b.l7 !== a.l7)} |\n`;
    }
    yield cut(left);
    yield mdDetails('Rules responsible (after the change)', shown.map((c) => c.after)).join('\n') + '\n';
  }
  const cellTable = function* (title: string, cells: readonly Cell[], detailsTitle: string): Generator<string> {
    if (cells.length === 0) return;
    const { shown, left } = limited(cells, limit);
    yield `\n#### ${title} (${cells.length})\n\n| From | To | Port | Verdict | L4 | L7 |\n|---|---|---|---|---|---|\n`;
    for (const c of shown) yield `| ${codeCell(c.from)} | ${codeCell(c.to)} | ${c.port}/${c.protocol} | ${verdictText(c)} | ${c.l4} | ${c.l7} |\n`;
    yield cut(left);
    yield mdDetails(detailsTitle, shown).join('\n') + '\n';
  };
  yield* cellTable('Added', r.cells.added, 'Rules responsible');
  yield* cellTable('Removed', r.cells.removed, 'Rules responsible (before the change)');
  const diagTable = function* (title: string, items: DiffReport['diagnostics']['introduced']): Generator<string> {
    if (items.length === 0) return;
    const { shown, left } = limited(items, limit);
    yield `\n#### ${title} (${items.length})\n\n| Severity | Code | Object | Message |\n|---|---|---|---|\n`;
    for (const d of shown) {
      const o = d.object;
      const obj = o ? `${o.kind} ${o.namespace ? o.namespace + '/' : ''}${o.name}` : (d.file ?? '');
      yield `| ${d.severity} | ${codeCell(d.code)} | ${mdCell(obj)} | ${mdCell(d.message)} |\n`;
    }
    yield cut(left);
  };
  yield* diagTable('New diagnostics', r.diagnostics.introduced);
  yield* diagTable('Resolved diagnostics', r.diagnostics.resolved);
}

// ------------------------------------------------------------------ json

export function* diffJson(r: DiffReport): Generator<string> {
  const { cells, diagnostics } = r;
  const summary = {
    changed: !diffIsEmpty(r),
    added: cells.added.length,
    removed: cells.removed.length,
    reclassified: cells.changed.length,
    unchanged: cells.unchanged,
    diagnosticsIntroduced: diagnostics.introduced.length,
    diagnosticsResolved: diagnostics.resolved.length,
  };
  const reclassified = cells.changed.map((c) => ({
    from: c.after.from,
    to: c.after.to,
    port: c.after.port,
    protocol: c.after.protocol,
    kind: c.kind,
    fields: c.fields,
    before: c.before,
    after: c.after,
  }));
  yield `{"before":${JSON.stringify(r.before)},"after":${JSON.stringify(r.after)},\n"summary":${JSON.stringify(summary)},\n"workloads":${JSON.stringify(r.workloads)}`;
  for (const [name, items] of [
    ['added', cells.added],
    ['removed', cells.removed],
    ['reclassified', reclassified],
  ] as const) {
    yield `,\n"${name}":[`;
    let first = true;
    for (const item of items) {
      yield (first ? '\n' : ',\n') + JSON.stringify(item);
      first = false;
    }
    yield '\n]';
  }
  yield `,\n"diagnostics":${JSON.stringify(diagnostics)}}\n`;
}
