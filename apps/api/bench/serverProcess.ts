/**
 * The server under test in its own process (`accessgraph serve …`), so autocannon and the
 * server do not share one event loop. Resolves once /readyz answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const BIN = new URL('../bin/accessgraph.mjs', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  pid: number;
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServerProcess(args: string[], readyTimeoutMs = 600_000): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--web-dist', '/nonexistent', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const m = /serving .* at (http:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${stderr}`)));
  });
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const r = await fetch(`${url}/readyz`).catch(() => undefined);
    if (r?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`server not ready after ${readyTimeoutMs} ms:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    async rssMb() {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      return m ? Math.round(Number(m[1]) / 1024) : NaN;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
