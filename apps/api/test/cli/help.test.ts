import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.ts';

describe('accessgraph top level', () => {
  it('--help lists every command and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['check', 'matrix', 'graph', 'diff', 'serve']) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('help with no command is the same text', async () => {
    const [a, b] = await Promise.all([runCli(['help']), runCli(['--help'])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^accessgraph \d+\.\d+\.\d+\n$/);
  });

  it('no arguments is a usage error with the usage on stderr', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: accessgraph <command>');
  });

  it('an unknown command is a usage error that suggests the close one', async () => {
    const r = await runCli(['matrx', '--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no command "matrx"; did you mean: matrix?');
  });

  it.each(['check', 'matrix', 'graph', 'diff'])('%s: the --help flag and the help command print its usage', async (command) => {
    const [flag, topic] = await Promise.all([runCli([command, '--help']), runCli(['help', command])]);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain(`Usage: accessgraph ${command}`);
    expect(flag.stdout).toContain('Exit status');
    expect(topic.stdout).toBe(flag.stdout);
  });

  it('serve --help is dispatched to the server', async () => {
    const r = await runCli(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: accessgraph serve');
  });

  it('an unknown flag is a usage error naming it', async () => {
    const r = await runCli(['matrix', '--demo', '--colour']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'--colour'");
  });

  it('a command without input says how to give it', async () => {
    const r = await runCli(['matrix']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give --manifests PATH (repeatable; - for stdin), --demo, or a live cluster (--kubeconfig/--context/--in-cluster)');
  });

  it('a bad --format, --port or --linkerd-default-policy is a usage error naming the value', async () => {
    const [format, port, policy] = await Promise.all([
      runCli(['matrix', '--demo', '--format', 'xml']),
      runCli(['matrix', '--demo', '--port', '80/ICMP']),
      runCli(['matrix', '--demo', '--linkerd-default-policy', 'allow-all']),
    ]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format xml: expected one of table, json, csv');
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port 80/ICMP');
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain('--linkerd-default-policy allow-all: expected one of all-unauthenticated');
  });
});
