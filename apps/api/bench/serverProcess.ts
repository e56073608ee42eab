/**
 * The server under test in its own process (`accessgraph serve …`), so autocannon and the
 * server do not share one event loop. Resolves once /readyz answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const BIN = new URL('../bin/accessgraph.mjs', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  pid: number;
  /** Peak RSS so far (VmHWM), MiB. */
  rssMb(): Promise<number>;
  /** RSS now (VmRSS), MiB. */
  rssNowMb(): Promise<number>;
  /** What the process wrote on stderr so far (its log). */
  stderr(): string;
  /** The exit code once it has exited (null while running or when killed by a signal). */
  exited(): boolean;
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** Spawns `node args…` and resolves with the URL once its stderr matches `announces` (first group). */
export async function startProcess(args: string[], announces: RegExp, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  // A bench that dies (an exception, a timeout) must not leave a 30,000-workload server behind,
  // watching the same directory as the next run's and recomputing on its changes.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const m = announces.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}):\n${stderr}`)));
  });
  const status = () => readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  return {
    url,
    pid: child.pid!,
    async rssMb() {
      const m = /VmHWM:\s+(\d+) kB/.exec(await status());
      return m ? Math.round(Number(m[1]) / 1024) : NaN;
    },
    stderr: () => stderr,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async rssNowMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(await status());
      return m ? Math.round(Number(m[1]) / 1024) : NaN;
    },
    async cpuSeconds() {
      // /proc/PID/stat fields 14 and 15 (utime, stime) in clock ticks of 1/100 s, after the `(comm)` field.
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function startServerProcess(args: string[], readyTimeoutMs = 600_000): Promise<ServerProcess> {
  const server = await startProcess([BIN, 'serve', '--port', '0', '--web-dist', '/nonexistent', ...args], /serving .* at (http:\/\/\S+)/);
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const r = await fetch(`${server.url}/readyz`).catch(() => undefined);
    if (r?.status === 200) break;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`server not ready after ${readyTimeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return server;
}
