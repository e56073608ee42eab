/**
 * The CLI flags that read the same source as the server, from the snapshot's source label
 * (apps/api: `demo`, `manifests: a, b`, `context: prod`, `in-cluster`; a label may also carry
 * `kubeconfig: <file>`). A source the CLI cannot reach from the reader's machine gets a note
 * instead of flags: never `--demo` for anything but the demo, which would answer about
 * different objects.
 */
export type CliSource = { ok: true; flags: string } | { ok: false; note: string };

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function cliSource(source: string): CliSource {
  const s = source.trim();
  if (s === 'demo') return { ok: true, flags: '--demo' };
  const m = /^manifests:\s*(.+)$/.exec(s);
  if (m) return { ok: true, flags: m[1]!.split(/,\s*/).filter(Boolean).map((p) => `--manifests ${quote(p)}`).join(' ') };
  if (s === 'in-cluster' || s.startsWith('in-cluster')) {
    return { ok: false, note: 'The server reads the cluster from inside it (in-cluster). The equivalent CLI needs cluster access: run it in the cluster with --in-cluster, or from your machine with --kubeconfig <file> --context <name>.' };
  }
  const kubeconfig = /kubeconfig[:=]\s*([^\s,;]+)/.exec(s)?.[1];
  const context = /context[:=]\s*([^\s,;]+)/.exec(s)?.[1];
  if (kubeconfig || context) return { ok: true, flags: [kubeconfig ? `--kubeconfig ${quote(kubeconfig)}` : '', context ? `--context ${quote(context)}` : ''].filter(Boolean).join(' ') };
  return { ok: false, note: `The server's source (${s || 'unnamed'}) has no CLI equivalent this page can spell out: give the CLI the same source (--manifests, or --kubeconfig/--context).` };
}

/** The `accessgraph check` command for a question, or null when the source has no CLI flags. */
export function cliCommand(from: string, to: string, port: string, source: CliSource): string | null {
  if (!source.ok) return null;
  return `accessgraph check ${from} ${to}${port ? ':' + port : ''} ${source.flags}`.trim();
}
