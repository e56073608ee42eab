/**
 * Plain words for one verdict, shared by the CLI's `check`, the API and the UI so that all
 * three say the same thing: a headline, then what each layer decided and why.
 */
import type { Cell, L4Verdict, L7Verdict, Reason } from '../verdict/types.ts';

export interface CellDescription {
  /** `ALLOWED (both layers protect it)`, `DENIED at L4`, `UNKNOWN: L7 could not be read` … */
  headline: string;
  l4: string;
  l7: string;
  /** Set when L4 was decided on another port than the application port. */
  portNote?: string;
}

const L4_WORDS: Record<L4Verdict, string> = {
  allow: 'allowed: a NetworkPolicy restricts this flow and admits it',
  deny: 'denied: the side isolated by NetworkPolicy admits nothing for this flow',
  open: 'open: no NetworkPolicy isolates either side',
  unknown: 'unknown: accessgraph cannot tell what NetworkPolicy does here (the reason says why: unreadable, invalid input, another engine, or undefined upstream)',
};

/** When an admin-tier policy (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy) took part (issue 17). */
const TIERED_L4_WORDS: Record<L4Verdict, string> = {
  allow: 'allowed: a tier restricts this flow and admits it (admin tier, NetworkPolicy or baseline tier — the reasons say which decided)',
  deny: 'denied: a tier refuses this flow (an admin-tier Deny, the isolating NetworkPolicy, or the baseline tier — the reasons say which)',
  open: 'open: no admin-tier rule, NetworkPolicy or baseline rule decides this flow',
  unknown: L4_WORDS.unknown,
};
const TIER_KINDS = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

const L7_WORDS: Record<L7Verdict, string> = {
  allow: 'allowed: a Linkerd authorization grants this client explicitly',
  authenticated: 'let through only because the default policy accepts any meshed (mTLS) client — no authorization names it',
  partial: 'partially allowed: only some HTTP routes are authorized for this client',
  deny: 'denied by the Linkerd proxy',
  open: 'open: the destination is meshed but nothing restricts this client',
  'n/a': 'not applicable: the destination is not meshed or the protocol is not TCP',
  unknown: 'unknown: accessgraph cannot tell what the L7 policy does here (the reason says why: unreadable, invalid input or another engine)',
};

const PROTECTION_WORDS = {
  both: 'both layers protect it',
  'l4-only': 'only NetworkPolicy (L4) protects it',
  'l7-only': 'only Linkerd (L7) protects it',
  none: 'nothing restricts it',
} as const;

export function describeCell(cell: Cell): CellDescription {
  const flow = `${cell.from} → ${cell.to}:${cell.port}/${cell.protocol}`;
  let headline: string;
  if (cell.allowed === true) headline = `ALLOWED ${flow} (${cell.protection}: ${PROTECTION_WORDS[cell.protection ?? 'none']})`;
  else if (cell.allowed === false) {
    const at = [cell.l4 === 'deny' ? 'L4' : undefined, cell.l7 === 'deny' ? 'L7' : undefined].filter(Boolean).join(' and ');
    headline = `DENIED ${flow} at ${at}`;
  } else {
    const which = [cell.l4 === 'unknown' ? 'L4' : undefined, cell.l7 === 'unknown' ? 'L7' : undefined].filter(Boolean).join(' and ');
    headline = `UNKNOWN ${flow}: ${which} cannot be decided from the inputs, and no layer denies it`;
  }
  const tiered = cell.reasons.l4.some((r) => r.kind !== undefined && TIER_KINDS.has(r.kind));
  const description: CellDescription = { headline, l4: (tiered ? TIERED_L4_WORDS : L4_WORDS)[cell.l4], l7: L7_WORDS[cell.l7] };
  if (cell.l4Port !== cell.port) {
    description.portNote = `Both workloads are meshed: the connection reaches the CNI on port ${cell.l4Port} (the Linkerd proxy's inbound port), not ${cell.port}, so NetworkPolicy was evaluated on ${cell.l4Port}.`;
  }
  return description;
}

/** `NetworkPolicy postgres/allow-postgres-clients ingress rule 0 (demo/homelab.yaml:12)` */
export function formatReasonSource(r: Reason): string {
  if (!r.kind || !r.name) return '';
  const obj = `${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name}`;
  const rule = r.rule !== undefined ? ` ${r.direction ? r.direction + ' ' : ''}rule ${r.rule}` : '';
  const where = r.file ? ` (${r.file}${r.line ? ':' + r.line : ''})` : '';
  return `${obj}${rule}${where}`;
}
