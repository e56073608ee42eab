/**
 * Diagnostics for people, on stderr in the text, table and CSV modes (JSON documents carry
 * them inline): grouped by severity, errors first, then one count line.
 */
import { findingsBySeverity, formatDiagnostic, SEVERITIES, type Diagnostic, type Severity } from '@accessgraph/model';

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `3 diagnostics: 1 error, 1 warning, 1 info` */
export function diagnosticsCountLine(diagnostics: readonly Diagnostic[]): string {
  const counts = findingsBySeverity(diagnostics);
  const parts = SEVERITIES.map((s) => (s === 'info' ? `${counts[s]} info` : plural(counts[s], s)));
  return `${plural(diagnostics.length, 'diagnostic')}: ${parts.join(', ')}`;
}

/** The whole report; empty when there is nothing to say. */
export function formatDiagnosticsReport(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return '';
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const group = diagnostics.filter((d) => d.severity === severity);
    if (group.length === 0) continue;
    lines.push(`${HEADINGS[severity]} (${group.length}):`);
    for (const d of group) lines.push(`  ${formatDiagnostic(d)}`);
  }
  lines.push(diagnosticsCountLine(diagnostics));
  return lines.join('\n') + '\n';
}
