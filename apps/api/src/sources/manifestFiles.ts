/**
 * Reads the CLI's `--manifests PATH` arguments once: each a file (read whatever its name) or a
 * directory (read recursively: *.yaml, *.yml, *.json; dot-entries and node_modules skipped),
 * in sorted order, as ManifestText for the model's parser. A path that is missing or
 * unreadable is an error naming it: the CLI never analyses half an input silently. The server's
 * watching source (manifestWatch.ts) keeps files live instead.
 */
import { open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { isAbsolute, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ManifestText } from '@accessgraph/model';
import { formatSize } from '../sizes.ts';

/**
 * How much input is read at all, checked with stat before reading: parsing and analysing YAML
 * takes some 40 times its size in memory (a 50 MB file needed 1.8 GiB), so an input past the
 * V8 heap would kill the process instead of being refused.
 */
export interface InputLimits {
  /** Largest single manifest file, bytes (`--max-file-size`). */
  maxFileBytes: number;
  /** Largest sum of all manifest files, bytes (`--max-input-size`). */
  maxInputBytes: number;
}

export const DEFAULT_MAX_FILE_BYTES = 32 * 2 ** 20;
/** 256 MiB, or 1/48 of this process's V8 heap limit when that is less (≈ 86 MiB with a 4 GiB heap: some 40 × input must fit). */
export const DEFAULT_MAX_INPUT_BYTES = Math.min(256 * 2 ** 20, Math.floor(getHeapStatistics().heap_size_limit / 48));

export const DEFAULT_LIMITS: InputLimits = { maxFileBytes: DEFAULT_MAX_FILE_BYTES, maxInputBytes: DEFAULT_MAX_INPUT_BYTES };

/** `big.yaml is 150 MiB, over the 32 MiB limit (--max-file-size)`, or undefined when within. */
export function fileSizeProblem(shown: string, size: number, limits: InputLimits): string | undefined {
  if (size <= limits.maxFileBytes) return undefined;
  return `${shown} is ${formatSize(size)} (${size} bytes), over the ${formatSize(limits.maxFileBytes)} limit per file (--max-file-size)`;
}

export function inputSizeProblem(shown: string, total: number, limits: InputLimits): string | undefined {
  if (total <= limits.maxInputBytes) return undefined;
  return `reading ${shown} would bring the input to ${formatSize(total)} (${total} bytes), over the ${formatSize(limits.maxInputBytes)} limit for all files together (--max-input-size)`;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set(['node_modules']);

/** A path the user gave could not be read; the message names it. */
export class ManifestReadError extends Error {
  constructor(
    readonly path: string,
    message: string,
    /** `gone`: the path is not there (or holds no manifest) — as opposed to there but unreadable. */
    readonly gone = false,
  ) {
    super(message);
  }
}

/** The directory relative `--manifests` paths start from: where the user ran `pnpm` (INIT_CWD), else the cwd. */
export function userCwd(env: Record<string, string | undefined> = process.env): string {
  return env.INIT_CWD || process.cwd();
}

export function reason(err: unknown): string {
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
export async function listManifestPaths(
  paths: readonly string[],
  cwd: string = userCwd(),
  /** An entry inside a directory that cannot be read or followed (default: throw naming it). */
  onProblem: (p: ManifestReadError) => void = (p) => {
    throw p;
  },
): Promise<{ shown: string; absolute: string }[]> {
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
        let s;
        try {
          s = await stat(abs);
        } catch (err) {
          // A link whose target is gone (or unreadable) could be a manifest or a directory of
          // them: never skipped without a word.
          if (!SKIPPED_DIRS.has(e.name) && (MANIFEST_FILE.test(e.name) || !/\.[^.]+$/.test(e.name))) {
            const target = await readlink(abs).catch(() => '?');
            const code = (err as NodeJS.ErrnoException).code;
            onProblem(new ManifestReadError(shown, `${shown}: ${code === 'ENOENT' ? 'dangling symbolic link' : 'cannot follow symbolic link'} (to ${target}): ${reason(err)}`));
          }
          continue;
        }
        isDir = s.isDirectory();
        isFile = s.isFile();
      }
      if (isDir && !SKIPPED_DIRS.has(e.name)) {
        try {
          found.push(...(await walk(shown, abs, visited)));
        } catch (err) {
          if (!(err instanceof ManifestReadError)) throw err;
          onProblem(err);
        }
      }
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
      throw new ManifestReadError(p, `${p}: ${reason(err)}${isAbsolute(p) ? '' : ` (resolved to ${absolute})`}`, (err as NodeJS.ErrnoException).code === 'ENOENT');
    }
    if (s.isDirectory()) {
      const files = (await walk(p, absolute, new Set())).sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
      if (files.length === 0) throw new ManifestReadError(p, `${p}: directory holds no .yaml, .yml or .json file`, true);
      for (const f of files) await add(f.shown, f.absolute);
    } else await add(p, absolute);
  }
  return out;
}

