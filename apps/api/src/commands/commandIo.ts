/**
 * What a command reads and writes, passed in rather than taken from `process`: output streams,
 * environment and the directory relative paths start from. Output is written with
 * backpressure, in chunks, so a matrix of millions of cells never sits in memory as one string.
 */
import type { Readable, Writable } from 'node:stream';

export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  /** What `--manifests -` reads (absent: no standard input to read). */
  stdin?: Readable;
  env: Record<string, string | undefined>;
  /** Where relative `--manifests` paths start: INIT_CWD under `pnpm`, else the cwd. */
  cwd: string;
}

/** A command: argv after its name → exit status. */
export type Command = (argv: string[], io: CommandIo) => Promise<number>;

const CHUNK = 64 * 1024;

/** The reader went away (`accessgraph matrix … | head`): stop writing, not an error. */
export class OutputClosed extends Error {}

/** Resolves on `drain`; rejects with OutputClosed when the reader went away first. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new OutputClosed('output closed'));
    };
    const onError = (err: NodeJS.ErrnoException) => {
      cleanup();
      reject(err.code === 'EPIPE' ? new OutputClosed('output closed') : err);
    };
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}

async function writeOne(out: Writable, text: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new OutputClosed('output closed');
  if (!out.write(text)) await drained(out);
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
