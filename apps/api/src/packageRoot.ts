/**
 * Where the files the CLI reads at run time live (demo/, the built dashboard, package.json),
 * found from the running module upwards — the same from src/ (tests), from dist/ and its chunks
 * (the bundle in a checkout) and from an installed `accessgraph` package.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'demo'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return dirname(fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The package directory: apps/api in a checkout, the package root once installed. */
export const PACKAGE_ROOT = findRoot();

/** The built dashboard: `web/` inside an installed package, else the workspace's apps/web/dist. */
export function defaultWebDist(): string {
  const packaged = join(PACKAGE_ROOT, 'web');
  return existsSync(join(packaged, 'index.html')) ? packaged : join(PACKAGE_ROOT, '..', 'web', 'dist');
}