/**
 * A file's text, reading at most `maxBytes` + 1 bytes whatever it has grown to since the stat:
 * `tooBig` when there was more.
 */
export async function readBounded(absolute: string, maxBytes: number): Promise<{ text: string; bytes: number; tooBig: boolean }> {
  const fh = await open(absolute, 'r');
  try {
    const size = (await fh.stat()).size;
    let buf = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    if (n > maxBytes) return { text: '', bytes: n, tooBig: true };
    return { text: buf.toString('utf8', 0, n), bytes: n, tooBig: false };
  } finally {
    await fh.close();
  }
}

/** How `--manifests -` is named in diagnostics and errors. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads a stream to its end, but never more than `maxBytes` + 1 bytes: past that it stops
 * reading (and destroys the stream) and says `tooBig`. A pipe has no size to check first.
 */
export async function readStreamBounded(stream: Readable, maxBytes: number): Promise<{ text: string; bytes: number; tooBig: boolean }> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(buf);
    n += buf.length;
    if (n > maxBytes) {
      stream.destroy();
      return { text: '', bytes: n, tooBig: true };
    }
  }
  return { text: Buffer.concat(chunks, n).toString('utf8'), bytes: n, tooBig: false };
}

/**
 * Reads every manifest file under `paths` (see listManifestPaths); throws ManifestReadError
 * naming the path at fault: unreadable, a dangling link, or past a size limit (checked with
 * stat, before anything is read). `-` is `stdin`, named <stdin>, read in its place among the
 * paths and bounded by the same limits: per file, and what the files leave of the total —
 * reading stops past them.
 */
export async function readManifestFiles(paths: readonly string[], cwd: string = userCwd(), limits: InputLimits = DEFAULT_LIMITS, stdin?: Readable): Promise<ManifestText[]> {
  if (paths.length === 0) throw new ManifestReadError('', 'no --manifests path given');
  const at = paths.indexOf('-');
  if (at >= 0 && paths.indexOf('-', at + 1) >= 0) throw new ManifestReadError('-', '--manifests - (stdin) can be given once');
  if (at >= 0 && !stdin) throw new ManifestReadError('-', '--manifests -: this command has no standard input to read');
  const before = at < 0 ? [...paths] : paths.slice(0, at);
  const after = at < 0 ? [] : paths.slice(at + 1);
  const first = before.length ? await listManifestPaths(before, cwd) : [];
  const seen = new Set(await Promise.all(first.map((f) => realpath(f.absolute).catch(() => f.absolute))));
  const rest: { shown: string; absolute: string }[] = [];
  for (const f of after.length ? await listManifestPaths(after, cwd) : []) {
    const real = await realpath(f.absolute).catch(() => f.absolute);
    if (!seen.has(real)) rest.push(f);
  }
  const files = [...first, ...(at >= 0 ? [{ shown: STDIN_NAME, absolute: '-' }] : []), ...rest];
  const sized: { shown: string; absolute: string; size: number }[] = [];
  let total = 0;
  for (const f of files) {
    if (f.absolute === '-') {
      sized.push({ ...f, size: 0 });
      continue;
    }
    let size;
    try {
      size = (await stat(f.absolute)).size;
    } catch (err) {
      throw new ManifestReadError(f.shown, `${f.shown}: cannot read: ${reason(err)}`);
    }
    const tooBig = fileSizeProblem(f.shown, size, limits) ?? inputSizeProblem(f.shown, (total += size), limits);
    if (tooBig) throw new ManifestReadError(f.shown, tooBig);
    sized.push({ ...f, size });
  }
  const out: ManifestText[] = [];
  for (const f of sized) {
    if (f.absolute === '-') {
      // What the files leave of --max-input-size, and never more than --max-file-size.
      const room = Math.min(limits.maxFileBytes, limits.maxInputBytes - total);
      const read = await readStreamBounded(stdin!, Math.max(0, room));
      if (read.tooBig) {
        const problem =
          room === limits.maxFileBytes
            ? `${STDIN_NAME} is more than ${formatSize(limits.maxFileBytes)}, over the limit per file (--max-file-size); stopped reading`
            : `${STDIN_NAME} would bring the input past the ${formatSize(limits.maxInputBytes)} limit for all files together (--max-input-size); stopped reading`;
        throw new ManifestReadError(STDIN_NAME, problem);
      }
      out.push({ path: STDIN_NAME, text: read.text });
      continue;
    }
    let read;
    try {
      read = await readBounded(f.absolute, limits.maxFileBytes);
    } catch (err) {
      throw new ManifestReadError(f.shown, `${f.shown}: cannot read: ${reason(err)}`);
    }
    // It grew between stat and read: the limit holds for what is read, too.
    if (read.tooBig) throw new ManifestReadError(f.shown, fileSizeProblem(f.shown, read.bytes, limits)!);
    out.push({ path: f.shown, text: read.text });
  }
  return out;
}
