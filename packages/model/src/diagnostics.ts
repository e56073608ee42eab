/**
 * Diagnostics: everything the model has to say about its input that is not a verdict.
 * Parsers, the layer evaluators and the cross-layer findings all report through this one
 * shape; nothing in the model throws on bad input (SEMANTICS.md §7).
 */

/** Every diagnostic code, stable and kebab-case; the catalogue is SEMANTICS.md §7. */
export const DIAGNOSTIC_CODES = [
  'parse-error',
  'invalid-object',
  'unknown-policy-kind',
  'unsupported-kind',
  'unsupported-version',
  'namespace-defaulted',
  'duplicate-object',
  'server-selects-nothing',
  'server-name-mismatch',
  'server-conflict',
  'dangling-reference',
  'policy-selects-nothing',
  'named-port-unresolved',
  'ipblock-covers-pods',
  'ipblock-partial-match',
  'meshed-port-rule-ineffective',
  'proxy-port-opens-all',
  'proxy-admin-port-blocked',
  'dead-l4-rule',
  'dead-l7-rule',
  'skip-port-bypasses-l7',
  'opaque-port-no-routes',
  'route-not-attached',
  'layer-unknown',
  'source-stale',
  'host-network-pod',
  'terminal-pod',
  'invalid-annotation',
  'admin-priority-tie',
  'admin-deny-makes-l7-dead',
  'transparent-transport',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where an object came from and how to find it again. */
export interface ObjectRef {
  kind: string;
  apiVersion?: string;
  namespace?: string;
  name: string;
  /** Manifest file (manifests source) or a source description (live, demo). */
  file?: string;
  /** 1-based line of the object's first line in `file`. */
  line?: number;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** The object at fault; absent only for file-level problems (then `file` is set). */
  object?: ObjectRef;
  file?: string;
  line?: number;
  /** JSON path inside the object, e.g. `spec.ingress[0].from[1].podSelector`; `line` is then that field's line when known. */
  path?: string;
  message: string;
  /** Workload ids the finding concerns, so a UI can link it to nodes/edges. */
  workloads?: string[];
  /** Port (e.g. `8080/TCP`) the finding concerns, when it is about one. */
  port?: string;
}

/** Collects diagnostics; passed down instead of throwing. */
export interface DiagnosticSink {
  report(d: Diagnostic): void;
}

export function diagnosticList(): DiagnosticSink & { items: Diagnostic[] } {
  const items: Diagnostic[] = [];
  return { items, report: (d) => void items.push(d) };
}

/** Human form: `error invalid-object NetworkPolicy ns/name (file:line): message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const obj = d.object ? `${d.object.kind} ${d.object.namespace ? d.object.namespace + '/' : ''}${d.object.name}` : '';
  const file = d.object?.file ?? d.file;
  // The offending field's line when known (invalid-object at a path), else the object's.
  const line = d.line ?? d.object?.line;
  const where = file ? ` (${file}${line ? ':' + line : ''})` : '';
  const path = d.path ? ` at ${d.path}` : '';
  return `${d.severity} ${d.code}${obj ? ' ' + obj : ''}${where}${path}: ${d.message}`;
}
