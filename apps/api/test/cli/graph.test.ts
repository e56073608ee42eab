import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './runCli.ts';

interface GraphDoc {
  namespaces: { name: string }[];
  nodes: { id: string; meshed: boolean; openToAll: string[]; sensitive: boolean }[];
  edges: { id: string; from: string; to: string; class: string; ports: Record<string, unknown>[] }[];
  diagnostics: unknown[];
}

describe('accessgraph graph', () => {
  it('prints the graph JSON: namespaces, nodes, edges aggregated per pair with per-port verdicts, diagnostics', async () => {
    const r = await runCli(['graph', '--manifests', `${FIXTURES}/shop`, '--format', 'json']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout) as GraphDoc;
    expect(Object.keys(g)).toEqual(['namespaces', 'nodes', 'edges', 'diagnostics']);
    expect(g.namespaces.map((n) => n.name).sort()).toEqual(['data', 'shop']);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['data/postgres', 'external:0.0.0.0/0', 'shop/api', 'shop/batch', 'shop/web']);
    const webToApi = g.edges.find((e) => e.from === 'shop/web' && e.to === 'shop/api');
    expect(webToApi).toMatchObject({ id: 'shop/web->shop/api', class: 'l7-only' });
    expect(webToApi?.ports[0]).toMatchObject({ port: 8080, protocol: 'TCP', l4Port: 4143, l4: 'open', l7: 'allow', allowed: true, protection: 'l7-only', class: 'l7-only' });
    const ids = g.edges.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is JSON without --format, and refuses other formats', async () => {
    const [plain, table] = await Promise.all([runCli(['graph', '--manifests', `${FIXTURES}/shop`]), runCli(['graph', '--manifests', `${FIXTURES}/shop`, '--format', 'table'])]);
    expect(plain.code).toBe(0);
    expect(() => JSON.parse(plain.stdout) as unknown).not.toThrow();
    expect(table.code).toBe(2);
    expect(table.stderr).toContain('--format table: expected one of json, compact');
  });

  it('carries the input diagnostics', async () => {
    const r = await runCli(['graph', '--manifests', `${FIXTURES}/broken`]);
    const g = JSON.parse(r.stdout) as GraphDoc;
    expect(g.diagnostics.length).toBe(2);
  });

  it('--sensitive flags the workloads a label selector names instead of the name heuristic', async () => {
    const [plain, chosen, bad] = await Promise.all([
      runCli(['graph', '--manifests', `${FIXTURES}/shop`]),
      runCli(['graph', '--manifests', `${FIXTURES}/shop`, '--sensitive', 'app in (api,batch)']),
      runCli(['graph', '--manifests', `${FIXTURES}/shop`, '--sensitive', 'app in (api']),
    ]);
    const flagged = (out: string) => (JSON.parse(out) as GraphDoc).nodes.filter((n) => n.sensitive).map((n) => n.id).sort();
    expect(flagged(plain.stdout)).toEqual(['data/postgres']);
    expect(flagged(chosen.stdout)).toEqual(['shop/api', 'shop/batch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sensitive');
  });
});
