/**
 * One order for diagnostics everywhere: severity (errors first), then object, then code;
 * exact duplicates (same code, object, path and message) are reported once.
 */
import { SEVERITIES, type Diagnostic } from '../diagnostics.ts';

function objectKey(d: Diagnostic): string {
  const o = d.object;
  return o ? `${o.namespace ?? ''}/${o.name}/${o.kind}` : (d.file ?? '');
}

/** `a.localeCompare(b)` is this collator's compare (ECMA-402), made once instead of per comparison. */
const collator = new Intl.Collator();

export function sortDiagnostics(items: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  // Each item's sort keys once (not twice per comparison): tens of thousands of findings at 30,000 workloads.
  const keyed: { d: Diagnostic; severity: number; object: string; line: number }[] = [];
  for (const d of items) {
    const object = objectKey(d);
    const key = `${d.code}|${object}|${d.path ?? ''}|${d.port ?? ''}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    keyed.push({ d, severity: SEVERITIES.indexOf(d.severity), object, line: d.line ?? d.object?.line ?? 0 });
  }
  keyed.sort((a, b) => a.severity - b.severity || collator.compare(a.object, b.object) || collator.compare(a.d.code, b.d.code) || a.line - b.line);
  return keyed.map((k) => k.d);
}
