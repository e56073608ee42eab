/**
 * Kubernetes label selectors, parsed once (metav1.LabelSelector semantics): matchLabels and
 * matchExpressions are ANDed; an empty selector matches everything. Invalid operators are
 * rejected at parse time by the kind parsers, so a LabelSelector here is always valid.
 */

export type Labels = Readonly<Record<string, string>>;

export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof SELECTOR_OPERATORS)[number];

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

export interface LabelSelector {
  matchLabels: readonly (readonly [string, string])[];
  matchExpressions: readonly SelectorRequirement[];
}

export const MATCH_ALL: LabelSelector = { matchLabels: [], matchExpressions: [] };

export function isMatchAll(s: LabelSelector): boolean {
  return s.matchLabels.length === 0 && s.matchExpressions.length === 0;
}

export function matchesSelector(s: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of s.matchLabels) if (labels[k] !== v) return false;
  for (const r of s.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(labels[r.key]!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(labels[r.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** `app=web,tier in (a,b)` — the kubectl form, for messages and reasons. */
export function formatSelector(s: LabelSelector): string {
  if (isMatchAll(s)) return '{} (everything)';
  const parts = s.matchLabels.map(([k, v]) => `${k}=${v}`);
  for (const r of s.matchExpressions) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${r.values.join(',')})`);
  }
  return parts.join(',');
}
