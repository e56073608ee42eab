/**
 * What every kind parser gets: the object's reference (for diagnostics) and a way to report
 * problems at a JSON path. A parser that finds the object unusable reports `invalid-object`
 * and returns undefined — the object is then not evaluated, and the diagnostic says so.
 */
import type { DiagnosticSink, ObjectRef, Severity } from '../diagnostics.ts';

export interface ParseContext {
  ref: ObjectRef;
  /** Reports `invalid-object` at `path`. */
  invalid(path: string, message: string, severity?: Severity): void;
  sink: DiagnosticSink;
}

export function parseContext(ref: ObjectRef, sink: DiagnosticSink): ParseContext {
  return {
    ref,
    sink,
    invalid: (path, message, severity = 'error') => sink.report({ code: 'invalid-object', severity, object: ref, path, message }),
  };
}

export const NOT_EVALUATED = 'The API server would reject this object, so it is not evaluated.';
