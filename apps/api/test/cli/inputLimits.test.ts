/**
 * Input limits (issue 15): a manifest file or a whole input past --max-file-size /
 * --max-input-size is refused before it is read (stat), with the file, its size and the limit;
 * exit status 2, never a process killed by the V8 heap limit. A dangling symbolic link in a
 * manifests directory is an error naming it, not skipped.
 */
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestReadError, readManifestFiles } from '../../src/sources/manifestFiles.ts';
import { parseSize } from '../../src/sizes.ts';
import { tempDir } from '../helpers.ts';
import { runCli } from './runCli.ts';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n';

describe('manifest input limits', () => {
  it('parses sizes as the flags take them', () => {
    expect([parseSize('32MiB'), parseSize('512KiB'), parseSize('1GiB'), parseSize('100MB'), parseSize('4096'), parseSize('1.5MiB'), parseSize('12XB')]).toEqual([
      32 * 2 ** 20,
      512 * 1024,
      2 ** 30,
      100_000_000,
      4096,
      undefined,
      undefined,
    ]);
  });

  it('refuses a file over --max-file-size before reading it: file, size, limit, exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), NS);
    writeFileSync(join(dir, 'big.yaml'), NS + '#'.repeat(4000) + '\n');
    const r = await runCli(['check', '--manifests', dir, '--max-file-size', '2KiB', 'a/x', 'a/y']);
    expect(r.code).toBe(2);
    const size = NS.length + 4001;
    expect(r.stderr).toContain(`${join(dir, 'big.yaml')} is ${(size / 1024).toFixed(1)} KiB (${size} bytes), over the 2 KiB limit per file (--max-file-size)`);
  });

  it('a 150 MB manifest (sparse: nothing to read) is refused with the default limit, not a crash', async () => {
    const dir = tempDir();
    const big = join(dir, 'huge.yaml');
    writeFileSync(big, '');
    truncateSync(big, 150 * 10 ** 6);
    const r = await runCli(['graph', '--manifests', big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/huge\.yaml is 143\.1 MiB \(150000000 bytes\), over the 32 MiB limit per file \(--max-file-size\)/);
  });

  it('refuses input whose files add up to more than --max-input-size, naming the file that crosses it', async () => {
    const dir = tempDir();
    for (const f of ['a.yaml', 'b.yaml', 'c.yaml']) writeFileSync(join(dir, f), NS + '#'.repeat(900) + '\n');
    const err = await readManifestFiles([dir], '/', { maxFileBytes: 10_000, maxInputBytes: 2500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestReadError);
    expect((err as ManifestReadError).path).toBe(join(dir, 'c.yaml'));
    expect((err as Error).message).toMatch(/over the 2\.4 KiB limit for all files together \(--max-input-size\)/);
  });

  it('a bad size flag is a usage error', async () => {
    const r = await runCli(['graph', '--demo', '--max-file-size', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-file-size lots: expected a size such as 32MiB');
  });

  it('a dangling symbolic link in a manifests directory is an error naming it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s/a.yaml'), NS);
    symlinkSync(join(dir, 'gone.yaml'), join(dir, 'k8s/policy.yaml'));
    const r = await runCli(['graph', '--manifests', join(dir, 'k8s')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'k8s/policy.yaml')}: dangling symbolic link (to ${join(dir, 'gone.yaml')})`);
  });
});
