/**
 * One validation for every object, the API server's own (issue 15): the OpenAPI v3 schema the
 * real kube-apiserver publishes for built-in kinds (schemas/kubernetes.json) and the CRDs'
 * `openAPIV3Schema` for the Linkerd and Gateway API kinds (schemas/linkerd.json), precompiled by
 * Ajv into validators.generated.js (generate.ts; compiling them at run time cost 1–2.4 s of
 * `check --demo`), plus the metadata rules the API server checks in code (metadata.ts). Pure:
 * the schemas and validators are imported modules, nothing is read at run time.
 *
 * - A wrong type, a missing required field, a value outside an enum: an error (the API server
 *   rejects the object).
 * - An unknown field: a warning (the API server drops it; kubectl --validate=strict refuses).
 * - A group and kind known here at a version the schemas do not have: `unsupported-version`.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { kinds, sources, validators } from './validators.generated.js';
import { formatPath, type PathSegment } from './jsonPath.ts';
import { metadataProblems } from './metadata.ts';

export interface Problem {
  /** JSON path (`spec.ingress[0].from`). */
  path: string;
  message: string;
}

export type ValidationResult =
  /** No schema for this group and kind: not a kind the model reads. */
  | { status: 'not-validated' }
  | { status: 'unsupported-version'; served: string[]; message: string }
  | { status: 'checked'; errors: Problem[]; warnings: Problem[] };

/** Where the schemas come from, for the README and diagnostics. */
export const SCHEMA_SOURCES = sources;

interface KindEntry {
  builtin: boolean;
  clusterScoped: boolean;
}

/** `group|kind` → version → entry. Core group is ''. */
const KINDS = new Map<string, Map<string, KindEntry>>();
for (const [key, entry] of Object.entries(kinds)) {
  const [group, version, kind] = key.split('/') as [string, string, string];
  const k = `${group}|${kind}`;
  if (!KINDS.has(k)) KINDS.set(k, new Map());
  KINDS.get(k)!.set(version, entry);
}
/** Groups no API server serves any more that held kinds the model reads (extensions/v1beta1, removed in 1.16/1.22). */
const RETIRED: Record<string, Record<string, string>> = {
  extensions: { NetworkPolicy: 'networking.k8s.io', Deployment: 'apps', DaemonSet: 'apps', ReplicaSet: 'apps' },
};

/** Served versions of a kind the schemas know, or undefined. */
export function servedVersions(group: string, kind: string): string[] | undefined {
  const m = KINDS.get(`${group}|${kind}`);
  return m && [...m.keys()];
}

// ---------------------------------------------------------------- precompiled validators

function validatorFor(group: string, version: string, kind: string): ValidateFunction | undefined {
  return validators[`${group}/${version}/${kind}`];
}

// ---------------------------------------------------------------- data normalisation

/**
 * A copy to validate: Dates (a live client's timestamps) as RFC 3339 strings, and for custom
 * resources null fields removed (the API server prunes non-nullable nulls before validating).
 */
function normalise(v: unknown, dropNulls: boolean): unknown {
  // Copies only what changes: most objects come back as they are.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString().replace('.000Z', 'Z');
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = normalise(v[i], dropNulls);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    if (dropNulls && x === null) {
      out ??= { ...(v as Record<string, unknown>) };
      delete out[k];
      continue;
    }
    const n = normalise(x, dropNulls);
    if (n !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = n;
  }
  return out ?? v;
}

// ---------------------------------------------------------------- errors → problems

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
  return `${typeof v} ${String(v)}`;
}

