/**
 * The audit report (model: buildAuditReport) as one self-contained, print-ready HTML document:
 * no script, no external resource, one inline <style> (A4 pages, print rules) whose hash is the
 * only style source the document's own CSP — and the server's header for GET /api/v1/report —
 * allows; figures are inline SVG with presentation attributes only (figureSvg.ts).
 */
import { createHash } from 'node:crypto';
import type { AuditReport, EdgeClass, SensitiveAccess } from '@accessgraph/model';
import { EDGE_CLASSES } from '@accessgraph/model';
import { figureSvg, isDense, REPORT_LOOKS } from './figureSvg.ts';

export const REPORT_CSS = `@page { size: A4; margin: 15mm; }
@page { @bottom-right { content: counter(page) " / " counter(pages); } }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #1f2328; background: #fff; }
body { margin: 0 auto; max-width: 180mm; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 5pt; border-bottom: 0.6pt solid #8c959f; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 9pt; margin: 6pt 0 2pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 9pt 0 3pt; break-after: avoid; page-break-after: avoid; }
p { margin: 3pt 0; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0 6pt; font-size: 8pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #afb8c1; padding: 1.5pt 3pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eaeef2; }
table.findings, table.access, table.posture { table-layout: fixed; }
table.findings th:nth-child(1) { width: 22%; } table.findings th:nth-child(2) { width: 22%; }
table.findings td:nth-child(3) { font-size: 7.5pt; }
table.access th:nth-child(1) { width: 10%; } table.access th:nth-child(2) { width: 20%; } table.access th:nth-child(3) { width: 28%; } table.access th:nth-child(4) { width: 28%; }
table.posture th:nth-child(1) { width: 17%; } table.posture th:nth-child(2) { width: 9%; } table.posture th:nth-child(3), table.posture th:nth-child(4) { width: 16%; } table.posture th:nth-child(5) { width: 17%; } table.posture th:nth-child(6) { width: 10%; } table.posture th:nth-child(7) { width: 7%; }
td.n, th.n { text-align: right; white-space: nowrap; }
code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 7.5pt; }
.meta th { width: 28%; }
.sev-error { color: #a40e26; font-weight: bold; }
.sev-warning { color: #7d4e00; font-weight: bold; }
.muted { color: #57606a; }
.swatch { display: inline-block; width: 18pt; height: 0; border-top-width: 2pt; vertical-align: middle; margin-right: 3pt; }
figure { margin: 8pt 0 12pt; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; }
figcaption { font-size: 8pt; margin-top: 2pt; }
figcaption b { font-size: 9pt; }
section.figures { break-before: page; page-break-before: always; }
@media screen { body { padding: 12mm 0; } }
@media print { a { color: inherit; text-decoration: none; } }`;

/** `'sha256-…'` of the inline stylesheet: the only style the report's CSP allows. */
export const REPORT_STYLE_HASH = `'sha256-${createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64')}'`;

/** No script, no fetch, no frame; inline SVG needs nothing more. */
export const REPORT_CSP = `default-src 'none'; style-src ${REPORT_STYLE_HASH}; img-src data:; base-uri 'none'; form-action 'none'`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function swatch(cls: EdgeClass): string {
  const l = REPORT_LOOKS[cls];
  // An inline SVG line rather than a styled span: presentation attributes need no style-src.
  return `<svg width="22pt" height="6pt" viewBox="0 0 22 6" aria-hidden="true"><line x1="0" y1="3" x2="22" y2="3" stroke="${l.color}" stroke-width="${Math.max(1, l.width)}"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/></svg>`;
}

