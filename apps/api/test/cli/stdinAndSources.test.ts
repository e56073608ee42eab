/**
 * Input on every command (issue 14), through the real binary: `--manifests -` reads stdin
 * (`helm template … | accessgraph check …`), its diagnostics name `<stdin>` and the line, and
 * the size limits hold for it too — reading stops past them, exit 2. The live flags choose a
 * source like --manifests and --demo; a kubeconfig that cannot be used, or an API server that
 * does not answer, is exit 2 with the reason (no verdict).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { REPO_ROOT, runCli } from './runCli.ts';

const DEMO = join(REPO_ROOT, 'apps/api/demo');
const demoFile = (name: string) => readFileSync(join(DEMO, name), 'utf8');
/** What `helm template` prints: documents separated by `---`. */
/** Every file of the demo, in the order the directory is read, as one stream. */
const DEMO_STREAM = readdirSync(DEMO).filter((f) => f.endsWith('.yaml')).sort().map((f) => `---\n${demoFile(f)}`).join('\n');

const cells = (stdout: string) => (JSON.parse(stdout) as { cells: { from: string; to: string; port: number; l4: string; l7: string; allowed: boolean | null }[] }).cells.map((c) => `${c.from} ${c.to} ${c.port} ${c.l4} ${c.l7} ${c.allowed}`);

describe('--manifests - (stdin)', () => {
  it('gives the verdicts of the same files on disk', async () => {
    const piped = await runCli(['matrix', '--manifests', '-', '-o', 'json'], { input: DEMO_STREAM });
    const files = await runCli(['matrix', '--manifests', DEMO, '-o', 'json']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(cells(piped.stdout)).toEqual(cells(files.stdout));
  });

  it('check: the reasons cite <stdin> and the line', async () => {
    const r = await runCli(['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--manifests', '-'], { input: demoFile('10-homelab-workloads.yaml') + '\n---\n' + demoFile('11-homelab-networkpolicies.yaml') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/at NetworkPolicy postgres\/allow-postgres-clients ingress rule 0 \(<stdin>:\d+\)/);
  });

  it('a document that does not parse is a diagnostic naming <stdin> and the line a file would have', async () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n   labels: x\n';
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, text);
    const parseError = (stdout: string) => (JSON.parse(stdout) as { diagnostics: { code: string; file: string; line: number; message: string }[] }).diagnostics.find((x) => x.code === 'parse-error');
    const piped = await runCli(['graph', '--manifests', '-'], { input: text });
    const onDisk = await runCli(['graph', '--manifests', file]);
    expect(piped.code).toBe(0);
    const d = parseError(piped.stdout)!;
    expect(d.file).toBe('<stdin>');
    expect(d.line).toBeGreaterThanOrEqual(5);
    expect({ line: d.line, message: d.message }).toEqual({ line: parseError(onDisk.stdout)!.line, message: parseError(onDisk.stdout)!.message });
  });

  it('stdin and files together: both are read (stdin in its place)', async () => {
    const r = await runCli(['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--manifests', join(DEMO, '10-homelab-workloads.yaml'), '--manifests', '-'], { input: demoFile('11-homelab-networkpolicies.yaml') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(<stdin>:');
  });

  it('past --max-file-size, reading stops: exit 2 naming <stdin> and the limit', async () => {
    const r = await runCli(['graph', '--manifests', '-', '--max-file-size', '4KiB'], { input: DEMO_STREAM });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin> is more than 4 KiB, over the limit per file (--max-file-size); stopped reading');
    expect(r.stdout).toBe('');
  });

  it('--max-input-size counts the files given with it: stdin gets what they leave', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' + '#'.repeat(3000) + '\n');
    const r = await runCli(['graph', '--manifests', dir, '--manifests', '-', '--max-input-size', '4KiB'], { input: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n' + '#'.repeat(2000) + '\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin> would bring the input past the 4 KiB limit for all files together (--max-input-size); stopped reading');
  });

  it('- twice is a usage error', async () => {
    const r = await runCli(['graph', '--manifests', '-', '--manifests', '-'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--manifests - (stdin) can be given once');
  });

  it('diff: one side may read stdin, not both', async () => {
    const one = await runCli(['diff', '--before', DEMO, '--after', '-', '-o', 'json'], { input: DEMO_STREAM });
    expect(one.code, one.stderr).toBe(0);
    const both = await runCli(['diff', '--before', '-', '--after', '-'], { input: '' });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('- (stdin) can be read by one side only');
  });
});

describe('live source flags', () => {
  it.each([
    [['check', 'a/b', 'c/d', '--in-cluster', '--context', 'x'], '--in-cluster uses the pod service account: drop --kubeconfig/--context'],
    [['graph', '--kubeconfig', '/nonexistent/kubeconfig'], 'cannot use the kubeconfig: '],
    [['diff', '--before', 'live', '--after', 'live'], 'one side is the cluster, the other manifests'],
    [['diff', '--before', 'live', '--before', DEMO, '--after', DEMO], '--before live reads the cluster: give no other path with it'],
    [['diff', '--before', DEMO, '--after', DEMO, '--context', 'prod'], 'give --before live or --after live'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('an unknown --context lists the contexts the kubeconfig has', async () => {
    const dir = tempDir();
    const kc = join(dir, 'kubeconfig');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: dev, context: {cluster: c, user: u}}]\ncurrent-context: dev\n');
    const r = await runCli(['matrix', '--kubeconfig', kc, '--context', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no context prod in the kubeconfig (it has: dev)');
  });

  it('an API server that does not answer: exit 2 naming the context and server, nothing on stdout', async () => {
    const dir = tempDir();
    const kc = join(dir, 'kubeconfig');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: dev, context: {cluster: c, user: u}}]\ncurrent-context: dev\n');
    // Relative to where the user ran the command, like --manifests.
    const r = await runCli(['check', 'a/b', 'c/d', '--kubeconfig', 'kubeconfig'], { env: { INIT_CWD: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the API server of context: dev \(https:\/\/127\.0\.0\.1:1\): GET \/version: connect ECONNREFUSED/);
    expect(r.stdout).toBe('');
  });
});
