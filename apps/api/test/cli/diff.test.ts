import { describe, expect, it } from 'vitest';
import { FIXTURES, runCliOnce } from './runCli.ts';

const BEFORE = ['--before', `${FIXTURES}/shop`];
/** The same workloads with shop-change/policies.yaml in place of shop/policies.yaml. */
const AFTER = ['--after', `${FIXTURES}/shop/workloads.yaml`, '--after', `${FIXTURES}/shop/serviceaccounts.json`, '--after', `${FIXTURES}/shop-change`];

interface DiffDoc {
  summary: Record<string, unknown>;
  workloads: { added: string[]; removed: string[] };
  added: Record<string, unknown>[];
  removed: Record<string, unknown>[];
  reclassified: { from: string; to: string; port: number; kind: string; fields: string[]; before: Record<string, unknown>; after: Record<string, unknown> }[];
  diagnostics: { introduced: Record<string, unknown>[]; resolved: Record<string, unknown>[] };
}

describe('accessgraph diff', () => {
  it('exits 0 and says so when nothing changed', async () => {
    const r = await runCliOnce(['diff', ...BEFORE, '--after', `${FIXTURES}/shop`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No flow changed (12 flows compared). Diagnostics: 0 new, 0 resolved.');
  });

  it('exits 1 and lists the reclassified flows with the rules responsible (text)', async () => {
    const r = await runCliOnce(['diff', ...BEFORE, ...AFTER]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2 flows changed: 0 added, 0 removed, 2 reclassified (1 opened, 1 closed); 10 unchanged. Diagnostics: 1 new, 0 resolved.');
    expect(r.stdout).toContain('~ shop/web → data/postgres 5432/TCP: denied → allowed (l4-only) [opened; l4 deny → allow, l7 n/a]');
    expect(r.stdout).toContain('~ shop/web → shop/api 8080/TCP: allowed (l7-only) → denied [closed; l4 open, l7 allow → deny]');
    // The after state's rule that now admits web, with its file and line.
    expect(r.stdout).toMatch(new RegExp(`l4: ingress rule 0 of data/allow-api admits shop/web .*\\[NetworkPolicy data/allow-api ingress rule 0 \\(${FIXTURES}/shop-change/policies\\.yaml:\\d+\\)\\]`));
    expect(r.stdout).toMatch(/^New diagnostics \(1\):\n {2}\+ info policy-selects-nothing NetworkPolicy data\/allow-ghost/m);
  });

  it('the markdown form has a summary, a table per change type and collapsible details', async () => {
    const r = await runCliOnce(['diff', ...BEFORE, ...AFTER, '--format', 'markdown']);
    expect(r.code).toBe(1);
    const md = r.stdout;
    expect(md).toMatch(/^### accessgraph diff\n\n2 flows changed: 0 added, 0 removed, 2 reclassified/);
    expect(md).toContain('#### Reclassified (2)');
    expect(md).toContain('| From | To | Port | Before | After | Change | L4 | L7 |');
    expect(md).toContain('| `shop/web` | `data/postgres` | 5432/TCP | denied | **allowed (l4-only)** | opened | **deny → allow** | n/a |');
    expect(md).toContain('| `shop/web` | `shop/api` | 8080/TCP | allowed (l7-only) | **denied** | closed | open | **allow → deny** |');
    expect(md).toContain('<details><summary>Rules responsible (after the change)</summary>');
    expect(md).toContain('</details>');
    expect(md).toContain('#### New diagnostics (1)');
    expect(md).toMatch(/\| info \| `policy-selects-nothing` \| NetworkPolicy data\/allow-ghost \| .* \|/);
    expect(md).not.toContain('#### Added');
    // Every table row has the same number of cells as its header: no unescaped pipes.
    for (const line of md.split('\n').filter((l) => l.startsWith('| `'))) expect(line.replace(/\\\|/g, '').split('|').length).toBe(10);
  });

  it('markdown for no change says so', async () => {
    const r = await runCliOnce(['diff', ...BEFORE, '--after', `${FIXTURES}/shop`, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**No change.** No flow changed');
  });

  it('json carries the summary, the changed cells before and after, and the diagnostics', async () => {
    const r = await runCliOnce(['diff', ...BEFORE, ...AFTER, '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as DiffDoc;
    expect(Object.keys(doc)).toEqual(['before', 'after', 'summary', 'workloads', 'added', 'removed', 'reclassified', 'diagnostics']);
    expect(doc.summary).toEqual({ changed: true, added: 0, removed: 0, reclassified: 2, unchanged: 10, diagnosticsIntroduced: 1, diagnosticsResolved: 0 });
    const closed = doc.reclassified.find((c) => c.kind === 'closed');
    expect(closed).toMatchObject({ from: 'shop/web', to: 'shop/api', port: 8080, fields: ['l7', 'allowed', 'protection'] });
    expect(closed?.before).toMatchObject({ l7: 'allow', allowed: true, protection: 'l7-only' });
    expect(closed?.after).toMatchObject({ l7: 'deny', allowed: false, protection: null });
    expect(doc.diagnostics.introduced.map((d) => d.code)).toEqual(['policy-selects-nothing']);
  });

  it('reports flows of a workload that appears as added, and of one that goes away as removed, with the before reasons', async () => {
    const [grow, shrink] = await Promise.all([
      runCliOnce(['diff', '--before', `${FIXTURES}/shop`, '--after', `${FIXTURES}/shop`, '--after', `${FIXTURES}/broken/app.yaml`, '--format', 'json']),
      runCliOnce(['diff', '--before', `${FIXTURES}/shop`, '--before', `${FIXTURES}/broken/app.yaml`, '--after', `${FIXTURES}/shop`, '--format', 'json']),
    ]);
    expect(grow.code).toBe(1);
    const g = JSON.parse(grow.stdout) as DiffDoc;
    expect(g.workloads).toEqual({ added: ['demo/backend', 'demo/frontend'].sort(), removed: [] });
    expect(g.added.length).toBeGreaterThan(0);
    expect(g.added.every((c) => c.from === 'demo/frontend' || c.from === 'demo/backend' || c.to === 'demo/frontend' || c.to === 'demo/backend')).toBe(true);
    const s = JSON.parse(shrink.stdout) as DiffDoc;
    expect(s.removed).toHaveLength(g.added.length);
    expect(s.workloads.removed.sort()).toEqual(['demo/backend', 'demo/frontend']);
    // Removed flows keep the reasons of the before state.
    for (const c of s.removed) expect(JSON.stringify(c.reasons)).toContain('demo/');
  });

  it('--port limits the comparison to those ports', async () => {
    const r = await runCliOnce(['diff', ...BEFORE, ...AFTER, '--port', '5432', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as DiffDoc;
    expect(doc.reclassified.map((c) => c.port)).toEqual([5432]);
  });

  it('--limit cuts long sections and says how many were left', async () => {
    const r = await runCliOnce(['diff', ...BEFORE, ...AFTER, '--limit', '1']);
    expect(r.stdout).toContain('… and 1 more (raise --limit)');
  });

  it('a missing input is exit 2 naming the path; a missing side is a usage error', async () => {
    const [missing, oneSide] = await Promise.all([
      runCliOnce(['diff', ...BEFORE, '--after', `${FIXTURES}/shop-missing`]),
      runCliOnce(['diff', ...BEFORE]),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${FIXTURES}/shop-missing: no such file or directory`);
    expect(oneSide.code).toBe(2);
    expect(oneSide.stderr).toContain('diff needs both --before PATH and --after PATH');
  });
});
