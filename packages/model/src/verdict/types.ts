/**
 * The verdict contract shared word for word by the CLI, the API and the UI (issue 3,
 * SEMANTICS.md §6). Closed sets are `as const` arrays so schemas, stylesheets and legends
 * derive from the same list.
 */
import type { Protocol } from '../k8s/types.ts';

/** `unknown` only when the L4 inputs could not be read (live source: NetworkPolicy list forbidden). */
export const L4_VERDICTS = ['allow', 'deny', 'open', 'unknown'] as const;
export type L4Verdict = (typeof L4_VERDICTS)[number];

export const L7_VERDICTS = ['allow', 'authenticated', 'partial', 'deny', 'open', 'n/a', 'unknown'] as const;
export type L7Verdict = (typeof L7_VERDICTS)[number];

export const PROTECTIONS = ['both', 'l4-only', 'l7-only', 'none'] as const;
export type Protection = (typeof PROTECTIONS)[number];

export const LAYERS = ['l4', 'l7'] as const;
export type Layer = (typeof LAYERS)[number];

/** A question: can `from` reach `to` on `port`/`protocol`? Workload ids are `namespace/name`. */
export interface Flow {
  from: string;
  to: string;
  port: number;
  protocol: Protocol;
}

/** What role an object played in a decision. */
export const REASON_ROLES = [
  'admits', // an L4 rule that admits the flow
  'isolates', // an L4 policy that isolates a side and admits nothing for this flow
  'not-isolated', // no policy isolates this side
  'authorizes', // an L7 authorization (AuthorizationPolicy / ServerAuthorization) that grants
  'server', // the Server that guards the port
  'route', // an HTTPRoute that limits an authorization to some routes
  'default-policy', // the default inbound policy that applied (with where it came from)
  'not-meshed', // L7 does not apply: destination not meshed, or not TCP
  'skipped-port', // the proxy skips this port: L7 never sees it
  'layer-unknown', // the layer's inputs could not be read
  'proxy-port', // L4 was decided on the proxy inbound port, not the application port
  'passes', // an admin-tier Pass rule handed the decision to NetworkPolicy / the baseline tier
] as const;
export type ReasonRole = (typeof REASON_ROLES)[number];

export interface Reason {
  role: ReasonRole;
  /** The deciding object, when there is one. */
  kind?: string;
  namespace?: string;
  name?: string;
  /** `ingress` / `egress` for L4 rules. */
  direction?: 'ingress' | 'egress';
  /** Rule index in spec.ingress/spec.egress (L4) or position in the deciding list (L7). */
  rule?: number;
  file?: string;
  line?: number;
  /** One plain sentence, e.g. "ingress rule 0 of postgres/allow-postgres-clients admits namespace wikijs on 5432/TCP". */
  text: string;
}

export interface Cell {
  from: string;
  to: string;
  port: number;
  protocol: Protocol;
  /** The port the CNI saw: the proxy inbound port for meshed→meshed TCP, else `port`. */
  l4Port: number;
  l4: L4Verdict;
  l7: L7Verdict;
  /** false when a layer denies; null when a layer is unknown and none denies; true otherwise. */
  allowed: boolean | null;
  /** For allowed flows only; null otherwise. */
  protection: Protection | null;
  reasons: { l4: Reason[]; l7: Reason[] };
}

/** Result of one layer for one flow, before combination. */
export interface L4Result {
  verdict: L4Verdict;
  l4Port: number;
  reasons: Reason[];
}

export interface L7Result {
  verdict: L7Verdict;
  reasons: Reason[];
  /** Identities (ServiceAccounts, `ns/sa`, or patterns) the deciding authorization names, for the UI. */
  authorizedIdentities?: string[];
}
