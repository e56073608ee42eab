/**
 * Runs the real `accessgraph` binary (apps/api/bin/accessgraph.mjs, through node) from the
 * repository root, as a user would, and hands back its exit status and output.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/accessgraph.mjs', import.meta.url));

/** Fixture paths as a user in the repository root would type them. */
export const FIXTURES = 'apps/api/test/fixtures';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `input`: written to the command's standard input, then closed (`helm template … | accessgraph …`). */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string | Buffer } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    if (!options.env?.INIT_CWD) delete env.INIT_CWD;
    const child = execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(new Error(`accessgraph ${args.join(' ')} did not exit normally: ${err.message}\n${stderr}`));
        return;
      }
      resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr });
    });
    if (options.input !== undefined) {
      // The command may stop reading early (a size limit): a closed pipe is not a test failure.
      child.stdin?.on('error', () => {});
      child.stdin?.end(options.input);
    }
  });
}

const memo = new Map<string, Promise<CliResult>>();

/** runCli, once per distinct invocation in a test file: for several assertions on one output. */
export function runCliOnce(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliResult> {
  const key = JSON.stringify([args, options]);
  let r = memo.get(key);
  if (!r) {
    r = runCli(args, options);
    memo.set(key, r);
  }
  return r;
}
