/**
 * Services as `assert` destinations (issue 14), through the real binary: `to: service/ns/name`,
 * or `ns/name` when no workload has that id — the same reading as `check`
 * (packages/model/src/query/checkFlow.ts) — stands for the workloads the Service selects, each on
 * the target port of the Service port asked; a named targetPort is looked up per workload, and a
 * workload without it is no endpoint of that port (kubernetes pkg/api/v1/pod/util.go FindPort:
 * a pod with no container port of that name and protocol gets no endpoint). A Service that
 * resolves to nothing is an error (exit 2), never a pass. Fixture: fixtures/cli-service/shop.yaml.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { FIXTURES, runCli } from './runCli.ts';

const SHOP = `${FIXTURES}/cli-service`;

interface Result {
  status: string;
  flows: number;
  failureCount: number;
  message: string;
  failures: { from: string; to: string; port: number }[];
}

async function assertOne(expectation: string, extra: string[] = []): Promise<{ code: number; result: Result; stderr: string }> {
  const file = join(tempDir(), 'e.yaml');
  writeFileSync(file, `expectations:\n  - ${expectation}\n`);
  const r = await runCli(['assert', '--expect', file, '--manifests', SHOP, '-o', 'json', ...extra]);
  const parsed = r.stdout ? (JSON.parse(r.stdout) as { results: Result[] }) : { results: [] };
  return { code: r.code, result: parsed.results[0]!, stderr: r.stderr };
}

describe('assert: a Service as destination', () => {
  it.each([
    // [rule, expectation, exit, status, flows]
    ['service/ns/name with a named Service port: only the selected workload that has the named targetPort is an endpoint', '{from: shop/web, to: service/shop/api, port: http, expect: allowed}', 0, 'pass', 1],
    ['a Service port number is the Service port (80), resolved to the target port (8080)', '{from: shop/web, to: service/shop/api, port: 80, expect: allowed}', 0, 'pass', 1],
    ['ns/name with no such workload resolves the Service, as check does', '{from: shop/web, to: shop/api-svc, port: 80, expect: allowed}', 0, 'pass', 1],
    ['without port: every port of the Service', '{from: shop/web, to: service/shop/api-svc, expect: allowed}', 0, 'pass', 1],
    ['the verdict through a Service is the verdict to its endpoint (NetworkPolicy admits only app=web)', '{from: shop/api-canary, to: service/shop/api, port: http, expect: denied}', 0, 'pass', 1],
    ['a failing expectation through a Service lists the endpoint flow', '{from: shop/api-canary, to: service/shop/api, port: http, expect: allowed}', 1, 'fail', 1],
    ['ns/name that is a workload stays the workload (its container port 8080, not the Service port)', '{from: shop/web, to: shop/api, port: 8080, expect: allowed}', 0, 'pass', 1],
    ['a port name on workload destinations: each destination that declares it', '{from: shop/web, to: "shop/*", port: http, expect: allowed}', 0, 'pass', 1],
  ])('%s', async (_rule, expectation, code, status, flows) => {
    const r = await assertOne(expectation);
    expect(r.code, r.stderr).toBe(code);
    expect(r.result.status).toBe(status);
    expect(r.result.flows).toBe(flows);
    if (status === 'fail') expect(r.result.failures.map((f) => `${f.from} ${f.to} ${f.port}`)).toEqual(['shop/api-canary shop/api 8080']);
  });

  it('says which selected workload is no endpoint of the named port', async () => {
    const r = await assertOne('{from: shop/web, to: service/shop/api, port: http, expect: allowed}');
    expect(r.result.message).toContain('shop/api-canary declares no TCP port named http (targetPort of shop/api:80)');
  });

  it.each([
    ['a Service without a selector resolves to no workload: error', '{from: shop/web, to: service/shop/ext, expect: allowed}', /to Service shop\/ext: no workload to check \(Service shop\/ext has no selector/],
    ['no such Service', '{from: shop/web, to: service/shop/nope, expect: denied}', /no Service shop\/nope/],
    ['ns/name that is neither a workload nor a Service', '{from: shop/web, to: shop/nope, expect: denied}', /shop\/nope matches no workload and no Service/],
    ['a Service port that does not exist', '{from: shop/web, to: service/shop/api, port: 8443, expect: denied}', /Service shop\/api has no port 8443\/TCP; it has: 80\/TCP \(http\)/],
    ['a port name no destination declares', '{from: shop/web, to: "shop/*", port: grpc, expect: denied}', /no destination declares a port named grpc/],
  ])('%s (exit 2, never a pass)', async (_rule, expectation, message) => {
    const r = await assertOne(expectation);
    expect(r.code).toBe(2);
    expect(r.result.status).toBe('error');
    expect(r.result.message).toMatch(message);
  });

  it('a Service as source is a malformed file (exit 2)', async () => {
    const r = await assertOne('{from: service/shop/api, to: shop/web, port: 80, expect: denied}');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('from: a Service is a destination only');
  });

  it('check and assert agree on the same Service question', async () => {
    const check = await runCli(['check', 'shop/api-canary', 'service/shop/api:http', '--manifests', SHOP]);
    const a = await assertOne('{from: shop/api-canary, to: service/shop/api, port: http, expect: denied}');
    expect(check.code).toBe(1);
    expect(a.result.status).toBe('pass');
  });
});
