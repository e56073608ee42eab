/**
 * Reads the CLI's `--manifests PATH` arguments once: each a file (read whatever its name) or a
 * directory (read recursively: *.yaml, *.yml, *.json; dot-entries and node_modules skipped),
 * in sorted order, as ManifestText for the model's parser. A path that is missing or
 * unreadable is an error naming it: the CLI never analyses half an input silently. The server's
 * watching source (manifestWatch.ts) keeps files live instead.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { ManifestText } from '@accessgraph/model';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set(['node_modules']);

/** A path the user gave could not be read; the message names it. */
export class ManifestReadError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** The directory relative `--manifests` paths start from: where the user ran `pnpm` (INIT_CWD), else the cwd. */
export function userCwd(env: Record<string, string | undefined> = process.env): string {
  return env.INIT_CWD || process.cwd();
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a path component is not a directory';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Every manifest file under `paths`, sorted within each argument, arguments in the order given,
 * each once. Names are shown as the user wrote them (relative paths stay relative), so
 * diagnostics and reasons point at files the user recognises.
 */
export async function listManifestPaths(paths: readonly string[], cwd: string = userCwd()): Promise<{ shown: string; absolute: string }[]> {
  const out: { shown: string; absolute: string }[] = [];
  const seen = new Set<string>();
  const add = async (shown: string, absolute: string) => {
    const real = await realpath(absolute).catch(() => absolute);
    if (seen.has(real)) return;
    seen.add(real);
    out.push({ shown, absolute });
  };
  const walk = async (shownDir: string, dir: string, visited: Set<string>): Promise<{ shown: string; absolute: string }[]> => {
    const real = await realpath(dir);
    if (visited.has(real)) return []; // a symlink loop
    visited.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new ManifestReadError(shownDir, `${shownDir}: cannot read directory: ${reason(err)}`);
    }
    const found: { shown: string; absolute: string }[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const abs = join(dir, e.name);
      const shown = join(shownDir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const s = await stat(abs).catch(() => undefined);
        isDir = s?.isDirectory() ?? false;
        isFile = s?.isFile() ?? false;
      }
      if (isDir && !SKIPPED_DIRS.has(e.name)) found.push(...(await walk(shown, abs, visited)));
      else if (isFile && MANIFEST_FILE.test(e.name)) found.push({ shown, absolute: abs });
    }
    return found;
  };

  for (const p of paths) {
    if (p.trim() === '') throw new ManifestReadError(p, '--manifests was given an empty path');
    const absolute = isAbsolute(p) ? p : resolve(cwd, p);
    let s;
    try {
      s = await stat(absolute);
    } catch (err) {
      throw new ManifestReadError(p, `${p}: ${reason(err)}${isAbsolute(p) ? '' : ` (resolved to ${absolute})`}`);
    }
    if (s.isDirectory()) {
      const files = (await walk(p, absolute, new Set())).sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
      if (files.length === 0) throw new ManifestReadError(p, `${p}: directory holds no .yaml, .yml or .json file`);
      for (const f of files) await add(f.shown, f.absolute);
    } else await add(p, absolute);
  }
  return out;
}

/** Reads every manifest file under `paths` (see listManifestPaths); throws ManifestReadError naming the path at fault. */
export async function readManifestFiles(paths: readonly string[], cwd: string = userCwd()): Promise<ManifestText[]> {
  if (paths.length === 0) throw new ManifestReadError('', 'no --manifests path given');
  const files = await listManifestPaths(paths, cwd);
  const out: ManifestText[] = [];
  for (const f of files) {
    try {
      out.push({ path: f.shown, text: await readFile(f.absolute, 'utf8') });
    } catch (err) {
      throw new ManifestReadError(f.shown, `${f.shown}: cannot read: ${reason(err)}`);
    }
  }
  return out;
}
