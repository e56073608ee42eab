/**
 * The output formatters on hand-made cells: the cases the fixtures cannot produce (an unknown
 * layer, free text with quotes and pipes) and the JSON document against the model's own.
 */
import { combineAllowed, csvField, csvRecord, diffCells, protectionOf, type Cell } from '@accessgraph/model';
import { describe, expect, it } from 'vitest';
import { checkExitStatus, formatCheckText } from '../../src/commands/checkOutput.ts';
import { diffMarkdown, diffText, type DiffReport } from '../../src/commands/diffOutput.ts';
import { analyzeManifests } from '../../src/commands/loadAnalysis.ts';
import { matrixJson } from '../../src/commands/matrixOutput.ts';
import { reasonsText } from '../../src/commands/flowCsv.ts';
import { readManifestFiles } from '../../src/sources/manifestFiles.ts';
import { FIXTURES, REPO_ROOT } from './runCli.ts';

function cell(from: string, to: string, l4: Cell['l4'], l7: Cell['l7'], text = 'a reason'): Cell {
  return {
    from,
    to,
    port: 8080,
    protocol: 'TCP',
    l4Port: 8080,
    l4,
    l7,
    allowed: combineAllowed(l4, l7),
    protection: protectionOf(l4, l7),
    reasons: { l4: [{ role: 'admits', kind: 'NetworkPolicy', namespace: 'ns', name: 'p', rule: 0, direction: 'ingress', file: 'k8s/p.yaml', line: 3, text }], l7: [] },
  };
}

const joined = (g: Iterable<string>) => [...g].join('');

describe('check output', () => {
  it('an unknown layer reads UNKNOWN and exits 3; allowed 0; denied 1', () => {
    const c = cell('ns/a', 'ns/b', 'allow', 'unknown');
    const text = formatCheckText({ from: 'ns/a', to: 'ns/b:8080', allowed: c.allowed, cells: [c] }, []);
    expect(text.split('\n')[0]).toBe('UNKNOWN ns/a → ns/b:8080/TCP: L7 cannot be decided from the inputs, and no layer denies it');
    expect(text).toContain('at NetworkPolicy ns/p ingress rule 0 (k8s/p.yaml:3)');
    expect([checkExitStatus(null), checkExitStatus(true), checkExitStatus(false)]).toEqual([3, 0, 1]);
  });

  it('several flows end with an overall line', () => {
    const cells = [cell('ns/a', 'ns/b', 'allow', 'n/a'), cell('ns/a', 'ns/c', 'deny', 'n/a')];
    const text = formatCheckText({ from: 'ns/a', to: 'ns/svc', allowed: false, cells }, []);
    expect(text).toContain('Overall: DENIED — 1 of 2 flows denied');
  });
});

describe('matrix output', () => {
  it('CSV escapes quotes, commas and newlines, and quotes the reasons when they need it (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    const c = cell('ns/a', 'ns/b', 'allow', 'n/a', 'rule "0", with\nnewline');
    expect(csvRecord(['x', reasonsText(c.reasons)])).toBe('x,"l4: rule ""0"", with newline; l7: -"\r\n');
  });

  it('the JSON document equals Analysis.matrix() of the same input', async () => {
    const analysis = analyzeManifests(await readManifestFiles([`${FIXTURES}/shop`], REPO_ROOT));
    const streamed = JSON.parse(joined(matrixJson(analysis.matrixWorkloads(), analysis.cells(), analysis.diagnostics))) as unknown;
    expect(streamed).toEqual(JSON.parse(JSON.stringify(analysis.matrix())));
  });
});

describe('diff output', () => {
  const before = [cell('ns/a', 'ns/b', 'allow', 'n/a'), cell('ns/gone', 'ns/b', 'open', 'n/a', 'old | piped')];
  const after = [cell('ns/a', 'ns/b', 'deny', 'n/a'), cell('ns/new', 'ns/b', 'open', 'n/a', 'new | piped')];
  const report: DiffReport = {
    before: 'old/',
    after: 'new/',
    cells: diffCells(before, after),
    diagnostics: { introduced: [], resolved: [{ code: 'parse-error', severity: 'error', file: 'old/x.yaml', message: 'bad | yaml' }] },
    workloads: { added: ['ns/new'], removed: ['ns/gone'] },
  };

  it('markdown has a table per change type, escapes pipes, and folds the reasons', () => {
    const md = joined(diffMarkdown(report, 100));
    expect(md).toContain('#### Reclassified (1)');
    expect(md).toContain('#### Added (1)');
    expect(md).toContain('#### Removed (1)');
    expect(md).toContain('#### Resolved diagnostics (1)');
    expect(md).toContain('**Workloads** added: `ns/new`; removed: `ns/gone`.');
    expect(md).toContain('| `ns/new` | `ns/b` | 8080/TCP | allowed (none) | open | n/a |');
    expect(md).toContain('<details><summary>Rules responsible (before the change)</summary>');
    expect(md).toContain('L4: old \\| piped');
    expect(md).toContain('| error | `parse-error` | old/x.yaml | bad \\| yaml |');
  });

  it('text marks added +, removed − and reclassified ~, with the before reasons for removed flows', () => {
    const text = joined(diffText(report, 100));
    expect(text).toContain('  + ns/new → ns/b 8080/TCP: allowed (none) [l4 open, l7 n/a]');
    expect(text).toContain('  - ns/gone → ns/b 8080/TCP: was allowed (none) [l4 open, l7 n/a]');
    expect(text).toMatch(/- ns\/gone .*\n {6}l4: old \| piped \[NetworkPolicy ns\/p ingress rule 0 \(k8s\/p\.yaml:3\)\]/);
    expect(text).toContain('  ~ ns/a → ns/b 8080/TCP: allowed (l4-only) → denied [closed; l4 allow → deny, l7 n/a]');
    expect(text).toContain('Workloads added: ns/new');
  });
});
