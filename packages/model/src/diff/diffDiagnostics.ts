/**
 * The diagnostics half of a diff: findings that a change introduces or resolves. Two findings
 * are the same when they say the same thing about the same object, wherever it sits: the
 * before and after inputs usually live in different files, so file and line are not compared.
 */
import type { Diagnostic } from '../diagnostics.ts';

export interface DiagnosticDiff {
  /** In `after` only, in `after` order. */
  introduced: Diagnostic[];
  /** In `before` only, in `before` order. */
  resolved: Diagnostic[];
}

/** Identity of a finding without its location in a file. */
export function diagnosticKey(d: Diagnostic): string {
  const o = d.object;
  const object = o ? `${o.kind}|${o.namespace ?? ''}|${o.name}` : '';
  return [d.severity, d.code, object, d.path ?? '', d.port ?? '', (d.workloads ?? []).join(','), d.message].join('\u0000');
}

/** Compares two lists as multisets: a finding reported twice before and once after is one resolved. */
export function diffDiagnostics(before: readonly Diagnostic[], after: readonly Diagnostic[]): DiagnosticDiff {
  const remaining = new Map<string, number>();
  for (const d of before) {
    const k = diagnosticKey(d);
    remaining.set(k, (remaining.get(k) ?? 0) + 1);
  }
  const introduced: Diagnostic[] = [];
  for (const d of after) {
    const k = diagnosticKey(d);
    const n = remaining.get(k) ?? 0;
    if (n > 0) remaining.set(k, n - 1);
    else introduced.push(d);
  }
  const resolved: Diagnostic[] = [];
  for (const d of before) {
    const k = diagnosticKey(d);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      resolved.push(d);
      remaining.set(k, n - 1);
    }
  }
  return { introduced, resolved };
}
