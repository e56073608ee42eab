/**
 * Expectations a team keeps beside its policies (issue 14, `accessgraph assert`): "from these
 * workloads to those, on this port: denied / allowed (with this protection) / unknown / not
 * open". Each expectation expands to flows through the same Analysis the other commands use,
 * and holds only when every one of its flows does; a pattern that matches no workload is an
 * error, never a pass.
 *
 * File form (YAML or JSON):
 *   expectations:
 *     - {from: "default/*", to: postgres/postgresql, port: 5432/TCP, expect: denied}
 *     - {from: {namespaces: [wikijs]}, to: postgres/postgresql, port: 5432, expect: allowed, protection: both}
 *     - {from: {notNamespaces: [minio, monitoring]}, to: minio/minio, port: 9000, expect: denied}
 *     - {from: "*", to: "payments/*", expect: not-open}
 * `from`/`to`: a workload id, a glob over ids (`*` within a segment, e.g. `default/*`, `*` for
 * all), or an object {namespaces, notNamespaces, name}; `to` may also name a Service —
 * `service/ns/name`, or `ns/name` when no workload has that id (as `check` reads it) — which
 * stands for the workloads it selects, each on the target port of the Service port asked
 * (serviceResolution.ts). `port`: N, N/PROTO, a port name (a Service port's name, or each
 * destination workload's container port of that name), or absent (each destination's declared
 * ports; every port of a Service).
 */
import type { Analysis } from '../analysis/types.ts';
import { declaredPorts } from '../graph/buildGraph.ts';
import { type Protocol } from '../k8s/types.ts';
import { isPortTextProblem, parsePortText } from '../query/portSpec.ts';
import { PROTECTIONS, type Cell, type Protection } from '../verdict/types.ts';
import { resolveService } from './serviceResolution.ts';

export const EXPECTATION_VERDICTS = ['allowed', 'denied', 'unknown', 'not-open'] as const;
export type ExpectationVerdict = (typeof EXPECTATION_VERDICTS)[number];

export type WorkloadPattern = { glob: string } | { namespaces?: string[]; notNamespaces?: string[]; name?: string };

export interface Expectation {
  /** 0-based position in the file, and a label for reports. */
  index: number;
  label: string;
  from: WorkloadPattern;
  to: WorkloadPattern;
  /** A number (protocol TCP unless given), or a port name (any protocol unless given). */
  port?: { port: number; protocol: Protocol } | { name: string; protocol?: Protocol };
  expect: ExpectationVerdict;
  protection?: Protection;
}

export interface ExpectationResult {
  expectation: Expectation;
  /**
   * `error`: a pattern matched nothing (or only the same workload); `skipped`: it names flows,
   * but none with an end in the namespaces asked for (`--namespace`).
   */
  status: 'pass' | 'fail' | 'error' | 'skipped';
  message: string;
  flows: number;
  /** The flows that break it (at most 20 kept), with the cells' reasons. */
  failures: Cell[];
  failureCount: number;
}

function globRegex(glob: string): RegExp {
  const body = glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return new RegExp(`^${glob === '*' ? '.*' : body}$`);
}

function patternText(p: WorkloadPattern): string {
  if ('glob' in p) return p.glob;
  const parts = [p.namespaces && `namespaces ${p.namespaces.join(', ')}`, p.notNamespaces && `outside namespaces ${p.notNamespaces.join(', ')}`, p.name && `named ${p.name}`].filter(Boolean);
  return parts.join(', ') || 'every workload';
}

export function matchWorkloads(analysis: Analysis, p: WorkloadPattern): number[] {
  const out: number[] = [];
  const re = 'glob' in p ? globRegex(p.glob) : undefined;
  analysis.inventory.workloads.forEach((w) => {
    const i = analysis.table.indexOf(w.id)!;
    if (re) {
      if (re.test(w.id)) out.push(i);
      return;
    }
    const q = p as Exclude<WorkloadPattern, { glob: string }>;
    if (q.namespaces && !q.namespaces.includes(w.namespace)) return;
    if (q.notNamespaces?.includes(w.namespace)) return;
    if (q.name !== undefined && q.name !== w.name) return;
    out.push(i);
  });
  return out;
}