const TYPE_WORDS: Record<string, string> = { array: 'a list', object: 'a map (object)', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean' };

/** Ajv's `/spec/ingress/0` as segments, numbers where the data has a list. */
function segmentsOf(instancePath: string, data: unknown): PathSegment[] {
  const out: PathSegment[] = [];
  let cur = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(key));
      cur = cur[Number(key)];
    } else {
      out.push(key);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

function valueAt(data: unknown, segments: PathSegment[]): unknown {
  let cur = data;
  for (const s of segments) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[s] : undefined;
  return cur;
}

function problems(errors: ErrorObject[], data: unknown): { errors: Problem[]; warnings: Problem[] } {
  const out = { errors: [] as Problem[], warnings: [] as Problem[] };
  const seen = new Set<string>();
  // A oneOf/anyOf whose branches only say "required" (a CRD's "exactly one of these fields") is
  // reported once, as such; otherwise its branches' own errors say more than it does.
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const branchOf = (e: ErrorObject) => unions.find((u) => e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`) && e.instancePath === u.instancePath);
  const requiredUnions = new Set(unions.filter((u) => errors.every((e) => branchOf(e) !== u || e.keyword === 'required') && errors.some((e) => branchOf(e) === u)));
  for (const e of errors) {
    const segments = segmentsOf(e.instancePath, data);
    if (requiredUnions.has(branchOf(e)!)) continue;
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && !requiredUnions.has(e) && errors.some((c) => c !== e && branchOf(c) === e)) continue;
    if (requiredUnions.has(e)) {
      const fields = errors.filter((x) => branchOf(x) === e).map((x) => String((x.params as { missingProperty?: string }).missingProperty));
      const path = formatPath(segments);
      const problem = { path, message: `${path} needs ${e.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of ${fields.join(', ')}` };
      if (!seen.has(problem.message)) out.errors.push(problem);
      seen.add(problem.message);
      continue;
    }
    const value = valueAt(data, segments);
    let path = formatPath(segments);
    let message: string;
    let warning = false;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties':
        path = formatPath([...segments, String(p.additionalProperty)]);
        message = `unknown field "${String(p.additionalProperty)}": the API server drops it (kubectl --validate=strict rejects the object)`;
        warning = true;
        break;
      case 'required':
        path = formatPath([...segments, String(p.missingProperty)]);
        message = `${path} is required`;
        break;
      case 'type': {
        const types = (Array.isArray(p.type) ? p.type : String(p.type).split(',')).filter((t: string) => t !== 'null');
        message = `${path || 'the object'} must be ${types.map((t: string) => TYPE_WORDS[t] ?? t).join(' or ')}, not ${typeName(value)}`;
        break;
      }
      case 'enum':
        message = `${path} must be one of ${(p.allowedValues as unknown[]).filter((x) => x !== null).map((x) => JSON.stringify(x)).join(', ')}, not ${typeName(value)}`;
        break;
      case 'format':
        message = `${path} must be ${p.format === 'int32' ? 'a 32-bit integer' : `in ${String(p.format)} format`}, not ${typeName(value)}`;
        break;
      case 'k8sListType':
        path = formatPath([...segments, Number(p.index)]);
        message = `${path}: ${e.message ?? 'duplicate entry'}`;
        break;
      default:
        message = `${path || 'the object'} ${e.message ?? 'is invalid'}${value !== undefined && typeof value !== 'object' ? ` (${typeName(value)})` : ''}`;
    }
    const k = `${warning}|${path}|${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    (warning ? out.warnings : out.errors).push({ path, message });
  }
  return out;
}

// ---------------------------------------------------------------- entry point

/** Validates one decoded object against its kind's schema and the API server's metadata rules. */
export function validateObject(o: Record<string, unknown>): ValidationResult {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  const retiredTo = RETIRED[group]?.[kind];
  const versions = KINDS.get(`${group}|${kind}`);
  if (retiredTo) {
    const served = servedVersions(retiredTo, kind) ?? [];
    return { status: 'unsupported-version', served: served.map((v) => `${retiredTo}/${v}`), message: `${apiVersion} ${kind} is no longer served by any Kubernetes API server (use ${served.map((v) => `${retiredTo}/${v}`).join(', ')})` };
  }
  if (!versions) return { status: 'not-validated' };
  const entry = versions.get(version);
  if (!entry) {
    const served = [...versions.keys()].map((v) => (group ? `${group}/${v}` : v));
    return { status: 'unsupported-version', served, message: `${apiVersion} is not a version served for ${kind} (served: ${served.join(', ')})` };
  }
  const data = normalise(o, !entry.builtin);
  const fn = validatorFor(group, version, kind);
  if (!fn) return { status: 'not-validated' };
  const result = fn(data) ? { errors: [], warnings: [] } : problems(fn.errors ?? [], data);
  const typeErrorAt = new Set(result.errors.map((e) => e.path));
  for (const p of metadataProblems(data as Record<string, unknown>, group, kind, entry.clusterScoped)) if (!typeErrorAt.has(p.path)) result.errors.push(p);
  return { status: 'checked', ...result };
}
