/**
 * `accessgraph assert --expect FILE`: the expectations a team keeps beside its policies, checked
 * against a source (the model's assert/expectations.ts decides; this file reads the file and
 * writes text, JSON or JUnit XML for CI systems).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { describeCell, evaluateExpectation, formatReasonSource, parseExpectations, type Cell, type ExpectationResult } from '@accessgraph/model';
import { writeText, type Command } from './commandIo.ts';
import { parseCommandArgs, parseDefaultPolicy, parseFormat, parseInputLimits, parseSource, SOURCE_HELP, SOURCE_OPTIONS, UsageError, parseOutsideOptions } from './commandOptions.ts';
import { loadAnalysis } from './loadAnalysis.ts';

export const ASSERT_USAGE = `Usage: accessgraph assert --expect FILE (--manifests PATH ... | --demo) [options]

Checks expectations kept beside the policies (YAML or JSON):

  expectations:
    - {from: "default/*", to: postgres/postgresql, port: 5432/TCP, expect: denied}
    - {from: wikijs/wikijs, to: postgres/postgresql, port: 5432, expect: allowed}
    - {from: mesh-fixed/service-a, to: mesh-fixed/service-b, port: 8080, expect: allowed, protection: both}
    - {from: {notNamespaces: [minio]}, to: minio/minio, port: 9000, expect: denied}
    - {from: "*", to: "payments/*", expect: not-open}

from/to: a workload id, a glob over ids ("default/*", "*"), or {namespaces, notNamespaces, name}.
port: N or N/PROTO; absent: each destination's declared ports. expect: allowed | denied |
unknown | not-open (denied, or allowed with some layer protecting it); protection (with
allowed): both | l4-only | l7-only | none. An expectation holds when every flow it names does;
a pattern that matches no workload is an error, never a pass.

${SOURCE_HELP}

Options:
  --expect FILE              the expectations file (required)
  -o, --format FORMAT        text (default), json, junit (JUnit XML for CI test reports)
  -h, --help                 this text

Examples:
  accessgraph assert --expect policy-expectations.yaml --manifests k8s/
  accessgraph assert --expect expectations.yaml --demo --format junit > assert.xml

Exit status: 0 every expectation holds, 1 one fails, 2 a malformed file, a pattern that
matches nothing, or another usage or input error.
`;

const FORMATS = ['text', 'json', 'junit'] as const;

const verdict = (c: Cell) => (c.allowed === true ? `allowed (${c.protection})` : c.allowed === false ? 'denied' : 'unknown');

function failureLines(c: Cell): string[] {
  const d = describeCell(c);
  const lines = [`      ${c.from} → ${c.to} ${c.port}/${c.protocol}: ${verdict(c)} — L4 ${d.l4}; L7 ${d.l7}`];
  for (const r of [...c.reasons.l4, ...c.reasons.l7].slice(0, 4)) {
    const at = formatReasonSource(r);
    lines.push(`        - ${r.text}${at ? ` (${at})` : ''}`);
  }
  return lines;
}

export function assertText(results: ExpectationResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.status === 'pass' ? 'PASS ' : r.status === 'fail' ? 'FAIL ' : 'ERROR'} ${r.expectation.label}: ${r.message}`);
    for (const c of r.failures) lines.push(...failureLines(c));
    if (r.failureCount > r.failures.length) lines.push(`      … and ${r.failureCount - r.failures.length} more`);
  }
  const n = (s: ExpectationResult['status']) => results.filter((r) => r.status === s).length;
  lines.push('', `${results.length} expectations: ${n('pass')} passed, ${n('fail')} failed, ${n('error')} errors`);
  return lines.join('\n') + '\n';
}

const xml = (s: string) => s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!).replace(/\p{Cc}/gu, (ch) => (ch === '\n' || ch === '\t' || ch === '\r' ? ch : ''));

/** JUnit XML: one testsuite, one testcase per expectation; failures and errors carry the flows. */
export function assertJunit(results: ExpectationResult[], file: string): string {
  const fails = results.filter((r) => r.status === 'fail').length;
  const errors = results.filter((r) => r.status === 'error').length;
  const cases = results.map((r) => {
    const open = `  <testcase classname="accessgraph.assert" name="${xml(r.expectation.label)}" file="${xml(file)}">`;
    if (r.status === 'pass') return `${open}</testcase>`;
    const body = xml(r.failures.flatMap(failureLines).join('\n'));
    const tag = r.status === 'fail' ? 'failure' : 'error';
    return `${open}\n    <${tag} message="${xml(r.message)}">${body}</${tag}>\n  </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="accessgraph assert" tests="${results.length}" failures="${fails}" errors="${errors}">\n${cases.join('\n')}\n</testsuite>\n`;
}

export const runAssert: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { ...SOURCE_OPTIONS, expect: { type: 'string' }, format: { type: 'string', short: 'o' } }, false);
  if (values.help) {
    await writeText(io.stdout, ASSERT_USAGE);
    return 0;
  }
  const format = parseFormat(values.format, FORMATS, 'text');
  if (!values.expect) throw new UsageError('assert needs --expect FILE');
  const source = parseSource(values);
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, values.expect), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${values.expect}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) throw new UsageError(`${values.expect}: ${doc.errors[0]!.message.split('\n')[0]}`);
  const { expectations, problems } = parseExpectations(doc.toJS());
  if (problems.length) throw new UsageError(problems.map((p) => `${values.expect}${p.index >= 0 ? ` expectation ${p.index + 1}` : ''}: ${p.message}`).join('\n'));
  const analysis = await loadAnalysis(source, { cwd: io.cwd, limits: parseInputLimits(values), linkerdDefaultPolicy: parseDefaultPolicy(values['linkerd-default-policy']), ...parseOutsideOptions(values) });
  const results = expectations.map((e) => evaluateExpectation(analysis, e));
  const out = format === 'json' ? JSON.stringify({ results: results.map((r) => ({ ...r, failures: r.failures })) }, null, 2) + '\n' : format === 'junit' ? assertJunit(results, values.expect) : assertText(results);
  await writeText(io.stdout, out);
  if (results.some((r) => r.status === 'error')) return 2;
  return results.some((r) => r.status === 'fail') ? 1 : 0;
};