type Problem = { index: number; message: string };

function parsePattern(v: unknown, where: string, problems: Problem[], index: number): WorkloadPattern | undefined {
  if (typeof v === 'string' && v.length > 0) return { glob: v };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const list = (k: string) => {
      const x = o[k];
      if (x === undefined) return undefined;
      if (!Array.isArray(x) || x.some((s) => typeof s !== 'string')) {
        problems.push({ index, message: `${where}.${k} must be a list of namespace names` });
        return undefined;
      }
      return x as string[];
    };
    const unknownKeys = Object.keys(o).filter((k) => !['namespaces', 'notNamespaces', 'name'].includes(k));
    if (unknownKeys.length) problems.push({ index, message: `${where}: unknown field ${unknownKeys.join(', ')} (expected namespaces, notNamespaces, name)` });
    if (o.name !== undefined && typeof o.name !== 'string') problems.push({ index, message: `${where}.name must be a string` });
    return { ...(list('namespaces') ? { namespaces: list('namespaces') } : {}), ...(list('notNamespaces') ? { notNamespaces: list('notNamespaces') } : {}), ...(typeof o.name === 'string' ? { name: o.name } : {}) };
  }
  problems.push({ index, message: `${where} must be a workload id, a glob like "default/*", or {namespaces, notNamespaces, name}` });
  return undefined;
}

function parsePort(v: unknown, problems: Problem[], index: number): Expectation['port'] | null {
  if (v === undefined || v === null) return undefined;
  const text = String(v);
  // The one port grammar (query/portSpec.ts); a name only as YAML text (a number stays a number).
  const p = parsePortText(text);
  if (typeof v === 'string' && isPortTextProblem(p) && p.problem === 'name' && /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/i.test(p.portText) && /[a-z]/i.test(p.portText) && (p.portText.length > 15 || p.portText !== p.portText.toLowerCase())) {
    // An IANA_SVC_NAME, as a container or Service port is named: at most 15, lower case.
    problems.push({ index, message: `port ${JSON.stringify(v)}: a port name is lower case, at most 15 characters` });
    return null;
  }
  if (isPortTextProblem(p) || (p.kind === 'name' && typeof v !== 'string')) {
    problems.push({ index, message: `port ${JSON.stringify(v)}: expected a number 1-65535 or a port name, optionally /TCP, /UDP or /SCTP` });
    return null;
  }
  if (p.kind === 'name') return { name: p.name, ...(p.protocol ? { protocol: p.protocol } : {}) };
  return { port: p.port, protocol: p.protocol ?? 'TCP' };
}

