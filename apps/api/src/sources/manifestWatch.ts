/**
 * The manifests source: files and directories, listed exactly as the CLI lists them
 * (manifestFiles.ts: recursive .yaml/.yml/.json, names shown as the user wrote them), parsed
 * file by file and watched (fs.watch, plus a slow stat poll for file systems that drop
 * events). An edited, added or removed file updates the state.
 *
 * A file is read only once it has settled: the same size and mtime for `settleMs` (like
 * chokidar's awaitWriteFinish), or an mtime already that old. Even settled, a version that
 * looks half-saved is not taken as the truth: one that does not parse, one that is now empty,
 * or one that is a prefix of the last good version cut inside a document (`- from:` with the
 * rest missing would read as "from anywhere"). Such a file keeps its last good objects, with a
 * `source-stale` diagnostic naming it (the stale-part banner), until a complete version comes.
 * A file past --max-file-size (or the input past --max-input-size), checked with stat before
 * reading, a dangling symbolic link, an unreadable file or directory are diagnostics naming the
 * path; what they held keeps its last good objects, and with none both layers are `unknown`
 * (what an unread file holds could decide any flow).
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseManifests, type Change, type ChangeSet, type Diagnostic, type SourcedObject } from '@accessgraph/model';
import { DEFAULT_LIMITS, ManifestReadError, fileSizeProblem, inputSizeProblem, listManifestPaths, readBounded, reason, userCwd, type InputLimits } from './manifestFiles.ts';
import type { SnapshotSource, SourceListener, SourceOrigin, SourceState, SourceUpdate } from './source.ts';

interface GoodVersion {
  objects: SourcedObject[];
  text: string;
  at: Date;
}

/** What the store was last told of one file: its objects, and each one's document text. */
interface Told {
  objects: SourcedObject[];
  /** Per object, the one it was told as (an unchanged document keeps the object first told). */
  sent: SourcedObject[];
  documents: (string | undefined)[];
}

interface FileEntry {
  shown: string;
  /** The --manifests argument it was found under. */
  root: string;
  /** Stats of the version last judged (read, or refused). */
  mtimeMs: number;
  size: number;
  /** The text last read. */
  text: string;
  objects: SourcedObject[];
  diagnostics: Diagnostic[];
  /** The last version taken as good. */
  good?: GoodVersion;
  /** Why this file's content is not known (no good version to fall back on): layers unknown. */
  unreadable?: string;
  /** The size-limit or read problem of now, to tell a new problem from the same one. */
  problem?: string;
}

export interface ManifestWatchOptions {
  paths: string[];
  /** Where relative paths start (default: where the user ran the command). */
  cwd?: string;
  /** Quiet time after a file event before re-reading. */
  debounceMs?: number;
  /** A file is read once its size and mtime have not changed for this long (default 500). */
  settleMs?: number;
  /** Stat poll interval (0: none). */
  pollMs?: number;
  limits?: InputLimits;
  log?: (message: string) => void;
  now?: () => number;
}

export const DEFAULT_SETTLE_MS = 500;

