import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestReadError, readManifestFiles, userCwd } from '../../src/sources/manifestFiles.ts';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'accessgraph-manifests-'));
  mkdirSync(join(root, 'k8s/b'), { recursive: true });
  mkdirSync(join(root, 'k8s/.hidden'));
  mkdirSync(join(root, 'k8s/node_modules'));
  writeFileSync(join(root, 'k8s/z.yaml'), 'z');
  writeFileSync(join(root, 'k8s/a.yml'), 'a');
  writeFileSync(join(root, 'k8s/b/c.json'), '{}');
  writeFileSync(join(root, 'k8s/b/readme.md'), 'not a manifest');
  writeFileSync(join(root, 'k8s/.hidden/x.yaml'), 'hidden');
  writeFileSync(join(root, 'k8s/node_modules/y.yaml'), 'dependency');
  writeFileSync(join(root, 'single.txt'), 'named by the user');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readManifestFiles', () => {
  it('reads a directory recursively: *.yaml, *.yml, *.json, sorted, paths as the user wrote them', async () => {
    const files = await readManifestFiles(['k8s'], root);
    expect(files.map((f) => f.path)).toEqual(['k8s/a.yml', 'k8s/b/c.json', 'k8s/z.yaml']);
    expect(files.map((f) => f.text)).toEqual(['a', '{}', 'z']);
  });

  it('reads a file named explicitly whatever its extension, arguments in order, each file once', async () => {
    const files = await readManifestFiles(['single.txt', 'k8s/z.yaml', 'k8s'], root);
    expect(files.map((f) => f.path)).toEqual(['single.txt', 'k8s/z.yaml', 'k8s/a.yml', 'k8s/b/c.json']);
  });

  it('takes absolute paths as they are', async () => {
    const files = await readManifestFiles([join(root, 'k8s/b')], '/nonexistent');
    expect(files.map((f) => f.path)).toEqual([join(root, 'k8s/b/c.json')]);
  });

  it('survives a symlink loop', async () => {
    symlinkSync(join(root, 'k8s'), join(root, 'k8s/b/loop'));
    const files = await readManifestFiles(['k8s'], root);
    expect(files.map((f) => f.path)).toEqual(['k8s/a.yml', 'k8s/b/c.json', 'k8s/z.yaml']);
  });

  it('a missing path is an error naming it and where it was looked for', async () => {
    const err = await readManifestFiles(['nope/x.yaml'], root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestReadError);
    expect((err as Error).message).toBe(`nope/x.yaml: no such file or directory (resolved to ${join(root, 'nope/x.yaml')})`);
  });

  it('a directory without manifests is an error naming it', async () => {
    mkdirSync(join(root, 'empty'));
    await expect(readManifestFiles(['empty'], root)).rejects.toThrow('empty: directory holds no .yaml, .yml or .json file');
  });

  it('no path at all is an error', async () => {
    await expect(readManifestFiles([], root)).rejects.toThrow('no --manifests path given');
  });

  it('relative paths start from INIT_CWD (where pnpm was run), else the cwd', () => {
    expect(userCwd({ INIT_CWD: '/home/me/cluster' })).toBe('/home/me/cluster');
    expect(userCwd({})).toBe(process.cwd());
  });
});
