#!/usr/bin/env node
// deploy/ is generated from the Helm chart (deploy/helm/accessgraph) with its default values:
// one file per kind, so `kubectl apply -k deploy/` installs exactly what `helm install` would.
// A test renders the chart again and compares. Usage: node scripts/render-deploy.mjs [HELM]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
// yaml is a dependency of apps/api, not of the workspace root.
const { parseAllDocuments } = createRequire(join(root, 'apps/api/package.json'))('yaml');
const helm = process.argv[2] ?? process.env.HELM_BIN ?? join(homedir(), '.cache/accessgraph/testcluster/v1.34.4/helm');
const r = spawnSync(helm, ['template', 'accessgraph', join(root, 'deploy/helm/accessgraph'), '--namespace', 'accessgraph'], { encoding: 'utf8' });
if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
const byKind = new Map();
for (const doc of parseAllDocuments(r.stdout)) {
  const o = doc.toJS();
  if (!o) continue;
  const file = `${o.kind.toLowerCase()}.yaml`;
  byKind.set(file, [...(byKind.get(file) ?? []), doc.toString().trim().replace(/^---\s*\n/, '')]);
}
for (const [file, docs] of byKind) {
  writeFileSync(join(root, 'deploy', file), `# Generated from deploy/helm/accessgraph by scripts/render-deploy.mjs: edit the chart, not this file.\n${docs.join('\n---\n')}\n`);
}
console.log([...byKind.keys()].join(' '));
