/**
 * metav1.LabelSelector from decoded YAML, validated like the API server does: operators In,
 * NotIn, Exists, DoesNotExist; values required for In/NotIn and forbidden for the others.
 */
import { SELECTOR_OPERATORS, type LabelSelector, type SelectorOperator, type SelectorRequirement } from '../selectors/labelSelector.ts';
import { asArr, asObj, asStr } from './fields.ts';
import type { ParseContext } from './parseContext.ts';
import { isOneOf } from '../util/isOneOf.ts';

/** Undefined when invalid (reported). A missing selector is `{}` only where the caller says so. */
export function parseLabelSelector(v: unknown, path: string, ctx: ParseContext): LabelSelector | undefined {
  if (v === undefined || v === null) return { matchLabels: [], matchExpressions: [] };
  const o = asObj(v);
  if (!o) {
    ctx.invalid(path, 'a label selector must be an object with matchLabels and/or matchExpressions');
    return undefined;
  }
  let ok = true;
  const matchLabels: [string, string][] = [];
  const ml = o.matchLabels;
  if (ml !== undefined && ml !== null) {
    const m = asObj(ml);
    if (!m) {
      ctx.invalid(`${path}.matchLabels`, 'matchLabels must be a map of label keys to values');
      ok = false;
    } else {
      for (const [k, x] of Object.entries(m)) {
        if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') {
          ctx.invalid(`${path}.matchLabels.${k}`, `label value for "${k}" must be a string`);
          ok = false;
        } else matchLabels.push([k, String(x)]);
      }
    }
  }
  const matchExpressions: SelectorRequirement[] = [];
  const me = o.matchExpressions;
  if (me !== undefined && me !== null) {
    const list = asArr(me);
    if (!list) {
      ctx.invalid(`${path}.matchExpressions`, 'matchExpressions must be a list');
      return undefined;
    }
    list.forEach((e, i) => {
      const p = `${path}.matchExpressions[${i}]`;
      const key = asStr(asObj(e)?.key);
      const operator = asStr(asObj(e)?.operator);
      const rawValues = asObj(e)?.values;
      const values = (asArr(rawValues) ?? []).map((x) => String(x));
      if (!key) {
        ctx.invalid(`${p}.key`, 'a selector requirement needs a key');
        ok = false;
        return;
      }
      if (!operator || !isOneOf(SELECTOR_OPERATORS, operator)) {
        ctx.invalid(`${p}.operator`, `operator "${operator ?? ''}" is not one of ${SELECTOR_OPERATORS.join(', ')}`);
        ok = false;
        return;
      }
      if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
        ctx.invalid(`${p}.values`, `operator ${operator} needs at least one value`);
        ok = false;
        return;
      }
      if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
        ctx.invalid(`${p}.values`, `operator ${operator} must not have values`);
        ok = false;
        return;
      }
      matchExpressions.push({ key, operator: operator as SelectorOperator, values });
    });
  }
  return ok ? { matchLabels, matchExpressions } : undefined;
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A label key as the API server checks it (a qualified name: optional DNS-subdomain prefix, `/`, a name of ≤ 63). */
export function isValidLabelKey(k: string): boolean {
  const parts = k.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (name.length > 63 || !LABEL_NAME.test(name)) return false;
  if (parts.length === 2) return parts[0]!.length > 0 && parts[0]!.length <= 253 && DNS_SUBDOMAIN.test(parts[0]!);
  return true;
}

/** A label value: empty, or ≤ 63 alphanumerics, '-', '_', '.', alphanumeric at both ends. */
export function isValidLabelValue(v: string): boolean {
  return v === '' || (v.length <= 63 && LABEL_NAME.test(v));
}

/**
 * The label syntax of a selector, as the API server validates it in built-in kinds (NetworkPolicy:
 * ValidateLabelSelector — keys are qualified names, matchLabels and In/NotIn values label values).
 * CRDs (Linkerd's Server) get no such check: the API server stores what their schema allows.
 */
export function checkSelectorSyntax(s: LabelSelector, path: string, ctx: ParseContext): boolean {
  let ok = true;
  for (const [k, v] of s.matchLabels) {
    if (!isValidLabelKey(k)) {
      ctx.invalid(`${path}.matchLabels`, `"${k}" is not a valid label key`);
      ok = false;
    } else if (!isValidLabelValue(v)) {
      ctx.invalid(`${path}.matchLabels.${k}`, `"${v}" is not a valid label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`);
      ok = false;
    }
  }
  s.matchExpressions.forEach((r, i) => {
    if (!isValidLabelKey(r.key)) {
      ctx.invalid(`${path}.matchExpressions[${i}].key`, `"${r.key}" is not a valid label key`);
      ok = false;
    }
    r.values.forEach((v, j) => {
      if (!isValidLabelValue(v)) {
        ctx.invalid(`${path}.matchExpressions[${i}].values[${j}]`, `"${v}" is not a valid label value`);
        ok = false;
      }
    });
  });
  return ok;
}
