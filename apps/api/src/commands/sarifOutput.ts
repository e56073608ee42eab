/**
 * SARIF 2.1.0 logs for code-scanning tools (GitHub code scanning and others): the findings of
 * `graph` and the failed expectations of `assert`, each located at the file and line of the
 * object at fault. URIs are relative to the directory the command ran from (the repository,
 * in CI); nothing in the log names an absolute path of the machine. Each result carries a
 * partial fingerprint computed from what the finding is about (code, object, JSON path, port,
 * workloads), not from its line, so an alert keeps its identity when lines move.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { formatReasonSource, type Cell, type Diagnostic, type ExpectationResult, type Severity } from '@accessgraph/model';
import { FINDING_RULES, type RuleText } from './findingRules.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifTool {
  version: string;
  /** The project's page, when the package says where it is (package.json `homepage`). */
  informationUri?: string | undefined;
}

export interface SarifInvocation {
  /** The arguments after `accessgraph`, as typed; absolute paths are made relative to cwd. */
  argv: readonly string[];
  cwd: string;
  exitCode: number;
}

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A path as a relative URI reference from `cwd` (forward slashes, each segment percent-encoded). */
export function artifactUri(file: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, file)) || '.';
  return rel
    .split(sep === '\\' ? /[\\/]/ : /\//)
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function commandLine(inv: SarifInvocation): string {
  const args = inv.argv.map((a) => {
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && isAbsolute(a.slice(eq + 1))) return `${a.slice(0, eq + 1)}${relative(inv.cwd, a.slice(eq + 1)) || '.'}`;
    return isAbsolute(a) ? relative(inv.cwd, a) || '.' : a;
  });
  return ['accessgraph', ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function fingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

function ruleJson(id: string, text: RuleText, level: 'error' | 'warning' | 'note', tags: string[]): Json {
  return {
    id,
    name: id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: text.short },
    fullDescription: { text: text.full },
    help: { text: text.help.replace(/\*\*|`/g, ''), markdown: text.help },
    defaultConfiguration: { level },
    properties: { tags },
  };
}

function location(file: string | undefined, line: number | undefined, cwd: string): Json | undefined {
  if (!file) return undefined;
  const physical: Json = { artifactLocation: { uri: artifactUri(file, cwd) } };
  if (line !== undefined && line >= 1) physical.region = { startLine: line };
  return { physicalLocation: physical };
}

function run(kind: 'graph' | 'assert', tool: SarifTool, rules: Json[], results: Json[], inv: SarifInvocation, successful: boolean): Json {
  const driver: Json = { name: 'accessgraph', version: tool.version, semanticVersion: tool.version };
  if (tool.informationUri) driver.informationUri = tool.informationUri;
  driver.rules = rules;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        automationDetails: { id: `accessgraph/${kind}/` },
        invocations: [{ commandLine: commandLine(inv), exitCode: inv.exitCode, executionSuccessful: successful }],
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
}

/** Results are sorted with their rules: the rule index of a result is its rule's position. */
function ruleIndex(rules: Json[]): Map<string, number> {
  return new Map(rules.map((r, i) => [r.id as string, i]));
}

/** The findings of an analysis as one SARIF run: rules are the codes that occur. */
export function graphSarif(diagnostics: readonly Diagnostic[], tool: SarifTool, inv: SarifInvocation): Json {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const rules = codes.map((code) => {
    const worst = diagnostics.filter((d) => d.code === code).reduce<Severity>((w, d) => (d.severity === 'error' || (d.severity === 'warning' && w === 'info') ? d.severity : w), 'info');
    return ruleJson(code, FINDING_RULES[code], LEVEL[worst], ['kubernetes', 'networkpolicy', 'linkerd', 'security']);
  });
  const index = ruleIndex(rules);
  const seen = new Map<string, number>();
  const results = diagnostics.map((d) => {
    const o = d.object;
    const key = fingerprint([d.code, o?.kind, o?.namespace, o?.name, o ? undefined : d.file, d.path, d.port, [...(d.workloads ?? [])].sort(), o || d.path ? undefined : d.message]);
    // Two findings about the same thing (e.g. two bad fields without a path) stay two alerts.
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const result: Json = {
      ruleId: d.code,
      ruleIndex: index.get(d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
      partialFingerprints: { 'accessgraphFinding/v1': n === 0 ? key : `${key}:${n}` },
    };
    const loc = location(o?.file ?? d.file, d.line ?? o?.line, inv.cwd);
    const locations: Json[] = [];
    if (loc) locations.push(loc);
    if (o) {
      const logical = { name: o.name, fullyQualifiedName: `${o.kind}/${o.namespace ? o.namespace + '/' : ''}${o.name}`, kind: 'resource' };
      if (loc) loc.logicalLocations = [logical];
      else locations.push({ logicalLocations: [logical] });
    }
    if (locations.length) result.locations = locations;
    const props: Json = { severity: d.severity };
    if (d.path) props.jsonPath = d.path;
    if (d.port) props.port = d.port;
    if (d.workloads?.length) props.workloads = d.workloads;
    result.properties = props;
    return result;
  });
  return run('graph', tool, rules, results, inv, true);
}

const EXPECT_RULES: Record<string, RuleText> = {
  'expect-allowed': {
    short: 'A flow expected to be allowed is not',
    full: 'An expectation says these flows are allowed (with the protection given, if any); at least one of them is denied, unknown, or allowed with another protection.',
    help: 'Read the deciding rules listed with each flow (the related locations): admit the flow at the layer that denies it, or correct the expectation.',
  },
  'expect-denied': {
    short: 'A flow expected to be denied is not',
    full: 'An expectation says these flows are denied; at least one of them is allowed or unknown.',
    help: 'Read the deciding rules listed with each flow (the related locations): remove the rule that admits it, or add a policy that isolates the destination.',
  },
  'expect-unknown': {
    short: 'A flow expected to be unknown is decided',
    full: 'An expectation says these flows cannot be decided from the inputs; at least one of them is allowed or denied.',
    help: 'Check which inputs now decide the flow, or correct the expectation.',
  },
  'expect-not-open': {
    short: 'A flow expected to be restricted is open',
    full: 'An expectation says these flows are denied, or allowed with some layer protecting them; at least one of them is allowed with no layer restricting it, or unknown.',
    help: 'Add a NetworkPolicy or a Linkerd authorization that restricts the destination.',
  },
  'expectation-invalid': {
    short: 'An expectation that names no flow',
    full: 'A pattern of the expectation matches no workload (or only the same workload on both sides): an expectation about nothing is an error, never a pass.',
    help: 'Correct the workload id, glob or namespace of the expectation.',
  },
};

export interface ExpectationFile {
  /** As the user gave it (relative to cwd, or absolute). */
  path: string;
  /** 1-based line of each expectation, by index. */
  lines: readonly (number | undefined)[];
}

function cellLine(c: Cell): string {
  const v = c.allowed === true ? `allowed (${c.protection})` : c.allowed === false ? 'denied' : 'unknown';
  return `${c.from} → ${c.to} ${c.port}/${c.protocol}: ${v} (L4 ${c.l4}, L7 ${c.l7})`;
}

/** The failed and erroneous expectations as one SARIF run; passes are counted in the run's properties. */
export function assertSarif(results: readonly ExpectationResult[], file: ExpectationFile, tool: SarifTool, inv: SarifInvocation): Json {
  const rules = Object.entries(EXPECT_RULES).map(([id, text]) => ruleJson(id, text, 'error', ['kubernetes', 'policy-expectation']));
  const index = ruleIndex(rules);
  const out: Json[] = [];
  for (const r of results) {
    if (r.status === 'pass') continue;
    const e = r.expectation;
    const ruleId = r.status === 'error' ? 'expectation-invalid' : `expect-${e.expect}`;
    const related: Json[] = [];
    const relatedIds = new Map<string, number>();
    const flows = r.failures.map((c) => {
      const refs: string[] = [];
      for (const reason of [...c.reasons.l4, ...c.reasons.l7]) {
        if (!reason.file || !reason.kind) continue;
        const text = formatReasonSource(reason);
        let id = relatedIds.get(text);
        if (id === undefined) {
          id = related.length + 1;
          relatedIds.set(text, id);
          const loc = location(reason.file, reason.line, inv.cwd)!;
          related.push({ id, ...loc, message: { text } });
        }
        refs.push(`[${text.replace(/[[\]\\]/g, '\\$&')}](${id})`);
      }
      return `${cellLine(c)}${refs.length ? ` — ${refs.join(', ')}` : ''}`;
    });
    const more = r.failureCount > r.failures.length ? [`… and ${r.failureCount - r.failures.length} more`] : [];
    const text = [`${e.label}: ${r.message}`, ...flows, ...more].join('\n');
    const result: Json = {
      ruleId,
      ruleIndex: index.get(ruleId),
      level: 'error',
      message: { text },
      locations: [location(file.path, file.lines[e.index], inv.cwd)],
      partialFingerprints: { 'accessgraphExpectation/v1': fingerprint([e.from, e.to, e.port ?? null, e.expect, e.protection ?? null]) },
      properties: { expectation: e.index + 1, flows: r.flows, failingFlows: r.failureCount },
    };
    if (related.length) result.relatedLocations = related;
    out.push(result);
  }
  const log = run('assert', tool, rules, out, inv, !results.some((r) => r.status === 'error'));
  const counts = { expectations: results.length, passed: results.filter((r) => r.status === 'pass').length, failed: results.filter((r) => r.status === 'fail').length, errors: results.filter((r) => r.status === 'error').length };
  ((log.runs as Json[])[0] as Json).properties = counts;
  return log;
}