/** The decoded file → expectations, or the problems that make it malformed. */
export function parseExpectations(doc: unknown): { expectations: Expectation[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const list = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).expectations : undefined;
  if (!Array.isArray(list) || list.length === 0) return { expectations: [], problems: [{ index: -1, message: 'the file needs a non-empty `expectations:` list' }] };
  const expectations: Expectation[] = [];
  list.forEach((raw, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ index, message: 'an expectation must be a map with from, to, expect' });
      return;
    }
    const o = raw as Record<string, unknown>;
    const unknownKeys = Object.keys(o).filter((k) => !['from', 'to', 'port', 'expect', 'protection', 'name'].includes(k));
    if (unknownKeys.length) problems.push({ index, message: `unknown field ${unknownKeys.join(', ')}` });
    const from = parsePattern(o.from, 'from', problems, index);
    if (from && 'glob' in from && SERVICE_REF.test(from.glob)) problems.push({ index, message: 'from: a Service is a destination only (give the client workload)' });
    const to = parsePattern(o.to, 'to', problems, index);
    const port = parsePort(o.port, problems, index);
    const expect = o.expect;
    if (!(EXPECTATION_VERDICTS as readonly unknown[]).includes(expect)) problems.push({ index, message: `expect ${JSON.stringify(expect)}: expected one of ${EXPECTATION_VERDICTS.join(', ')}` });
    const protection = o.protection;
    if (protection !== undefined && !(PROTECTIONS as readonly unknown[]).includes(protection)) problems.push({ index, message: `protection ${JSON.stringify(protection)}: expected one of ${PROTECTIONS.join(', ')}` });
    if (protection !== undefined && expect !== 'allowed') problems.push({ index, message: 'protection only goes with expect: allowed' });
    if (!from || !to || port === null || problems.some((p) => p.index === index)) return;
    const label =
      typeof o.name === 'string'
        ? o.name
        : `from ${patternText(from)} to ${patternText(to)}${port ? ` port ${portText(port)}` : ''}: ${String(expect)}${protection ? ` (${String(protection)})` : ''}`;
    expectations.push({ index, label, from, to, ...(port ? { port } : {}), expect: expect as ExpectationVerdict, ...(protection ? { protection: protection as Protection } : {}) });
  });
  return { expectations, problems };
}

function holds(e: Expectation, c: Cell): boolean {
  switch (e.expect) {
    case 'allowed':
      return c.allowed === true && (e.protection === undefined || c.protection === e.protection);
    case 'denied':
      return c.allowed === false;
    case 'unknown':
      return c.allowed === null;
    case 'not-open':
      return c.allowed === false || (c.allowed === true && c.protection !== 'none');
  }
}

const KEEP = 20;

const portText = (p: NonNullable<Expectation['port']>) => ('name' in p ? `${p.name}${p.protocol ? `/${p.protocol}` : ''}` : `${p.port}/${p.protocol}`);

