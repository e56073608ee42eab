import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/plugins/auth.ts';
import { UsageError } from '../../src/commands/commandOptions.ts';
import { SERVE_USAGE, parseServeArgs, runServe } from '../../src/server.ts';

describe('accessgraph serve flags', () => {
  it('defaults to the demo on 127.0.0.1:7420 without a token', () => {
    const o = parseServeArgs([], {});
    expect(o).toMatchObject({ source: { kind: 'demo' }, host: '127.0.0.1', port: 7420, insecureNoAuth: false });
    expect(o?.token).toBeUndefined();
    expect(o?.webDist).toMatch(/apps\/web\/dist$/);
  });

  it('takes repeatable --manifests, a live cluster, and the other options', () => {
    expect(parseServeArgs(['--manifests', 'a', '--manifests', 'b'], {})?.source).toEqual({ kind: 'manifests', paths: ['a', 'b'] });
    expect(parseServeArgs(['--kubeconfig', 'k', '--context', 'c'], {})?.source).toEqual({ kind: 'live', kubeconfig: 'k', context: 'c' });
    expect(parseServeArgs(['--in-cluster', '--host', '0.0.0.0', '--token', 't0k3n-0123456789abcdef'], {})).toMatchObject({ source: { kind: 'live', inCluster: true }, token: 't0k3n-0123456789abcdef' });
    expect(parseServeArgs(['--port', '0', '--web-dist', '/x', '--linkerd-default-policy', 'deny'], {})).toMatchObject({ port: 0, webDist: '/x', linkerdDefaultPolicy: 'deny' });
    expect(parseServeArgs(['--sensitive', 'app in (postgresql,minio)'], {})).toMatchObject({ sensitive: { matchLabels: [], matchExpressions: [{ key: 'app', operator: 'In', values: ['postgresql', 'minio'] }] } });
    expect(parseServeArgs(['--help'], {})).toBeUndefined();
  });

  it('takes --namespaces (or ACCESSGRAPH_NAMESPACES) for a live cluster only: tenant mode', () => {
    expect(parseServeArgs(['--kubeconfig', 'k', '--namespaces', 'shop, data,shop'], {})?.namespaces).toEqual(['data', 'shop']);
    expect(parseServeArgs(['--in-cluster'], { ACCESSGRAPH_NAMESPACES: 'a,b' })?.namespaces).toEqual(['a', 'b']);
    expect(parseServeArgs(['--in-cluster', '--namespaces', 'x'], { ACCESSGRAPH_NAMESPACES: 'a,b' })?.namespaces).toEqual(['x']);
    expect(parseServeArgs(['--kubeconfig', 'k'], {})?.namespaces).toBeUndefined();
    expect(() => parseServeArgs(['--kubeconfig', 'k', '--namespaces', 'Shop'], {})).toThrow(/Shop is not a namespace name/);
    expect(() => parseServeArgs(['--kubeconfig', 'k', '--namespaces', ','], {})).toThrow(/expected namespace names/);
    expect(() => parseServeArgs(['--demo', '--namespaces', 'a'], {})).toThrow(/--namespaces applies to a live cluster only/);
    expect(() => parseServeArgs(['--demo'], { ACCESSGRAPH_NAMESPACES: 'a' })).toThrow(/ACCESSGRAPH_NAMESPACES applies to a live cluster only/);
  });

  it('takes --stale-limit in seconds for a live cluster only', () => {
    expect(parseServeArgs(['--kubeconfig', 'k', '--stale-limit', '60'], {})?.staleLimitMs).toBe(60_000);
    expect(parseServeArgs(['--kubeconfig', 'k'], {})?.staleLimitMs).toBeUndefined();
    expect(() => parseServeArgs(['--kubeconfig', 'k', '--stale-limit', '0'], {})).toThrow(/at least 1/);
    expect(() => parseServeArgs(['--kubeconfig', 'k', '--stale-limit', '5m'], {})).toThrow(/whole number of seconds/);
    expect(() => parseServeArgs(['--demo', '--stale-limit', '60'], {})).toThrow(/live cluster only/);
  });

  it('takes input limits and --settle-ms for --manifests, cache and SSE limits for any source', () => {
    expect(parseServeArgs(['--manifests', 'a', '--max-file-size', '8MiB', '--settle-ms', '100'], {})).toMatchObject({ limits: { maxFileBytes: 8 * 2 ** 20 }, settleMs: 100 });
    expect(parseServeArgs(['--manifests', 'a', '--max-input-size', '1GiB'], {})?.limits?.maxInputBytes).toBe(2 ** 30);
    expect(parseServeArgs(['--demo', '--cache-size', '16MiB', '--sse-max-clients', '5', '--sse-buffer', '64KiB'], {})).toMatchObject({
      cacheBytes: 16 * 2 ** 20,
      events: { maxClients: 5, bufferBytes: 65536 },
    });
    expect(() => parseServeArgs(['--demo', '--max-file-size', '8MiB'], {})).toThrow(/--manifests only/);
    expect(() => parseServeArgs(['--manifests', 'a', '--max-file-size', 'big'], {})).toThrow(/--max-file-size big: expected a size/);
    expect(() => parseServeArgs(['--demo', '--sse-max-clients', '0'], {})).toThrow(/at least 1/);
  });

  it('resolves a relative --web-dist against where the command was run (the static plugin refuses a relative root)', () => {
    expect(parseServeArgs(['--web-dist', 'apps/web/dist'], { INIT_CWD: '/home/me/repo' })?.webDist).toBe('/home/me/repo/apps/web/dist');
    expect(parseServeArgs(['--web-dist', '/abs/dist'], { INIT_CWD: '/home/me/repo' })?.webDist).toBe('/abs/dist');
  });

  it('reads the token from ACCESSGRAPH_TOKEN', () => {
    expect(parseServeArgs(['--host', '10.0.0.5'], { ACCESSGRAPH_TOKEN: 'from-env-0123456789' })?.token).toBe('from-env-0123456789');
  });

  it('refuses a token a person could guess: fewer than 16 characters, from the flag or the environment', () => {
    expect(() => parseServeArgs(['--token', 'hunter2'], {})).toThrow(/the token is 7 characters; use at least 16 random ones/);
    expect(() => parseServeArgs(['--host', '0.0.0.0'], { ACCESSGRAPH_TOKEN: 'short' })).toThrow(/5 characters/);
    expect(parseServeArgs(['--token', 'x'.repeat(16)], {})?.token).toBe('x'.repeat(16));
  });

  it('refuses a non-loopback address without a token, unless --insecure-no-auth', () => {
    expect(() => parseServeArgs(['--host', '0.0.0.0'], {})).toThrow(/refusing to listen on 0.0.0.0 without a token/);
    expect(() => parseServeArgs(['--host', '::'], {})).toThrow(/without a token/);
    expect(parseServeArgs(['--host', '0.0.0.0', '--insecure-no-auth'], {})?.insecureNoAuth).toBe(true);
    expect(parseServeArgs(['--host', 'localhost'], {})?.host).toBe('localhost');
  });

  it('rejects contradictions and bad values with a message', () => {
    expect(() => parseServeArgs(['--demo', '--manifests', 'a'], {})).toThrow(/choose one source/);
    expect(() => parseServeArgs(['--manifests', 'a', '--kubeconfig', 'k'], {})).toThrow(/choose one source/);
    expect(() => parseServeArgs(['--in-cluster', '--context', 'x'], {})).toThrow(/drop --kubeconfig/);
    expect(() => parseServeArgs(['--port', '99999'], {})).toThrow(/not a port/);
    expect(() => parseServeArgs(['--port', '8o'], {})).toThrow(/not a port/);
    expect(() => parseServeArgs(['--linkerd-default-policy', 'allow-all'], {})).toThrow(/expected one of/);
    expect(() => parseServeArgs(['--sensitive', 'app in (a'], {})).toThrow(/--sensitive: .*without its/);
    expect(() => parseServeArgs(['--bogus'], {})).toThrow(/bogus/);
    expect(() => parseServeArgs(['stray'], {})).toThrow();
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) expect(isLoopback(h), h).toBe(false);
  });

  it('runServe exits 2 on a usage error and on a missing manifests path', async () => {
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await runServe(['--host', '0.0.0.0'])).toBe(2);
      expect(await runServe(['--manifests', '/nonexistent/accessgraph', '--port', '0'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr.join('')).toMatch(/refusing to listen/);
    expect(stderr.join('')).toMatch(/\/nonexistent\/accessgraph: no such file or directory/);
  });

  it('its usage errors are the CLI\'s one UsageError class, whichever parser throws them (exit 2)', () => {
    expect(() => parseServeArgs(['--port', 'x'], {})).toThrow(UsageError);
    expect(() => parseServeArgs(['--cluster-networks', 'nope'], {})).toThrow(UsageError);
  });

  it('the usage lists the default inbound policies under --linkerd-default-policy', () => {
    const lines = SERVE_USAGE.split('\n');
    const i = lines.findIndex((l) => l.trimStart().startsWith('--linkerd-default-policy'));
    expect(lines[i + 1]).toMatch(/^\s+\(all-unauthenticated, .*deny, audit\)$/);
  });
});
