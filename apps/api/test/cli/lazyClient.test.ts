/**
 * The start-up budget (README "Performance": `check --demo` under 400 ms) rests on the
 * Kubernetes client being loaded only for a live source. Now that every command takes
 * --kubeconfig, this checks the built bundle: no chunk a command statically imports (from the
 * entry, through its chunk, transitively) imports @kubernetes/client-node; only the dynamically
 * imported live chunks do.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './runCli.ts';

const DIST = join(REPO_ROOT, 'apps/api/dist');

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s*(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']/gm)].map((m) => m[1]!);
}

/** Every module specifier reached by static imports from `file`. */
function closure(file: string, seen = new Set<string>(), bare = new Set<string>()): Set<string> {
  if (seen.has(file)) return bare;
  seen.add(file);
  for (const spec of staticImports(file)) {
    if (spec.startsWith('.')) closure(resolve(dirname(file), spec), seen, bare);
    else bare.add(spec);
  }
  return bare;
}

describe('the Kubernetes client stays lazily loaded', () => {
  beforeAll(async () => {
    // Builds dist/ when a source is newer.
    expect((await runCli(['--version'])).code).toBe(0);
  });

  it('some chunk does import it (the check below can fail)', () => {
    const chunks = readdirSync(join(DIST, 'chunks')).filter((f) => f.endsWith('.mjs'));
    expect(chunks.some((c) => closure(join(DIST, 'chunks', c)).has('@kubernetes/client-node'))).toBe(true);
  });

  it.each([['checkCommand'], ['matrixCommand'], ['graphCommand'], ['diffCommand'], ['assertCommand']])('%s and the entry do not import it statically', (name) => {
    const chunk = readdirSync(join(DIST, 'chunks')).find((f) => f.startsWith(`${name}-`) && f.endsWith('.mjs'));
    expect(chunk).toBeDefined();
    expect([...closure(join(DIST, 'chunks', chunk!))]).not.toContain('@kubernetes/client-node');
    expect([...closure(join(DIST, 'cli.mjs'))]).not.toContain('@kubernetes/client-node');
  });
});