/** `service/ns/name` (or `svc/`): a Service, said explicitly. */
const SERVICE_REF = /^(?:service|svc)\/([^/*\s]+)\/([^/*\s]+)$/;
const PLAIN_ID = /^([^/*\s]+)\/([^/*\s]+)$/;

interface Destinations {
  /** Destination workload index → the ports to ask on it. */
  targets: Map<number, { port: number; protocol: Protocol }[]>;
  /** Why some selected workload is no endpoint of the port asked, in words. */
  notes: string[];
}

/** What `to` names: workloads (pattern) with their ports, or a Service's endpoints × target ports. */
function destinations(analysis: Analysis, e: Expectation): Destinations | string {
  const to = e.to;
  const service = 'glob' in to ? (SERVICE_REF.exec(to.glob) ?? (matchWorkloads(analysis, to).length === 0 ? PLAIN_ID.exec(to.glob) : null)) : null;
  if (service) {
    const [, namespace, name] = service;
    const svc = analysis.inventory.services.find((s) => s.namespace === namespace && s.name === name);
    const glob = (to as { glob: string }).glob;
    if (!svc) return SERVICE_REF.test(glob) ? `to ${glob}: no Service ${namespace}/${name}` : `to ${glob} matches no workload and no Service`;
    const port = e.port === undefined ? undefined : 'name' in e.port ? e.port.name : e.port.port;
    const resolved = resolveService(analysis.inventory.workloads, svc, port, e.port?.protocol);
    if (typeof resolved === 'string') return resolved;
    const targets = new Map<number, { port: number; protocol: Protocol }[]>();
    for (const t of resolved.targets) {
      const i = analysis.table.indexOf(t.workload);
      if (i === undefined) continue;
      const list = targets.get(i) ?? [];
      if (!list.some((p) => p.port === t.port && p.protocol === t.protocol)) list.push({ port: t.port, protocol: t.protocol });
      targets.set(i, list);
    }
    if (targets.size === 0) return `to Service ${namespace}/${name}: no workload to check${resolved.notes.length ? ` (${resolved.notes.join('; ')})` : ''}`;
    return { targets, notes: resolved.notes };
  }
  const matched = matchWorkloads(analysis, to);
  if (matched.length === 0) return `to ${patternText(to)} matches no workload`;
  const targets = new Map<number, { port: number; protocol: Protocol }[]>();
  const port = e.port;
  for (const i of matched) {
    const dst = analysis.table.at(i);
    if (port === undefined) targets.set(i, declaredPorts(dst));
    else if ('port' in port) targets.set(i, [port]);
    else {
      const named = new Map<string, { port: number; protocol: Protocol }>();
      for (const p of dst.ports) if (p.name === port.name && (!port.protocol || p.protocol === port.protocol)) named.set(`${p.port}/${p.protocol}`, { port: p.port, protocol: p.protocol });
      if (named.size > 0) targets.set(i, [...named.values()]);
    }
  }
  if (targets.size === 0) return `to ${patternText(to)}: no destination declares a port named ${portText(port!)}`;
  return { targets, notes: [] };
}

export interface EvaluateOptions {
  /**
   * Only the flows with a source or a destination in these namespaces are evaluated (`-n`);
   * the verdicts are the same (every policy still applies), only fewer flows are asked.
   */
  namespaces?: readonly string[];
}

export function evaluateExpectation(analysis: Analysis, e: Expectation, options: EvaluateOptions = {}): ExpectationResult {
  const sources = matchWorkloads(analysis, e.from);
  const base = { expectation: e, failures: [] as Cell[], failureCount: 0, flows: 0 };
  if (sources.length === 0) return { ...base, status: 'error', message: `from ${patternText(e.from)} matches no workload` };
  const dests = destinations(analysis, e);
  if (typeof dests === 'string') return { ...base, status: 'error', message: dests };
  const inScope = options.namespaces?.length ? new Set(options.namespaces) : undefined;
  let flows = 0;
  let outOfScope = 0;
  let failureCount = 0;
  const failures: Cell[] = [];
  for (const [to, ports] of dests.targets) {
    const dst = analysis.table.at(to);
    for (const from of sources) {
      if (from === to) continue;
      const src = analysis.table.at(from);
      for (const p of ports) {
        if (inScope && !inScope.has(src.namespace) && !inScope.has(dst.namespace)) {
          outOfScope++;
          continue;
        }
        const r = analysis.check({ from: src.id, to: dst.id, port: p.port, protocol: p.protocol });
        if (!r.ok) continue;
        flows++;
        if (!holds(e, r.cell)) {
          failureCount++;
          if (failures.length < KEEP) failures.push(r.cell);
        }
      }
    }
  }
  const note = dests.notes.length ? ` (${dests.notes.join('; ')})` : '';
  if (flows === 0 && outOfScope > 0) return { ...base, status: 'skipped', message: `${outOfScope === 1 ? 'its one flow has' : `none of its ${outOfScope} flows has`} ${outOfScope === 1 ? 'no' : 'an'} end in namespace${inScope!.size === 1 ? '' : 's'} ${[...inScope!].join(', ')}` };
  if (flows === 0) return { ...base, status: 'error', message: `no flow to check: the patterns match only the same workload, or the destinations declare no port (give port:)${note}` };
  const scope = outOfScope > 0 ? ` in namespace${inScope!.size === 1 ? '' : 's'} ${[...inScope!].join(', ')} (${outOfScope} other${outOfScope === 1 ? '' : 's'} not evaluated)` : '';
  return {
    expectation: e,
    flows,
    failures,
    failureCount,
    status: failureCount === 0 ? 'pass' : 'fail',
    message: (failureCount === 0 ? `holds for all ${flows} flow${flows === 1 ? '' : 's'}` : `${failureCount} of ${flows} flow${flows === 1 ? '' : 's'} break it`) + scope + note,
  };
}
