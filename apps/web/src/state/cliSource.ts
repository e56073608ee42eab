/**
 * The CLI flags that read the same source as the server, from the source as data
 * (`GET /api/v1/snapshot`'s `origin`, apps/api/src/sources/source.ts SourceOrigin). A source the
 * CLI cannot reach from the reader's machine gets a note instead of flags: never `--demo` for
 * anything but the demo, which would answer about different objects.
 */
import type { SourceOrigin } from '../api/queries.ts';

export type CliSource = { ok: true; flags: string } | { ok: false; note: string };

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `label`: the snapshot's source label, named in the note when there is no origin. */
export function cliSource(origin: SourceOrigin | undefined, label: string): CliSource {
  switch (origin?.kind) {
    case 'demo':
      return { ok: true, flags: '--demo' };
    case 'manifests':
      return { ok: true, flags: origin.paths.map((p) => `--manifests ${quote(p)}`).join(' ') };
    case 'in-cluster':
      return { ok: false, note: 'The server reads the cluster from inside it (in-cluster). The equivalent CLI needs cluster access: run it in the cluster with --in-cluster, or from your machine with --kubeconfig <file> --context <name>.' };
    case 'cluster':
      return { ok: true, flags: [origin.kubeconfig ? `--kubeconfig ${quote(origin.kubeconfig)}` : '', origin.context ? `--context ${quote(origin.context)}` : ''].filter(Boolean).join(' ') };
    default:
      return { ok: false, note: `The server's source (${label.trim() || 'unnamed'}) has no CLI equivalent this page can spell out: give the CLI the same source (--manifests, or --kubeconfig/--context).` };
  }
}

/** The `accessgraph check` command for a question, or null when the source has no CLI flags. */
export function cliCommand(from: string, to: string, port: string, source: CliSource): string | null {
  if (!source.ok) return null;
  return `accessgraph check ${from} ${to}${port ? ':' + port : ''} ${source.flags}`.trim();
}
