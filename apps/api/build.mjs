#!/usr/bin/env node
// Builds the CLI and server into dist/ with esbuild: one ESM entry (dist/cli.mjs) plus a chunk
// per lazily loaded command, @accessgraph/model and the pure-JS dependencies bundled in, so
// nothing is transpiled or resolved at run time. esbuild because it is a bundler made for
// exactly this (Node target, code splitting of dynamic imports, JSON imports) and already in
// the workspace through Vite and tsx; it builds in well under a second.
//
// Usage: node build.mjs            build once
//        import { buildCli, isStale } from './build.mjs'   (bin/accessgraph.mjs rebuilds when stale)
import { readdirSync, statSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const DIST_ENTRY = join(here, 'dist', 'cli.mjs');
/** Sources the bundle is made of: a change to any of them makes it stale. */
const SOURCES = [join(here, 'src'), join(here, '..', '..', 'packages', 'model', 'src'), join(here, 'package.json'), join(here, 'build.mjs')];

function newestMtime(path) {
  let s;
  try {
    s = statSync(path);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ is missing or older than a source (only in a checkout: a package has no src/). */
export function isStale() {
  if (!existsSync(DIST_ENTRY)) return true;
  if (!existsSync(join(here, 'src'))) return false;
  const built = statSync(DIST_ENTRY).mtimeMs;
  return SOURCES.some((p) => newestMtime(p) > built);
}

export async function buildCli() {
  const { build } = await import('esbuild');
  rmSync(join(here, 'dist'), { recursive: true, force: true });
  await build({
    entryPoints: { cli: join(here, 'src', 'cli.ts') },
    outdir: join(here, 'dist'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: 'linked',
    logLevel: 'warning',
    // The Kubernetes client is large and only needed for live sources: loaded from node_modules
    // on demand. Everything else (the model, Fastify, yaml, typebox) is bundled.
    external: ['@kubernetes/client-node'],
    // CommonJS dependencies inside an ESM bundle call require() for Node built-ins.
    banner: { js: "import { createRequire as __agCreateRequire } from 'node:module'; const require = __agCreateRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
