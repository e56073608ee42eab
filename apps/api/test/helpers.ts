/**
 * Test helpers for the API: an app over a snapshot store with a given source, closed after
 * each test (fastify/demo test/helper.ts). Sources here are real: manifests from
 * test/api-fixtures through the model's parser, or a source that never answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp, type AppOptions } from '../src/app.ts';
import { SnapshotStore, type SnapshotStoreOptions } from '../src/snapshot/snapshotStore.ts';
import type { SnapshotSource, SourceListener } from '../src/sources/source.ts';

export const FIXTURES = new URL('./api-fixtures/', import.meta.url).pathname;

/** A source that has not answered yet (a cluster still syncing). */
export class SilentSource implements SnapshotSource {
  readonly description = 'silent test source';
  listener: SourceListener | undefined;
  async start(listener: SourceListener): Promise<void> {
    this.listener = listener;
  }
  async stop(): Promise<void> {}
}

export interface TestApp {
  app: FastifyInstance;
  store: SnapshotStore;
}

/** Builds an app over `source`, starts the store, waits for the first snapshot unless told not to. */
export async function testApp(
  source: SnapshotSource,
  options: Omit<AppOptions, 'store'> & { waitForSnapshot?: boolean; store?: Partial<SnapshotStoreOptions> } = {},
): Promise<TestApp> {
  const { waitForSnapshot = true, store: storeOptions, ...appOptions } = options;
  const store = new SnapshotStore({ source, ...storeOptions });
  const app = await buildApp({ store, ...appOptions });
  onTestFinished(async () => {
    await app.close();
    await store.stop();
  });
  await store.start();
  if (waitForSnapshot) await store.ready();
  return { app, store };
}

/** A temporary directory removed after the test. */
export function tempDir(prefix = 'accessgraph-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Resolves when `predicate` holds, polling; rejects after `timeoutMs`. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The app over the fixture cluster (test/api-fixtures), read as a manifests source. */
export async function fixtureApp(options: Omit<AppOptions, 'store'> = {}): Promise<TestApp> {
  const { ManifestWatchSource } = await import('../src/sources/manifestWatch.ts');
  return testApp(new ManifestWatchSource({ paths: [FIXTURES], pollMs: 0 }), options);
}