/** Nothing but whitespace and comments. */
function blank(text: string): boolean {
  return text.split(/\r?\n/).every((l) => /^\s*(#.*)?$/.test(l));
}

/** `text` is `before` cut short inside a document: not at a `---` boundary, not just trailing comments. */
function cutShort(text: string, before: string): boolean {
  if (text.length >= before.length || !before.startsWith(text)) return false;
  const rest = before.slice(text.length);
  if (blank(rest)) return false;
  if (/(^|\n)---[ \t]*\r?\n?$/.test(text) || /^\s*---/.test(rest) || /^(\r?\n)+---/.test(rest)) return false;
  return true;
}

export class ManifestWatchSource implements SnapshotSource {
  readonly description: string;
  readonly origin: SourceOrigin;
  private readonly files = new Map<string, FileEntry>();
  /** Per file, what the last update told (the per-file diff's other side). */
  private readonly told = new Map<string, Told>();
  /** Seen changing, not yet settled: the stats and when they were first seen. */
  private readonly unsettled = new Map<string, { mtimeMs: number; size: number; seenAt: number }>();
  /** Entries of a directory that cannot be listed or followed, by path shown. */
  private listingProblems = new Map<string, string>();
  private readonly watchers: FSWatcher[] = [];
  private listener: SourceListener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescanAgain = false;
  private stopped = false;
  private delivered = false;

  private readonly cwd: string;
  private readonly limits: InputLimits;
  private readonly settleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ManifestWatchOptions) {
    this.description = `manifests: ${options.paths.join(', ')}`;
    this.origin = { kind: 'manifests', paths: [...options.paths] };
    this.cwd = options.cwd ?? userCwd();
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.now = options.now ?? Date.now;
  }

  async start(listener: SourceListener): Promise<void> {
    // Missing or empty paths are the user's mistake: refuse to start, naming the path.
    await listManifestPaths(this.options.paths, this.cwd, () => {});
    this.listener = listener;
    // Watch first, then read: a write in between is seen by the watch, not lost.
    for (const p of this.options.paths) await this.watchPath(resolve(this.cwd, p));
    await this.rescan();
    const pollMs = this.options.pollMs ?? 5000;
    if (pollMs > 0) {
      const poll = () => {
        this.schedule();
        if (!this.stopped) this.pollTimer = setTimeout(poll, pollMs);
      };
      this.pollTimer = setTimeout(poll, pollMs);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.settleTimer);
    clearTimeout(this.pollTimer);
    for (const w of this.watchers) w.close();
    await this.scanning;
  }

  /** Directories recursively; a file through its directory (editors replace files by rename). */
  private async watchPath(p: string): Promise<void> {
    const s = await stat(p).catch(() => undefined);
    if (!s || this.stopped) return;
    try {
      const w = s.isDirectory()
        ? watch(p, { recursive: true }, () => this.schedule())
        : watch(dirname(resolve(p)), (_event, name) => {
            if (name === null || name === basename(p)) this.schedule();
          });
      w.on('error', (err) => this.options.log?.(`watching ${p} failed (${err.message}); polling continues`));
      this.watchers.push(w);
    } catch (err) {
      this.options.log?.(`cannot watch ${p} (${err instanceof Error ? err.message : String(err)}); polling continues`);
    }
  }

  private schedule(delayMs = this.options.debounceMs ?? 25): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rescan(), delayMs);
  }

  /** Re-reads what changed; one scan at a time, another right after if events came meanwhile. */
  private async rescan(): Promise<void> {
    if (this.scanning) {
      this.rescanAgain = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      try {
        const changed = await this.readChanges();
        // The first state waits for every file to settle: a snapshot without a file being
        // written could lack the policy that isolates a workload.
        const ready = this.delivered || this.unsettled.size === 0;
        if ((changed || !this.delivered) && ready && !this.stopped) {
          this.delivered = true;
          this.listener?.update(this.update());
        }
      } catch (err) {
        this.options.log?.(`reading manifests failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
    await this.scanning;
    this.scanning = undefined;
    if (this.rescanAgain && !this.stopped) {
      this.rescanAgain = false;
      await this.rescan();
    }
  }

  /** The files under every path now, with the paths that could not be listed and entries that could not be followed. */
  private async currentFiles(): Promise<{ files: { shown: string; absolute: string; root: string }[]; failedRoots: Map<string, string>; problems: Map<string, string> }> {
    const files: { shown: string; absolute: string; root: string }[] = [];
    const failedRoots = new Map<string, string>();
    const problems = new Map<string, string>();
    for (const root of this.options.paths) {
      try {
        const listed = await listManifestPaths([root], this.cwd, (p) => problems.set(p.path, p.message));
        for (const f of listed) files.push({ ...f, root });
      } catch (err) {
        // Gone or emptied: its files were removed (their objects go). There but unreadable:
        // what it holds is kept as last read.
        if (err instanceof ManifestReadError && err.gone) this.options.log?.(`${err.message}; its objects are dropped until it is back`);
        else failedRoots.set(root, err instanceof Error ? err.message : String(err));
      }
    }
    return { files, failedRoots, problems };
  }

  private async readChanges(): Promise<boolean> {
    const { files, failedRoots, problems } = await this.currentFiles();
    let changed = false;
    const listed = new Map(files.map((f) => [f.absolute, f]));
    for (const [p, entry] of [...this.files]) {
      if (listed.has(p)) continue;
      // A path that cannot be listed now, or a file turned into a link that cannot be
      // followed, keeps what it had; a file deleted from a directory that lists is gone.
      const rootFailure = failedRoots.get(entry.root);
      const problem = problems.get(entry.shown);
      if (rootFailure !== undefined || problem !== undefined) {
        const why = problem ?? `${rootFailure}`;
        if (entry.problem !== why) {
          this.files.set(p, this.refused(entry.shown, entry.root, why, entry, entry.mtimeMs, entry.size));
          changed = true;
        }
        problems.delete(entry.shown);
        continue;
      }
      this.files.delete(p);
      this.unsettled.delete(p);
      changed = true;
    }
    for (const root of failedRoots.keys()) this.options.log?.(`${failedRoots.get(root)}; its last objects are kept until it can be read again`);
    if (JSON.stringify([...problems]) !== JSON.stringify([...this.listingProblems])) changed = true;
    this.listingProblems = problems;

    const now = this.now();
    let nextCheck = Infinity;
    let total = 0;
    for (const { shown, absolute, root } of files) {
      const prev = this.files.get(absolute);
      const s = await stat(absolute).catch((err: unknown) => err as Error);
      if (s instanceof Error) {
        const why = `${shown}: cannot read: ${reason(s)}`;
        if (prev?.problem !== why) {
          this.files.set(absolute, this.refused(shown, root, why, prev, 0, 0));
          changed = true;
        }
        continue;
      }
      total += s.size;
      const tooBig = fileSizeProblem(shown, s.size, this.limits) ?? inputSizeProblem(shown, total, this.limits);
      if (tooBig) {
        this.unsettled.delete(absolute);
        if (prev?.problem !== tooBig) {
          this.files.set(absolute, this.refused(shown, root, tooBig, prev, s.mtimeMs, s.size));
          changed = true;
        }
        continue;
      }
      if (prev && !prev.problem && prev.mtimeMs === s.mtimeMs && prev.size === s.size) continue;
      // Settled: the same stats for settleMs, or not modified for that long already.
      const seen = this.unsettled.get(absolute);
      const sameAsSeen = seen && seen.mtimeMs === s.mtimeMs && seen.size === s.size;
      const settledAt = Math.min(sameAsSeen ? seen.seenAt + this.settleMs : now + this.settleMs, s.mtimeMs + this.settleMs);
      if (settledAt > now) {
        if (!sameAsSeen) this.unsettled.set(absolute, { mtimeMs: s.mtimeMs, size: s.size, seenAt: now });
        nextCheck = Math.min(nextCheck, settledAt);
        continue;
      }
      let read;
      try {
        read = await readBounded(absolute, this.limits.maxFileBytes);
      } catch (err) {
        const why = `${shown}: cannot read: ${reason(err)}`;
        if (prev?.problem !== why) {
          this.files.set(absolute, this.refused(shown, root, why, prev, s.mtimeMs, s.size));
          changed = true;
        }
        continue;
      }
      const after = await stat(absolute).catch(() => undefined);
      if (!after || after.mtimeMs !== s.mtimeMs || after.size !== s.size || read.bytes !== s.size) {
        // Written to while being read: not settled after all.
        this.unsettled.set(absolute, { mtimeMs: after?.mtimeMs ?? 0, size: after?.size ?? 0, seenAt: this.now() });
        nextCheck = Math.min(nextCheck, this.now() + this.settleMs);
        continue;
      }
      this.unsettled.delete(absolute);
      if (prev && !prev.problem && prev.text === read.text) {
        prev.mtimeMs = s.mtimeMs;
        prev.size = s.size;
        continue;
      }
      this.files.set(absolute, this.judge(shown, root, read.text, s.mtimeMs, s.size, prev));
      changed = true;
    }
    for (const p of this.unsettled.keys()) if (!listed.has(p)) this.unsettled.delete(p);
    clearTimeout(this.settleTimer);
    if (nextCheck < Infinity && !this.stopped) this.settleTimer = setTimeout(() => this.schedule(0), Math.max(1, nextCheck - this.now()));
    return changed;
  }

  /** A file that could not be read (or may not be): its last good objects stay, else its content is unknown. */
  private refused(shown: string, root: string, why: string, prev: FileEntry | undefined, mtimeMs: number, size: number): FileEntry {
    const good = prev?.good;
    if (good) {
      const note: Diagnostic = {
        code: 'source-stale',
        severity: 'warning',
        file: shown,
        message: `${why}; its last good objects (read ${good.at.toISOString()}) are still used until it can be read`,
      };
      return { shown, root, mtimeMs, size, text: prev.text, objects: good.objects, diagnostics: [note], good, problem: why };
    }
    const d: Diagnostic = { code: 'parse-error', severity: 'error', file: shown, message: `${why}; not read, so L4 and L7 verdicts are unknown until it can be` };
    return { shown, root, mtimeMs, size, text: '', objects: [], diagnostics: [d], unreadable: why, problem: why };
  }

  /** A settled version: taken as good, unless it looks half-saved and a good one exists. */
  private judge(shown: string, root: string, text: string, mtimeMs: number, size: number, prev: FileEntry | undefined): FileEntry {
    const parsed = parseManifests([{ path: shown, text }]);
    const broken = parsed.diagnostics.some((d) => d.code === 'parse-error');
    const good = prev?.good;
    let suspect: string | undefined;
    if (broken) suspect = 'no longer parses';
    else if (good && good.objects.length > 0 && blank(text)) suspect = `is now empty (${size} bytes)`;
    else if (good && cutShort(text, good.text)) suspect = `looks cut short: it is the first ${Buffer.byteLength(text)} of the ${Buffer.byteLength(good.text)} bytes of its last good version, ending inside a document (a save in progress?)`;
    if (suspect && good) {
      const note: Diagnostic = {
        code: 'source-stale',
        severity: 'warning',
        file: shown,
        message: `${shown} ${suspect}; its last good objects (read ${good.at.toISOString()}) are still used until a complete version is saved`,
      };
      return { shown, root, mtimeMs, size, text, objects: good.objects, diagnostics: [...(broken ? parsed.diagnostics : []), note], good };
    }
    const entry: FileEntry = { shown, root, mtimeMs, size, text, objects: parsed.objects, diagnostics: parsed.diagnostics };
    if (!broken) entry.good = { objects: parsed.objects, text, at: new Date(this.now()) };
    return entry;
  }

  /**
   * The change set since the last update, from the per-file diff: a file gone deletes its
   * objects; a file read again applies the objects of the documents whose text or line changed
   * and deletes those past its new end; a file kept at its last good version changes nothing.
   */
  private changes(): ChangeSet {
    const changes: Change[] = [];
    const key = (file: string, i: number) => `${file}\u0000${String(i).padStart(6, '0')}`;
    for (const [p, was] of this.told) {
      if (this.files.has(p)) continue;
      for (let i = 0; i < was.sent.length; i++) changes.push({ type: 'delete', key: key(p, i) });
      this.told.delete(p);
    }
    for (const [p, entry] of this.files) {
      const was = this.told.get(p);
      if (was && was.objects === entry.objects) continue;
      const text = entry.good && entry.objects === entry.good.objects ? entry.good.text : entry.text;
      const documents = documentTexts(text, entry.objects);
      const sent = entry.objects.map((o, i) => {
        const before = was?.sent[i];
        if (before && before.line === o.line && !o.decodeErrors?.length && documents[i] !== undefined && was.documents[i] === documents[i]) return before;
        changes.push({ type: 'apply', key: key(p, i), object: o });
        return o;
      });
      for (let i = entry.objects.length; i < (was?.sent.length ?? 0); i++) changes.push({ type: 'delete', key: key(p, i) });
      this.told.set(p, { objects: entry.objects, sent, documents });
    }
    return { changes };
  }

  private update(): SourceUpdate {
    const { objects: _all, ...status } = this.state();
    return { ...status, changes: this.changes() };
  }

  state(): SourceState {
    const objects: SourcedObject[] = [];
    const diagnostics: Diagnostic[] = [];
    const unknown: string[] = [];
    for (const entry of this.files.values()) {
      objects.push(...entry.objects);
      diagnostics.push(...entry.diagnostics);
      if (entry.unreadable) unknown.push(entry.unreadable);
    }
    for (const [shown, message] of this.listingProblems) {
      diagnostics.push({ code: 'parse-error', severity: 'error', file: shown, message: `${message}; not read, so L4 and L7 verdicts are unknown until it can be` });
      unknown.push(message);
    }
    const layer = unknown.length ? ({ state: 'unknown', reason: `manifest input not read: ${unknown.join('; ')}` } as const) : ({ state: 'known' } as const);
    return { objects, diagnostics, layers: { l4: layer, l7: layer } };
  }
}

/**
 * Each object's document text: its lines up to the next object's first line. Undefined for all
 * when lines are missing or shared (a List's items): those objects are always applied again.
 */
function documentTexts(text: string, objects: readonly SourcedObject[]): (string | undefined)[] {
  const starts = objects.map((o) => o.line);
  const ordered = starts.every((l, i) => l !== undefined && (i === 0 || l > starts[i - 1]!));
  if (!ordered) return objects.map(() => undefined);
  const lines = text.split('\n');
  return starts.map((l, i) => lines.slice(l! - 1, (starts[i + 1] ?? lines.length + 1) - 1).join('\n'));
}
