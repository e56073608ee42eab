/**
 * The parts of metadata the API server checks in code rather than in its OpenAPI schema
 * (k8s.io/apimachinery pkg/api/validation/objectmeta.go ValidateObjectMeta, and the per-kind
 * name rules of pkg/apis/{core,apps,batch,networking}/validation/validation.go): the name's
 * format, the namespace's format, label and annotation keys, label values.
 */
import type { Obj } from '../fields.ts';
import { formatPath } from './jsonPath.ts';
import type { Problem } from './validate.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';

/** What a name of this kind must be (every other kind, custom resources included: DNS-1123 subdomain). */
export function nameRule(group: string, kind: string): { rule: NameRule; maxLength: number } {
  // core ValidateNamespaceName = NameIsDNSLabel
  if (group === '' && kind === 'Namespace') return { rule: 'dns1123-label', maxLength: 63 };
  // core ValidateServiceName = NameIsDNS1035Label (RelaxedServiceNameValidation is off in 1.34)
  if (group === '' && kind === 'Service') return { rule: 'dns1035-label', maxLength: 63 };
  // batch ValidateCronJob: the name plus an 11-character suffix becomes a Job name (≤ 63)
  if (group === 'batch' && kind === 'CronJob') return { rule: 'dns1123-subdomain', maxLength: 52 };
  return { rule: 'dns1123-subdomain', maxLength: 253 };
}

function nameProblem(value: string, rule: NameRule, maxLength: number): string | undefined {
  const re = rule === 'dns1123-label' ? DNS1123_LABEL : rule === 'dns1035-label' ? DNS1035_LABEL : DNS1123_SUBDOMAIN;
  const what =
    rule === 'dns1123-label'
      ? 'a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)'
      : rule === 'dns1035-label'
        ? 'a DNS-1035 label (lower-case letters, digits and "-", starting with a letter, ending with a letter or digit)'
        : 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", each part starting and ending with a letter or digit)';
  if (value.length > maxLength) return `"${value}" is longer than ${maxLength} characters`;
  if (!re.test(value)) return `"${value}" is not ${what}`;
  return undefined;
}

function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `"${key}" has more than one "/"`;
  const [prefix, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `the prefix of "${key}" must be a DNS-1123 subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return `"${key}" is not a qualified name (at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, optionally after a DNS prefix and "/")`;
  return undefined;
}

/** Problems with metadata of `o` (types were already checked against the schema). */
export function metadataProblems(o: Obj, group: string, kind: string, clusterScoped: boolean): Problem[] {
  const out: Problem[] = [];
  const meta = o.metadata;
  const m = meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Obj) : undefined;
  const name = m?.name;
  if (typeof name !== 'string' || name === '') {
    if (name === undefined || name === null || name === '') out.push({ path: 'metadata.name', message: 'metadata.name is required' });
  } else {
    const { rule, maxLength } = nameRule(group, kind);
    const p = nameProblem(name, rule, maxLength);
    if (p) out.push({ path: 'metadata.name', message: `${kind} name ${p}` });
  }
  const ns = m?.namespace;
  if (!clusterScoped && typeof ns === 'string' && ns !== '') {
    const p = nameProblem(ns, 'dns1123-label', 63);
    if (p) out.push({ path: 'metadata.namespace', message: `namespace ${p}` });
  }
  for (const field of ['labels', 'annotations'] as const) {
    const map = m?.[field];
    if (map === null || typeof map !== 'object' || Array.isArray(map)) continue;
    for (const [k, v] of Object.entries(map as Obj)) {
      const p = qualifiedNameProblem(k);
      if (p) out.push({ path: formatPath(['metadata', field, k]), message: `${field === 'labels' ? 'label' : 'annotation'} key ${p}` });
      if (field === 'labels' && typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
        out.push({ path: formatPath(['metadata', 'labels', k]), message: `label value "${v}" must be at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit` });
      }
    }
  }
  return out;
}
