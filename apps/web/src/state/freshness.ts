/**
 * How fresh what the dashboard shows is: the snapshot's age in words, and the parts of the source
 * that are stale although the snapshot as a whole is not (a manifest that stopped parsing keeps
 * its last good objects; the server says so with a `source-stale` diagnostic).
 */
export interface StaleNote {
  file?: string;
  message: string;
}

export function staleSources(diagnostics: readonly { code: string; file?: string; message: string }[]): StaleNote[] {
  return diagnostics.filter((d) => d.code === 'source-stale').map((d) => ({ ...(d.file ? { file: d.file } : {}), message: d.message }));
}

/** `12 s ago`, `4 min ago`, `3 h ago`, `2 d ago` — from an ISO time; `just now` for clock skew. */
export function ageOf(takenAt: string, now: number): string {
  const seconds = Math.floor((now - Date.parse(takenAt)) / 1000);
  if (!Number.isFinite(seconds)) return 'at an unknown time';
  if (seconds < 1) return 'just now';
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/**
 * Input the server could not use: files that failed to parse and objects it refused (error
 * severity). Their policies are not evaluated, so what the graph shows about the workloads they
 * concern may be wrong (a NetworkPolicy that did not parse isolates nothing: its workloads look
 * open). Banner-worthy whatever the snapshot's stale state.
 */
export interface InputError {
  code: string;
  where: string;
  message: string;
}

export function inputErrors(diagnostics: readonly { code: string; severity: string; file?: string; line?: number; object?: { kind?: string; namespace?: string; name?: string }; message: string }[]): InputError[] {
  return diagnostics
    .filter((d) => (d.code === 'parse-error' || d.code === 'invalid-object') && d.severity === 'error')
    .map((d) => {
      const obj = d.object ? `${d.object.kind ?? ''} ${[d.object.namespace, d.object.name].filter(Boolean).join('/')}`.trim() : '';
      const file = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}` : '';
      return { code: d.code, where: [obj, file && `(${file})`].filter(Boolean).join(' ') || 'the input', message: d.message };
    });
}
