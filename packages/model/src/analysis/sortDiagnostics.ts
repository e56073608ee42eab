/**
 * One order for diagnostics everywhere: severity (errors first), then object, then code;
 * exact duplicates (same code, object, path and message) are reported once.
 */
import { SEVERITIES, type Diagnostic } from '../diagnostics.ts';

function objectKey(d: Diagnostic): string {
  const o = d.object;
  return o ? `${o.namespace ?? ''}/${o.name}/${o.kind}` : (d.file ?? '');
}

export function sortDiagnostics(items: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = items.filter((d) => {
    const key = `${d.code}|${objectKey(d)}|${d.path ?? ''}|${d.port ?? ''}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      objectKey(a).localeCompare(objectKey(b)) ||
      a.code.localeCompare(b.code) ||
      (a.line ?? a.object?.line ?? 0) - (b.line ?? b.object?.line ?? 0),
  );
}
