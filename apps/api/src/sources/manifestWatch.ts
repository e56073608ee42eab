/**
 * The manifests source: files and directories, listed exactly as the CLI lists them
 * (manifestFiles.ts: recursive .yaml/.yml/.json, names shown as the user wrote them), parsed
 * file by file and watched (fs.watch, plus a slow stat poll for file systems that drop
 * events). An edited, added or removed file updates the state; a file that stops parsing keeps
 * its last good objects and says so in a diagnostic, so a half-saved edit does not make
 * policies vanish from the graph.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseManifests, type Diagnostic, type SourcedObject } from '@accessgraph/model';
import { listManifestPaths, userCwd } from './manifestFiles.ts';
import { KNOWN_LAYERS, type SnapshotSource, type SourceListener, type SourceState } from './source.ts';

interface FileEntry {
  mtimeMs: number;
  size: number;
  text: string;
  objects: SourcedObject[];
  diagnostics: Diagnostic[];
  readAt: Date;
  /** The last version that parsed, when the current one does not. */
  lastGood?: { objects: SourcedObject[]; at: Date };
}

export interface ManifestWatchOptions {
  paths: string[];
  /** Where relative paths start (default: where the user ran the command). */
  cwd?: string;
  /** Quiet time after a file event before re-reading. */
  debounceMs?: number;
  /** Stat poll interval (0: none). */
  pollMs?: number;
  log?: (message: string) => void;
}

export class ManifestWatchSource implements SnapshotSource {
  readonly description: string;
  private readonly files = new Map<string, FileEntry>();
  private readonly watchers: FSWatcher[] = [];
  private listener: SourceListener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescanAgain = false;
  private stopped = false;

  private readonly cwd: string;

  constructor(private readonly options: ManifestWatchOptions) {
    this.description = `manifests: ${options.paths.join(', ')}`;
    this.cwd = options.cwd ?? userCwd();
  }

  async start(listener: SourceListener): Promise<void> {
    // Missing or empty paths are the user's mistake: refuse to start, naming the path.
    await listManifestPaths(this.options.paths, this.cwd);
    this.listener = listener;
    // Watch first, then read: a write in between is seen by the watch, not lost.
    for (const p of this.options.paths) await this.watchPath(resolve(this.cwd, p));
    await this.rescan(true);
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

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rescan(false), this.options.debounceMs ?? 25);
  }

  /** Re-reads what changed; one scan at a time, another right after if events came meanwhile. */
  private async rescan(initial: boolean): Promise<void> {
    if (this.scanning) {
      this.rescanAgain = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      try {
        const changed = await this.readChanges();
        if ((changed || initial) && !this.stopped) this.listener?.update(this.state());
      } catch (err) {
        this.options.log?.(`reading manifests failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
    await this.scanning;
    this.scanning = undefined;
    if (this.rescanAgain && !this.stopped) {
      this.rescanAgain = false;
      await this.rescan(false);
    }
  }

  /** The files under every path now; a path that vanished or emptied contributes none. */
  private async currentFiles(): Promise<{ shown: string; absolute: string }[]> {
    const out: { shown: string; absolute: string }[] = [];
    for (const p of this.options.paths) {
      try {
        out.push(...(await listManifestPaths([p], this.cwd)));
      } catch (err) {
        this.options.log?.(`${err instanceof Error ? err.message : String(err)}; its objects are dropped until it is back`);
      }
    }
    return out;
  }

  private async readChanges(): Promise<boolean> {
    const files = await this.currentFiles();
    let changed = false;
    const present = new Set(files.map((f) => f.absolute));
    for (const p of [...this.files.keys()]) {
      if (!present.has(p)) {
        this.files.delete(p);
        changed = true;
      }
    }
    for (const { shown, absolute } of files) {
      const s = await stat(absolute).catch(() => undefined);
      if (!s) continue;
      const prev = this.files.get(absolute);
      if (prev && prev.mtimeMs === s.mtimeMs && prev.size === s.size) continue;
      const text = await readFile(absolute, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      if (prev && prev.text === text) {
        prev.mtimeMs = s.mtimeMs;
        prev.size = s.size;
        continue;
      }
      this.files.set(absolute, this.parseFile(shown, text, s.mtimeMs, s.size, prev));
      changed = true;
    }
    return changed;
  }

  /** `path` is the name shown in diagnostics and reasons (as the user wrote it). */
  private parseFile(path: string, text: string, mtimeMs: number, size: number, prev: FileEntry | undefined): FileEntry {
    const parsed = parseManifests([{ path, text }]);
    const broken = parsed.diagnostics.some((d) => d.code === 'parse-error');
    const prevParsed = prev && !prev.diagnostics.some((d) => d.code === 'parse-error');
    const lastGood = prev?.lastGood ?? (prev && prevParsed ? { objects: prev.objects, at: prev.readAt } : undefined);
    const readAt = new Date();
    if (broken && lastGood) {
      const note: Diagnostic = {
        code: 'source-stale',
        severity: 'warning',
        file: path,
        message: `${path} no longer parses; its last good objects (read ${lastGood.at.toISOString()}) are still used until it is fixed`,
      };
      return { mtimeMs, size, text, objects: lastGood.objects, diagnostics: [...parsed.diagnostics, note], readAt, lastGood };
    }
    return { mtimeMs, size, text, objects: parsed.objects, diagnostics: parsed.diagnostics, readAt };
  }

  state(): SourceState {
    const objects: SourcedObject[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const entry of this.files.values()) {
      objects.push(...entry.objects);
      diagnostics.push(...entry.diagnostics);
    }
    return { objects, diagnostics, layers: KNOWN_LAYERS };
  }
}