function table(head: string[], rows: string[][], numeric: number[] = [], cls = ''): string {
  const th = head.map((h, i) => `<th${numeric.includes(i) ? ' class="n"' : ''}>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const verdictCell = (a: SensitiveAccess, layer: 'l4' | 'l7') => {
  const v = layer === 'l4' ? a.l4 : a.l7;
  const rule = layer === 'l4' ? a.l4Rule : a.l7Rule;
  const on = layer === 'l4' && a.l4Port !== undefined ? ` on ${a.l4Port}` : '';
  return `<b>${esc(v)}</b>${esc(on)}<br><span class="muted">${esc(rule)}</span>`;
};

export function reportHtml(report: AuditReport): string {
  const m = report.meta;
  const t = report.totals;
  const out: string[] = [];
  out.push('<!DOCTYPE html>');
  out.push(`<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">`);
  out.push(`<title>${esc(`accessgraph audit report — ${m.source} — ${m.takenAt}`)}</title>`);
  out.push(`<style>${REPORT_CSS}</style></head><body>`);
  out.push(`<h1>accessgraph audit report</h1>`);
  out.push('<p>Who can reach whom, from Kubernetes NetworkPolicy (L4, enforced by the CNI) and Linkerd authorization policy (L7, enforced by the mesh proxy). Every verdict below follows from the listed input alone; where an input could not be read the flow is <b>unknown</b>, never counted as allowed or denied.</p>');
  const layer = (l: { state: string; reason?: string }) => esc(l.state + (l.reason ? ` — ${l.reason}` : ''));
  out.push(
    `<table class="meta"><tbody>${[
      ['Source', esc(m.source)],
      ['Snapshot taken', esc(m.takenAt)],
      ['Input hash', `<code>${esc(m.inputHash)}</code><br><span class="muted">sha256 of the input objects, each as JSON with sorted keys, sorted, one per line</span>`],
      ['Tool version', esc(`accessgraph ${m.toolVersion}`)],
      ['L4 (NetworkPolicy)', layer(report.layers.l4)],
      ['L7 (Linkerd)', layer(report.layers.l7)],
      ...(m.linkerdDefaultPolicy ? [['Cluster default inbound policy', `${esc(m.linkerdDefaultPolicy)} (--linkerd-default-policy)`]] : []),
    ]
      .map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`)
      .join('')}</tbody></table>`,
  );

  out.push('<h2 id="summary">1. Summary</h2>');
  out.push(`<p>${t.workloads} workloads in ${t.namespaces} namespaces; ${t.meshed} meshed (${t.workloads ? Math.round((100 * t.meshed) / t.workloads) : 0}%); ${t.sensitive} sensitive; ${t.edges} workload pairs with ${t.flows} flows (source × destination × port) drawn, besides the ports open to all.</p>`);
  out.push('<h3>Flows by protection class</h3>');
  out.push(
    table(
      ['Class', 'Meaning', 'Flows', 'Workload pairs'],
      [
        ...report.classCounts.map((c) => [`${swatch(c.cls)}${esc(REPORT_LOOKS[c.cls].label)}`, esc(REPORT_LOOKS[c.cls].description), String(c.flows), String(c.edges)]),
        [`Open to all`, esc('ports every other workload reaches (no layer keeps anyone out): counted per port, not per client'), `${report.openToAll.ports} ports`, `${report.openToAll.workloads} workloads`],
      ],
      [2, 3],
    ),
  );
  const counts = report.findings.map((f) => `${f.count} ${f.severity}${f.count === 1 ? '' : 's'}`).join(', ');
  out.push(`<p>Findings: ${counts}.</p>`);

  out.push('<h2 id="findings">2. Findings by severity</h2>');
  out.push('<p>Every finding of the input, the evaluators and the cross-layer checks, by severity and code, with the object and its file:line (the field\'s line and JSON path when known). Repeats of one code on the same object, place and port — one rule seen from several clients — are one row that says how many more and whom they concern.</p>');
  out.push(
    table(
      ['Severity', 'Code', 'Findings', 'Rows below'],
      report.findings.flatMap((s) => s.groups.map((g) => [`<span class="sev-${s.severity}">${esc(s.severity)}</span>`, `<code>${esc(g.code)}</code>`, String(g.count), String(g.items.length)])),
      [2, 3],
    ),
  );
  for (const sev of report.findings) {
    out.push(`<h3 class="sev-${sev.severity}">${esc(sev.severity)} (${sev.count})</h3>`);
    if (!sev.groups.length) out.push('<p class="muted">none</p>');
    for (const g of sev.groups) {
      out.push(`<h4><code>${esc(g.code)}</code> — ${g.count} finding${g.count === 1 ? '' : 's'}</h4>`);
      out.push(
        table(
          ['Object', 'Where (file:line)', 'Finding'],
          g.items.map((f) => [
            esc(f.object ?? '—'),
            `<code>${esc(f.where ?? '—')}</code>${f.path ? `<br><span class="muted">${esc(f.path)}</span>` : ''}${f.port ? `<br>${esc(f.port)}` : ''}`,
            esc(f.message) + (f.more ? `<br><span class="muted">+ ${f.more.count} more at this place${f.more.workloads.length ? `, concerning ${esc(f.more.workloads.join(', '))}` : ''}</span>` : ''),
          ]),
          [],
          'findings',
        ),
      );
    }
  }

  out.push('<h2 id="sensitive">3. Sensitive workloads: who reaches them</h2>');
  out.push('<p>Databases, object and secret stores, brokers (the sensitivity the model assigns). Per port, the clients that get in (allowed) or may (unknown), what each layer decided on which port, and the deciding rule with its file:line. Flows denied by a layer are not listed.</p>');
  if (!report.sensitive.length) out.push('<p class="muted">No workload is marked sensitive.</p>');
  for (const s of report.sensitive) {
    out.push(`<h3>${esc(s.id)} <span class="muted">(${esc(s.kind)}${s.meshed ? ', meshed' : ''}; ports ${esc(s.ports.join(', ') || 'none declared')})</span></h3>`);
    if (!s.access.length) {
      out.push(s.ports.length ? '<p>No client reaches it: every flow into it is denied by a layer.</p>' : '<p>It declares no port, so no flow into it is evaluated (a port the input does not name is not in the graph).</p>');
      continue;
    }
    out.push(
      table(
        ['Port', 'Clients', 'L4 (deciding rule)', 'L7 (deciding rule)', 'Class'],
        s.access.map((a) => [esc(a.port), esc(a.clients.join(', ')), verdictCell(a, 'l4'), verdictCell(a, 'l7'), `${swatch(a.cls)}${esc(REPORT_LOOKS[a.cls].label)}`]),
        [],
        'access',
      ),
    );
  }

  let section = 4;
  if (report.exposed) {
    out.push(`<h2 id="exposed">${section++}. Exposed workloads</h2>`);
    out.push('<p>Workloads outside traffic is sent to, the object that exposes each (with the path), and what each layer answers for every address outside the cluster (<code>external:0.0.0.0/0</code>) on each declared port.</p>');
    const outsideText = (x: (typeof report.exposed)[number]) =>
      x.fromOutside.length
        ? x.fromOutside.map((f) => `${esc(f.port)}: L4 ${esc(f.l4)} · L7 ${esc(f.l7)} → ${f.allowed === null ? 'unknown' : f.allowed ? `allowed, ${esc(f.protection ?? 'none')}` : 'denied'}`).join('<br>')
        : '—';
    out.push(
      report.exposed.length
        ? table(
            ['Workload', 'Exposed by', 'Path', 'From outside, per layer'],
            report.exposed.flatMap((x) => x.exposures.map((e, i) => [i === 0 ? `${esc(x.id)}${x.sensitive ? ' <b>◆ data</b>' : ''}` : '', esc(e.object), `<code>${esc(e.path ?? '—')}</code>`, i === 0 ? outsideText(x) : ''])),
          )
        : '<p class="muted">No workload is exposed.</p>',
    );
  }

  out.push(`<h2 id="namespaces">${section++}. Namespace posture</h2>`);
  out.push('<p>L4: whether NetworkPolicy isolates the namespace\'s pods (default-deny: a policy selecting every pod that admits nothing). L7: the default inbound policy its meshed pods fall back to.</p>');
  out.push(
    table(
      ['Namespace', 'Work&shy;loads', 'L4 ingress', 'L4 egress', 'L7 default policy', 'Meshed', 'Open ports', 'Findings'],
      report.namespaces.map((n) => [esc(n.name), String(n.workloads), esc(n.l4Ingress), esc(n.l4Egress), esc(n.l7Default), `${n.meshed}/${n.workloads}${n.workloads ? ` (${Math.round((100 * n.meshed) / n.workloads)}%)` : ''}`, String(n.openPorts), String(n.findings)]),
      [1, 5, 6, 7],
      'posture',
    ),
  );

  out.push(`<section class="figures"><h2 id="figures">${section++}. Figures</h2>`);
  out.push(`<p>${report.figures.length} figure${report.figures.length === 1 ? '' : 's'}: the overview between namespaces, then each namespace's clients (left) and the workloads they reach (right). Line style and arrowhead say the class as well as colour does: ${EDGE_CLASSES.map((c) => esc(REPORT_LOOKS[c].label)).join(', ')}. A figure with more lines than a drawing can show legibly is a matrix instead, a cell per flow with the class in colour and letter.</p>`);
  report.figures.forEach((f, i) => {
    const { svg } = figureSvg(f);
    // A dense figure is a matrix: say how to read it.
    const how = isDense(f) ? ' Drawn as a matrix (too many lines for a drawing): a row per client, a column per destination, a cell per client that reaches it, its class in colour and letter.' : '';
    out.push(`<figure id="${esc(f.id)}">${svg}<figcaption><b>Figure ${i + 1}. ${esc(f.title)}</b> — ${esc(f.caption + how)}</figcaption></figure>`);
  });
  out.push('</section>');
  out.push(`<p class="muted">Generated by accessgraph ${esc(m.toolVersion)} from ${esc(m.source)} (snapshot ${esc(m.takenAt)}, ${esc(m.inputHash)}).</p>`);
  out.push('</body></html>\n');
  return out.join('\n');
}
