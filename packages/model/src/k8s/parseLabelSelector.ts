/**
 * metav1.LabelSelector from decoded YAML, validated like the API server does: operators In,
 * NotIn, Exists, DoesNotExist; values required for In/NotIn and forbidden for the others.
 */
import { SELECTOR_OPERATORS, type LabelSelector, type SelectorOperator, type SelectorRequirement } from '../selectors/labelSelector.ts';
import { asArr, asObj, asStr } from './fields.ts';
import type { ParseContext } from './parseContext.ts';

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
      if (!operator || !(SELECTOR_OPERATORS as readonly string[]).includes(operator)) {
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
