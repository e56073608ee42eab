/**
 * `graph --format sarif` and `assert --format sarif` through the real binary (issue 14): every
 * log validates against the official SARIF 2.1.0 schema (sarif-2.1.0-rtm.5.json as shipped in
 * the npm package @microsoft/jest-sarif, read from node_modules — not a copy of ours; it is
 * draft-04, hence ajv-draft-04), and says what GitHub code scanning needs: rules with short and
 * full descriptions and Markdown help, one result per finding at the file and line of the object
 * at fault, relative URIs, levels from severities, stable partial fingerprints, the tool and
 * the invocation, no absolute path of this machine.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, runCli, runCliOnce } from './runCli.ts';

const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
// The official schema has one pattern (language tags) that is not valid with the `u` flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations?: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } }; logicalLocations?: { fullyQualifiedName: string }[] }[];
  relatedLocations?: { id: number; physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } }; message: { text: string } }[];
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; defaultConfiguration: { level: string } }[] } };
    invocations: { commandLine: string; exitCode: number; executionSuccessful: boolean }[];
    automationDetails: { id: string };
    results: SarifResult[];
    properties?: Record<string, number>;
  }[];
}

function parseSarif(stdout: string): SarifLog {
  const log = JSON.parse(stdout) as SarifLog;
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
  return log;
}

const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'apps/api/package.json'), 'utf8')) as { version: string }).version;

function commonChecks(log: SarifLog, stdout: string, command: string): void {
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0]!;
  expect(run.tool.driver.name).toBe('accessgraph');
  expect(run.tool.driver.version).toBe(version);
  expect(run.automationDetails.id).toBe(`accessgraph/${command}/`);
  expect(run.invocations[0]!.commandLine).toMatch(new RegExp(`^accessgraph ${command} `));
  // Nothing of this machine: not the repository's absolute path, not the temp directory.
  expect(stdout).not.toContain(REPO_ROOT);
  expect(stdout).not.toContain(tmpdir());
  for (const rule of run.tool.driver.rules) {
    expect(rule.shortDescription.text.length, rule.id).toBeGreaterThan(10);
    expect(rule.fullDescription.text.length, rule.id).toBeGreaterThan(rule.shortDescription.text.length - 20);
    expect(rule.help.markdown.length, rule.id).toBeGreaterThan(10);
  }
  for (const r of run.results) {
    expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    for (const loc of [...(r.locations ?? []), ...(r.relatedLocations ?? [])]) {
      const uri = loc.physicalLocation?.artifactLocation.uri;
      if (uri !== undefined) {
        expect(uri, 'relative URI').not.toMatch(/^(\/|[a-z]+:)/i);
        expect(uri).not.toContain('..');
      }
    }
  }
}

describe('graph --format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, and the validator rejects a broken log (so the check can fail)', async () => {
    const r = await runCliOnce(['graph', '--manifests', `${FIXTURES}/broken`, '--manifests', `${FIXTURES}/shop/workloads.yaml`, '--manifests', `${FIXTURES}/meshed-port`, '--format', 'sarif']);
    expect(r.code).toBe(0);
    const log = parseSarif(r.stdout);
    commonChecks(log, r.stdout, 'graph');
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('has one result per finding of the JSON output, with its code, level, file and line', async () => {
    const args = ['graph', '--manifests', `${FIXTURES}/broken`, '--manifests', `${FIXTURES}/shop/workloads.yaml`, '--manifests', `${FIXTURES}/meshed-port`];
    const [json, sarif] = await Promise.all([runCliOnce([...args, '--format', 'json']), runCliOnce([...args, '--format', 'sarif'])]);
    const diagnostics = (JSON.parse(json.stdout) as { diagnostics: { code: string; severity: string; file?: string; line?: number; object?: { file?: string; line?: number; kind: string; name: string } }[] }).diagnostics;
    const results = parseSarif(sarif.stdout).runs[0]!.results;
    expect(diagnostics.length).toBeGreaterThan(2);
    expect(results).toHaveLength(diagnostics.length);
    const level = { error: 'error', warning: 'warning', info: 'note' } as Record<string, string>;
    diagnostics.forEach((d, i) => {
      const res = results[i]!;
      expect(res.ruleId).toBe(d.code);
      expect(res.level).toBe(level[d.severity]);
      const file = d.object?.file ?? d.file;
      expect(res.locations?.[0]?.physicalLocation?.artifactLocation.uri).toBe(file);
      expect(res.locations?.[0]?.physicalLocation?.region?.startLine).toBe(d.line ?? d.object?.line);
    });
    // The parse error of the fixture, at its line.
    const parse = results.find((x) => x.ruleId === 'parse-error');
    expect(parse?.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: `${FIXTURES}/broken/malformed.yaml` }, region: { startLine: 8 } });
    const ineffective = results.find((x) => x.ruleId === 'meshed-port-rule-ineffective');
    expect(ineffective?.level).toBe('error');
    expect(ineffective?.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toMatch(/^NetworkPolicy\//);
  });

  it('keeps the fingerprints when the findings move to other lines, and they are distinct per finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accessgraph-sarif-'));
    const text = readFileSync(join(REPO_ROOT, FIXTURES, 'meshed-port/api-ingress.yaml'), 'utf8');
    writeFileSync(join(dir, 'a.yaml'), text);
    writeFileSync(join(dir, 'w.yaml'), readFileSync(join(REPO_ROOT, FIXTURES, 'shop/workloads.yaml'), 'utf8'));
    const before = parseSarif((await runCli(['graph', '--manifests', dir, '--format', 'sarif'], { cwd: dir })).stdout).runs[0]!.results;
    writeFileSync(join(dir, 'a.yaml'), `# moved down\n# by three\n# lines\n${text}`);
    const after = parseSarif((await runCli(['graph', '--manifests', dir, '--format', 'sarif'], { cwd: dir })).stdout).runs[0]!.results;
    expect(before.length).toBeGreaterThan(0);
    expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
    const line = (r: SarifResult) => r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0;
    const uri = (r: SarifResult) => r.locations?.[0]?.physicalLocation?.artifactLocation.uri;
    expect(before.filter((r) => uri(r) === 'a.yaml').length).toBeGreaterThan(0);
    expect(before.length).toBeGreaterThan(1);
    expect(after.map(line)).toEqual(before.map((r) => line(r) + (uri(r) === 'a.yaml' ? 3 : 0)));
    const prints = before.map((r) => r.partialFingerprints['accessgraphFinding/v1']);
    expect(new Set(prints).size).toBe(prints.length);
    // --manifests given as an absolute path: the URIs are still relative to where it ran.
    expect(new Set(before.map(uri))).toEqual(new Set(['a.yaml', 'w.yaml']));
  });

  it('is a valid log with no results when there is nothing to report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accessgraph-sarif-empty-'));
    writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: empty\n');
    const r = await runCli(['graph', '--manifests', resolve(dir, 'ns.yaml'), '--format', 'sarif'], { cwd: dir });
    const log = parseSarif(r.stdout);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.invocations[0]!.commandLine).toBe('accessgraph graph --manifests ns.yaml --format sarif');
  });
});

const EXPECTATIONS = `# expectations kept beside the policies
expectations:
  - {from: wikijs/wikijs, to: postgres/postgresql, port: 5432, expect: allowed}
  - {from: default/toolbox, to: postgres/postgresql, port: 5432, expect: allowed}

  - from: wikijs/wikijs
    to: postgres/postgresql
    port: 5432
    expect: allowed
    protection: both
  - {from: "nope/*", to: postgres/postgresql, port: 5432, expect: denied}
`;

describe('assert --format sarif', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accessgraph-assert-sarif-'));
  writeFileSync(join(dir, 'expectations.yaml'), EXPECTATIONS);

  it('validates, and has one result per failed or erroneous expectation at its line in the expectations file', async () => {
    const r = await runCli(['assert', '--expect', 'expectations.yaml', '--demo', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(2); // a pattern matching nothing is an error, as in the other formats
    const log = parseSarif(r.stdout);
    commonChecks(log, r.stdout, 'assert');
    const run = log.runs[0]!;
    expect(run.invocations[0]).toMatchObject({ exitCode: 2, executionSuccessful: false });
    expect(run.properties).toEqual({ expectations: 4, passed: 1, failed: 2, errors: 1 });
    expect(run.results.map((x) => [x.ruleId, x.level, x.locations?.[0]?.physicalLocation?.artifactLocation.uri, x.locations?.[0]?.physicalLocation?.region?.startLine])).toEqual([
      ['expect-allowed', 'error', 'expectations.yaml', 4],
      ['expect-allowed', 'error', 'expectations.yaml', 6],
      ['expectation-invalid', 'error', 'expectations.yaml', 11],
    ]);
  });

  it('names the failing flows and relates the deciding objects at their file and line', async () => {
    const r = await runCli(['assert', '--expect', 'expectations.yaml', '--demo', '--format', 'sarif'], { cwd: dir });
    const [denied, weaker] = parseSarif(r.stdout).runs[0]!.results;
    expect(denied!.message.text).toMatch(/default\/toolbox → postgres\/postgresql 5432\/TCP: denied/);
    expect(weaker!.message.text).toMatch(/wikijs\/wikijs → postgres\/postgresql 5432\/TCP: allowed \(l4-only\)/);
    const related = weaker!.relatedLocations ?? [];
    const policy = related.find((x) => x.message.text.includes('allow-postgres-clients'));
    expect(policy?.physicalLocation).toEqual({ artifactLocation: { uri: 'demo/11-homelab-networkpolicies.yaml' }, region: { startLine: 20 } });
    // The message links to its related location by id (SARIF's embedded links).
    expect(weaker!.message.text).toContain(`](${policy!.id})`);
  });

  it('keeps an expectation\'s fingerprint when the file is reordered, and exits 1 when only failures remain', async () => {
    const first = parseSarif((await runCli(['assert', '--expect', 'expectations.yaml', '--demo', '-o', 'sarif'], { cwd: dir })).stdout).runs[0]!.results;
    const lines = EXPECTATIONS.split('\n');
    writeFileSync(join(dir, 'reordered.yaml'), ['expectations:', lines[3], lines[2]].join('\n') + '\n');
    const r = await runCli(['assert', '--expect', 'reordered.yaml', '--demo', '-o', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const again = parseSarif(r.stdout).runs[0]!;
    expect(again.invocations[0]).toMatchObject({ exitCode: 1, executionSuccessful: true });
    expect(again.results).toHaveLength(1);
    expect(again.results[0]!.locations?.[0]?.physicalLocation?.region?.startLine).toBe(2);
    expect(again.results[0]!.partialFingerprints).toEqual(first.find((x) => x.message.text.includes('default/toolbox'))!.partialFingerprints);
    expect(first[0]!.partialFingerprints).not.toEqual(first[1]!.partialFingerprints);
  });
});
