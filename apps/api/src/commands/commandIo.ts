/**
 * What a command reads and writes, passed in rather than taken from `process`: output streams,
 * environment and the directory relative paths start from. Output is written with
 * backpressure, in chunks, so a matrix of millions of cells never sits in memory as one string.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  /** Where relative `--manifests` paths start: INIT_CWD under `pnpm`, else the cwd. */
  cwd: string;
}

/** A command: argv after its name → exit status. */
export type Command = (argv: string[], io: CommandIo) => Promise<number>;

const CHUNK = 64 * 1024;

/** The reader went away (`accessgraph matrix … | head`): stop writing, not an error. */
export class OutputClosed extends Error {}

async function writeOne(out: Writable, text: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new OutputClosed('output closed');
  if (!out.write(text)) {
    // `once` rejects when the stream errors (EPIPE) while we wait.
    try {
      await Promise.race([once(out, 'drain'), once(out, 'close').then(() => Promise.reject(new OutputClosed('output closed')))]);
    } catch (err) {
      if (err instanceof OutputClosed || (err as NodeJS.ErrnoException).code === 'EPIPE') throw new OutputClosed('output closed');
      throw err;
    }
  }
}

/** Writes the pieces in about-64 KiB chunks, waiting for `drain` whenever the stream asks. */
export async function writeChunks(out: Writable, pieces: Iterable<string>): Promise<void> {
  let buf = '';
  for (const piece of pieces) {
    buf += piece;
    if (buf.length >= CHUNK) {
      await writeOne(out, buf);
      buf = '';
    }
  }
  if (buf) await writeOne(out, buf);
}

export async function writeText(out: Writable, text: string): Promise<void> {
  if (text) await writeOne(out, text);
}
