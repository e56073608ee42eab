/**
 * The `accessgraph` command line: dispatches to one module per command (commands/), loaded on
 * demand so `--help` stays instant, and `serve` to the API server (server.ts). Owns the exit
 * statuses: usage and input errors are 2, an unexpected failure is 4; each command decides
 * the rest (check: 0 allowed, 1 denied, 3 unknown; diff: 0 unchanged, 1 changed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './packageRoot.ts';
import type { Command, CommandIo } from './commands/commandIo.ts';
import { userCwd } from './sources/manifestFiles.ts';

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, CommandEntry> = {
  check: { summary: 'can FROM reach TO? plain-words verdict per layer, with reasons', load: async () => (await import('./commands/checkCommand.ts')).runCheck },
  matrix: { summary: 'every workload pair × port: verdicts as table, json or csv', load: async () => (await import('./commands/matrixCommand.ts')).runMatrix },
  graph: { summary: 'the access graph as json, csv (edge ports, deciding rules) or sarif (findings)', load: async () => (await import('./commands/graphCommand.ts')).runGraph },
  diff: { summary: 'what a policy change does: flows added, removed, reclassified', load: async () => (await import('./commands/diffCommand.ts')).runDiff },
  report: { summary: 'the audit report: one self-contained HTML file, print-ready (A4)', load: async () => (await import('./commands/reportCommand.ts')).runReport },
  assert: { summary: 'check expectations kept beside the policies (text, json, JUnit, SARIF)', load: async () => (await import('./commands/assertCommand.ts')).runAssert },
  serve: { summary: 'serve the API and the dashboard (demo, manifests or a live cluster)', load: async () => (await import('./server.ts')).runServe },
};

const USAGE = `Usage: accessgraph <command> [options]

Who can reach whom in a Kubernetes cluster, from NetworkPolicy (L4) and Linkerd
authorization policy (L7).

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}
  help CMD the options of a command (also: accessgraph CMD --help)

Options:
  -h, --help     this text
  -V, --version  the version

Every command reads --manifests PATH (files or directories, repeatable; - is stdin),
--demo, or a live cluster (--kubeconfig PATH, --context NAME, --in-cluster: listed once).
Exit status: 0 success, 1 denied (check) or changed (diff), 3 unknown (check),
2 usage or input error, 4 unexpected failure.
`;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs one invocation; resolves with its exit status. Never throws. */
async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  const say = (out: CommandIo['stdout'], text: string) => new Promise<void>((done) => out.write(text, () => done()));
  if (name === undefined) {
    await say(io.stderr, USAGE);
    return 2;
  }
  if (name === '-h' || name === '--help') {
    await say(io.stdout, USAGE);
    return 0;
  }
  if (name === '-V' || name === '--version' || name === 'version') {
    await say(io.stdout, `accessgraph ${version()}\n`);
    return 0;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      await say(io.stdout, USAGE);
      return 0;
    }
    if (!Object.hasOwn(COMMANDS, topic)) {
      await say(io.stderr, `accessgraph: no command "${topic}"\n\n${USAGE}`);
      return 2;
    }
    return main([topic, '--help'], io);
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    const { withSuggestions } = await import('./commands/closeMatches.ts');
    const hint = name.startsWith('-') ? `a command comes first, e.g. accessgraph check ... ${name}` : withSuggestions(`no command "${name}"`, name, Object.keys(COMMANDS));
    await say(io.stderr, `accessgraph: ${hint}\n\n${USAGE}`);
    return 2;
  }
  const entry = COMMANDS[name] as CommandEntry;
  // Command modules import the model and their errors; load them only once a command is chosen.
  const [{ UsageError }, { OutputClosed }] = await Promise.all([import('./commands/commandOptions.ts'), import('./commands/commandIo.ts')]);
  try {
    const command = await entry.load();
    return await command(rest, io);
  } catch (err) {
    if (err instanceof OutputClosed) return 0;
    if (err instanceof UsageError) {
      await say(io.stderr, `accessgraph ${name}: ${err.message}\n(accessgraph ${name} --help lists the options)\n`);
      return 2;
    }
    const detail = err instanceof Error ? (io.env.ACCESSGRAPH_DEBUG ? (err.stack ?? err.message) : err.message) : String(err);
    await say(io.stderr, `accessgraph ${name}: unexpected failure: ${detail}\n`);
    return 4;
  }
}

// A reader that goes away (`| head`) is not a failure: stop writing, exit quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') process.stderr.write(`accessgraph: cannot write output: ${err.message}\n`);
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: userCwd(process.env),
});
