/**
 * A label selector in kubectl's string form (`app in (postgresql,minio)`, `tier=data,!canary`),
 * as k8s.io/apimachinery pkg/labels/selector.go Parse reads it: requirements separated by
 * commas (commas inside parentheses belong to the value set) and ANDed; `k=v` and `k==v` are
 * In [v]; `k!=v` is NotIn [v] (it matches a workload without the key); `k` is Exists; `!k` is
 * DoesNotExist; `k in (…)` / `k notin (…)`. The numeric `k>1` / `k<1` are not label selector
 * operators of metav1.LabelSelector: refused with a message, as is anything else.
 */
import type { LabelSelector, SelectorRequirement } from './labelSelector.ts';

export type SelectorParse = { ok: true; selector: LabelSelector } | { ok: false; message: string };

// A qualified name with an optional DNS prefix, as label keys are (validation is lenient on length).
const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-z0-9A-Z]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const VALUE = /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?$/;

function split(text: string): string[] | string {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) return 'a “)” without its “(”';
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) return 'a “(” without its “)”';
  out.push(cur);
  return out;
}

export function parseSelectorString(text: string): SelectorParse {
  const t = text.trim();
  if (!t) return { ok: false, message: 'the selector is empty (it would select every workload)' };
  const parts = split(t);
  if (typeof parts === 'string') return { ok: false, message: `selector “${t}”: ${parts}` };
  const matchExpressions: SelectorRequirement[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) return { ok: false, message: `selector “${t}”: an empty requirement (two commas, or a comma at an end)` };
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    let key: string;
    let req: SelectorRequirement;
    if (set) {
      key = set[1]!;
      const values = set[3]!.split(',').map((v) => v.trim());
      const bad = values.find((v) => !VALUE.test(v));
      if (bad !== undefined) return { ok: false, message: `selector “${t}”: “${bad}” is not a label value` };
      req = { key, operator: set[2] === 'in' ? 'In' : 'NotIn', values };
    } else if (/^!\s*[^=!<>\s]+$/.test(part)) {
      key = part.slice(1).trim();
      req = { key, operator: 'DoesNotExist', values: [] };
    } else {
      const eq = /^([^=!<>\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
      if (eq) {
        key = eq[1]!;
        if (!VALUE.test(eq[3]!)) return { ok: false, message: `selector “${t}”: “${eq[3]}” is not a label value` };
        req = { key, operator: eq[2] === '!=' ? 'NotIn' : 'In', values: [eq[3]!] };
      } else if (/^[^=!<>\s()]+$/.test(part)) {
        key = part;
        req = { key, operator: 'Exists', values: [] };
      } else if (/[<>]/.test(part)) {
        return { ok: false, message: `selector “${t}”: “${part}”: > and < are not label selector operators here; use in (…), notin (…), =, != or the key alone` };
      } else return { ok: false, message: `selector “${t}”: cannot read “${part}” (expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b))` };
    }
    if (!KEY.test(key)) return { ok: false, message: `selector “${t}”: “${key}” is not a label key` };
    matchExpressions.push(req);
  }
  return { ok: true, selector: { matchLabels: [], matchExpressions } };
}
