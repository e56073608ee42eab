/**
 * Output injection (issue 15): names and messages come from manifests, so `diff --format
 * markdown` must not let them end a table cell, start a link or image, or carry HTML into a PR
 * comment; CSV cells a spreadsheet would run as formulas are neutralised with a leading `'`
 * (OWASP "CSV Injection": = + - @ tab CR).
 */
import { describe, expect, it } from 'vitest';
import { csvField, type Cell, type Diagnostic } from '@accessgraph/model';
import { diffMarkdown, mdText, type DiffReport } from '../../src/commands/diffOutput.ts';
import { matrixCsv } from '../../src/commands/matrixOutput.ts';

const HOSTILE = 'shop/evil|x](http://evil.example)<img src=x onerror=alert(1)>`[click](https://evil.example) www.evil.example\nnext';

function cell(from: string, to: string): Cell {
  return {
    from,
    to,
    port: 8080,
    protocol: 'TCP',
    l4Port: 8080,
    l4: 'allow',
    l7: 'n/a',
    allowed: true,
    protection: 'l4-only',
    reasons: { l4: [{ text: `admitted by ${HOSTILE}` } as never], l7: [] },
  };
}

const diag: Diagnostic = { code: 'invalid-object', severity: 'error', message: `bad ${HOSTILE}`, object: { kind: 'NetworkPolicy', namespace: 'shop', name: HOSTILE } } as Diagnostic;

function report(): DiffReport {
  return {
    before: 'old|<b>',
    after: 'new',
    cells: { added: [cell(HOSTILE, 'shop/backend')], removed: [], changed: [], unchanged: 0 } as never,
    diagnostics: { introduced: [diag], resolved: [] } as never,
    workloads: { added: [HOSTILE], removed: [] },
  };
}

/** Cells of a GFM table row, splitting on unescaped pipes only (as GitHub does). */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1);
}

describe('diff --format markdown with hostile names', () => {
  const md = [...diffMarkdown(report(), 100)].join('');
  const rows = md.split('\n').filter((l) => l.startsWith('|'));

  it('keeps every table row at its column count: a `|` in a name is escaped', () => {
    const added = rows.filter((r) => r.includes('8080/TCP'));
    expect(added).toHaveLength(1);
    expect(cells(added[0]!)).toHaveLength(6);
    const diagRow = rows.find((r) => r.includes('invalid-object'))!;
    expect(cells(diagRow)).toHaveLength(4);
  });

  it('carries no HTML, no link, no image and no line break out of a name or message', () => {
    // Outside code spans, every <, >, [, ] is backslash-escaped; bare URLs are broken up.
    // (The <details> folding is ours.)
    const outsideCode = md.replace(/`[^`\n]*`/g, '').replace(/<\/?(details|summary)>/g, '');
    expect(outsideCode).not.toMatch(/(?<!\\)[<>[\]]/);
    expect(outsideCode).not.toMatch(/https?:\/\//);
    expect(outsideCode).not.toMatch(/(?<!\\)www\./);
    // A name never spans two lines: the \n inside it is gone.
    expect(md).not.toMatch(/\nnext/);
    // Code spans close where they should: a backtick in a name is not one.
    for (const line of md.split('\n')) expect((line.match(/(?<!\\)`/g) ?? []).length % 2).toBe(0);
  });

  it('escapes the markup characters of free text so it shows literally', () => {
    expect(mdText('a|b [x](y) <i> *b* _u_ ~s~ \\ `c`')).toBe('a\\|b \\[x\\](y) \\<i\\> \\*b\\* \\_u\\_ \\~s\\~ \\\\ \\`c\\`');
    expect(mdText('see https://x.example and www.y.example')).toBe('see https:\\/\\/x.example and www\\.y.example');
  });
});

describe('CSV cells a spreadsheet would run', () => {
  it('neutralises = + - @ tab and CR at the start of text with a leading quote', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'ok', 'a=b'].map(csvField)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`, 'ok', 'a=b']);
  });

  it('leaves numbers alone', () => {
    expect(csvField(-1)).toBe('-1');
  });

  it('in the matrix CSV, a workload named like a formula stays text', () => {
    const csv = [...matrixCsv([cell('=HYPERLINK("http://evil.example","x")', '@shop/backend')])].join('');
    const line = csv.split('\r\n')[1]!;
    expect(line.startsWith(`"'=HYPERLINK(""http://evil.example"",""x"")",'@shop/backend,8080,`)).toBe(true);
  });
});
