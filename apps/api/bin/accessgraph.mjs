#!/usr/bin/env node
// The accessgraph CLI, compiled (dist/, built by build.mjs with esbuild). In a checkout of the
// repository the bundle is rebuilt first when it is missing or older than a source, under a
// lock so concurrent invocations never read a half-written dist/; an installed package ships
// dist/ and has no sources, so it starts the bundle directly.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.mjs', import.meta.url);
const checkout = existsSync(new URL('../src/cli.ts', import.meta.url));

if (checkout) {
  const { isStale, buildCli } = await import('../build.mjs');
  if (isStale()) {
    const lock = fileURLToPath(new URL('../dist.lock', import.meta.url));
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch {
        // Someone else is building; a lock left by a killed build is taken over after a minute.
        try {
          if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
        } catch {
          // The lock went away between the two calls: try again.
        }
        await sleep(50);
      }
    }
    try {
      if (isStale()) await buildCli();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
await import(entry.href);
