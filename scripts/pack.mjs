#!/usr/bin/env node
// Stages and packs the publishable `accessgraph` npm package (issue 13) from the workspace:
// the compiled CLI/server bundle (apps/api/dist: the model, Fastify, yaml and typebox inside),
// the two bins (`accessgraph`, `kubectl-accessgraph` for `kubectl accessgraph …`), the demo
// cluster, the built dashboard as web/, its own README — and as its only dependency the
// Kubernetes client, which the bundle loads on demand for live sources.
//   node scripts/pack.mjs [--out DIR]     → prints the tarball's path
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, '.cache', 'package') } } });
const api = join(root, 'apps', 'api');
const web = join(root, 'apps', 'web', 'dist');

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  return r.stdout;
}

const { buildCli } = await import(join(api, 'build.mjs'));
await buildCli();
if (!existsSync(join(web, 'index.html'))) throw new Error('the dashboard is not built: run `pnpm --filter @accessgraph/web run build` first');

const apiPkg = JSON.parse(readFileSync(join(api, 'package.json'), 'utf8'));
const stage = join(values.out, 'accessgraph');
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'bin'), { recursive: true });
cpSync(join(api, 'dist'), join(stage, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
cpSync(join(api, 'demo'), join(stage, 'demo'), { recursive: true });
cpSync(web, join(stage, 'web'), { recursive: true });
cpSync(join(api, 'bin', 'accessgraph.mjs'), join(stage, 'bin', 'accessgraph.mjs'));
cpSync(join(api, 'bin', 'accessgraph.mjs'), join(stage, 'bin', 'kubectl-accessgraph.mjs'));
cpSync(join(root, 'packaging', 'README.md'), join(stage, 'README.md'));
const pkg = {
  name: 'accessgraph',
  version: apiPkg.version,
  description: 'Who can reach whom in a Kubernetes cluster: NetworkPolicy (L4) and Linkerd authorization policy (L7), where they meet, as a CLI, an HTTP API and a dashboard.',
  type: 'module',
  bin: { accessgraph: 'bin/accessgraph.mjs', 'kubectl-accessgraph': 'bin/kubectl-accessgraph.mjs' },
  files: ['bin', 'dist', 'demo', 'web', 'README.md'],
  engines: { node: '^20.19.0 || ^22.12.0 || ^24.0.0' },
  keywords: ['kubernetes', 'networkpolicy', 'linkerd', 'security', 'cli'],
  dependencies: { '@kubernetes/client-node': apiPkg.dependencies['@kubernetes/client-node'] },
};
writeFileSync(join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
const name = run('npm', ['pack', '--silent', '--pack-destination', values.out], stage).trim().split('\n').pop();
console.log(join(values.out, name));
