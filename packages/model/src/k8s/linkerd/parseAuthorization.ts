/**
 * AuthorizationPolicy, MeshTLSAuthentication and NetworkAuthentication (policy.linkerd.io
 * v1alpha1), validated as Linkerd's admission webhook does (linkerd2
 * policy-controller/runtime/src/admission.rs, and the index's own parse in
 * k8s/index/src/inbound/authorization_policy.rs): an object it rejects never reaches the cluster,
 * so it is reported and not evaluated (it grants nothing).
 *
 * References name a kind in a group; a missing or empty group is the core group, and group and
 * kind compare case-insensitively (k8s/api/src/policy.rs targets_kind). Parsed references carry
 * the canonical kind and the lower-case group, so the evaluator compares plain strings.
 */
import { cidrCovers, parseCidr, type Network } from '../../net/cidr.ts';
import type { AuthenticationRef, AuthorizationPolicy, IdentityRef, MeshTLSAuthentication, NetworkAuthentication } from '../types.ts';
import { asArr, asObj, asStr, asTimestamp, path, type Obj } from '../fields.ts';
import { NOT_EVALUATED, type ParseContext } from '../parseContext.ts';
import { GATEWAY_GROUP, POLICY_GROUP } from './versions.ts';

/** The group a reference names: a missing or empty group is the core group (`core`). */
export function refGroup(group: unknown): string {
  const g = typeof group === 'string' ? group.toLowerCase() : '';
  return g === '' ? 'core' : g;
}

/** Whether a reference (group as written, kind as written) names `kind` of `group` — case-insensitively, as targets_kind does. */
export function refNames(ref: { group?: unknown; kind?: unknown }, group: string, kind: string): boolean {
  return refGroup(ref.group) === refGroup(group) && typeof ref.kind === 'string' && ref.kind.toLowerCase() === kind.toLowerCase();
}

/** The targets the index accepts (authorization_policy.rs `target`): kind and group. */
const TARGETS: { kind: AuthorizationPolicy['targetRef']['kind']; group: string }[] = [
  { kind: 'Server', group: POLICY_GROUP },
  { kind: 'Namespace', group: 'core' },
  { kind: 'HTTPRoute', group: POLICY_GROUP },
  { kind: 'HTTPRoute', group: GATEWAY_GROUP },
  { kind: 'GRPCRoute', group: GATEWAY_GROUP },
];
const AUTHNS: { kind: 'MeshTLSAuthentication' | 'NetworkAuthentication' | 'ServiceAccount'; group: string }[] = [
  { kind: 'MeshTLSAuthentication', group: POLICY_GROUP },
  { kind: 'NetworkAuthentication', group: POLICY_GROUP },
  { kind: 'ServiceAccount', group: 'core' },
];

const describeRef = (group: unknown, kind: unknown) => `${String(kind ?? '(no kind)')} in group ${refGroup(group)}`;

export function parseAuthorizationPolicy(o: Obj, namespace: string, name: string, ctx: ParseContext): AuthorizationPolicy | undefined {
  const spec = asObj(o.spec);
  const t = asObj(spec?.targetRef);
  const kind = asStr(t?.kind);
  const targetName = asStr(t?.name);
  if (!t || !kind || !targetName) {
    ctx.invalid('spec.targetRef', `an AuthorizationPolicy needs targetRef with kind and name. ${NOT_EVALUATED}`);
    return undefined;
  }
  const target = TARGETS.find((x) => refNames(t, x.group, x.kind));
  if (!target) {
    ctx.invalid(
      'spec.targetRef',
      `targetRef names ${describeRef(t.group, kind)}, which Linkerd does not accept (Server and HTTPRoute in policy.linkerd.io, HTTPRoute and GRPCRoute in gateway.networking.k8s.io, Namespace in the core group; a missing group means the core group). ${NOT_EVALUATED}`,
    );
    return undefined;
  }
  if (t.namespace !== undefined) {
    // LocalTargetRef has no namespace (k8s/api/src/policy/target_ref.rs); the CRD schema does not
    // declare one, so the API server prunes it.
    ctx.invalid('spec.targetRef.namespace', `targetRef has no namespace field: the API server drops "${String(t.namespace)}", and the target is looked up in the policy's own namespace ${namespace}.`, 'warning');
  }
  if (target.kind === 'Namespace' && targetName !== namespace) {
    ctx.invalid('spec.targetRef.name', `targets Namespace ${targetName}, but an AuthorizationPolicy can only target its own namespace (${namespace}); Linkerd's admission webhook rejects it ("cannot target another namespace"). ${NOT_EVALUATED}`);
    return undefined;
  }
  const rawRefs = spec?.requiredAuthenticationRefs;
  if (rawRefs === undefined || rawRefs === null) {
    ctx.invalid('spec.requiredAuthenticationRefs', `requiredAuthenticationRefs is required. ${NOT_EVALUATED}`);
    return undefined;
  }
  const refs: AuthenticationRef[] = [];
  for (const [i, r] of (asArr(rawRefs) ?? []).entries()) {
    const ro = asObj(r);
    const rn = asStr(ro?.name);
    const authn = ro ? AUTHNS.find((x) => refNames(ro, x.group, x.kind)) : undefined;
    if (!ro || !rn || !authn) {
      ctx.invalid(
        `spec.requiredAuthenticationRefs[${i}]`,
        `${describeRef(ro?.group, ro?.kind)}${rn ? '' : ' without a name'} is not an authentication Linkerd accepts (MeshTLSAuthentication or NetworkAuthentication in policy.linkerd.io, ServiceAccount in the core group). ${NOT_EVALUATED}`,
      );
      return undefined;
    }
    refs.push({ group: authn.group, kind: authn.kind, name: rn, namespace: asStr(ro.namespace) ?? namespace });
  }
  // admission.rs: at most one MeshTLSAuthentication, one ServiceAccount, not both, one NetworkAuthentication.
  const count = (k: string) => refs.filter((r) => r.kind === k).length;
  const identityRefs = count('MeshTLSAuthentication') + count('ServiceAccount');
  if (identityRefs > 1 || count('NetworkAuthentication') > 1) {
    ctx.invalid(
      'spec.requiredAuthenticationRefs',
      `${identityRefs > 1 ? `${identityRefs} identity authentications (MeshTLSAuthentication/ServiceAccount)` : `${count('NetworkAuthentication')} NetworkAuthentications`}: a policy may require at most one MeshTLSAuthentication or ServiceAccount and at most one NetworkAuthentication, so Linkerd rejects the whole policy. ${NOT_EVALUATED}`,
    );
    return undefined;
  }
  if (refs.length === 0) {
    ctx.invalid(
      'spec.requiredAuthenticationRefs',
      'requiredAuthenticationRefs is empty: Linkerd then requires no identity and no network, so this policy authorizes every client from any address, meshed or not. That is rarely meant.',
      'warning',
    );
  }
  const createdAt = asTimestamp(path(o, 'metadata', 'creationTimestamp'));
  return {
    namespace,
    name,
    targetRef: { group: target.group === 'core' ? '' : target.group, kind: target.kind, name: targetName },
    requiredAuthenticationRefs: refs,
    ...(createdAt ? { createdAt } : {}),
    ref: ctx.ref,
  };
}

export function parseMeshTLSAuthentication(o: Obj, namespace: string, name: string, ctx: ParseContext): MeshTLSAuthentication | undefined {
  const spec = asObj(o.spec);
  const ids = asArr(spec?.identities);
  const refs = asArr(spec?.identityRefs);
  // CRD schema: oneOf identities / identityRefs, each minItems 1.
  if ((ids && ids.length > 0) === (refs && refs.length > 0)) {
    ctx.invalid('spec', `a MeshTLSAuthentication needs exactly one of identities and identityRefs, not empty. ${NOT_EVALUATED}`);
    return undefined;
  }
  const identityRefs: IdentityRef[] = [];
  for (const [i, r] of (refs ?? []).entries()) {
    const ro = asObj(r);
    const refName = asStr(ro?.name);
    const kind = ro && refNames(ro, 'core', 'ServiceAccount') ? 'ServiceAccount' : ro && refNames(ro, 'core', 'Namespace') ? 'Namespace' : undefined;
    if (!refName || !kind) {
      ctx.invalid(`spec.identityRefs[${i}]`, `identityRefs entries must be a ServiceAccount or Namespace of the core group, with a name (got ${describeRef(ro?.group, ro?.kind)}). ${NOT_EVALUATED}`);
      return undefined;
    }
    if (kind === 'Namespace' && ro!.namespace !== undefined) {
      ctx.invalid(`spec.identityRefs[${i}].namespace`, `a Namespace identityRef is cluster-scoped and cannot have a namespace (admission webhook). ${NOT_EVALUATED}`);
      return undefined;
    }
    if (refName === '*') ctx.invalid(`spec.identityRefs[${i}].name`, 'identityRefs name exactly; "*" is not a wildcard here and matches nothing', 'warning');
    identityRefs.push({ kind, name: refName, ...(kind === 'ServiceAccount' ? { namespace: asStr(ro!.namespace) ?? namespace } : {}) });
  }
  return { namespace, name, identities: (ids ?? []).map(String), identityRefs, ref: ctx.ref };
}

/** networks[] {cidr, except[]}; the admission webhook rejects an except outside its cidr or covering all of it. */
export function parseNetworks(v: unknown, at: string, ctx: ParseContext): Network[] | undefined {
  const out: Network[] = [];
  for (const [i, n] of (asArr(v) ?? []).entries()) {
    const no = asObj(n);
    const cidr = parseCidr(asStr(no?.cidr) ?? '');
    if (!cidr) {
      ctx.invalid(`${at}[${i}].cidr`, `"${String(no?.cidr ?? '')}" is not a valid CIDR. ${NOT_EVALUATED}`);
      return undefined;
    }
    const except = [];
    for (const [j, e] of (asArr(no?.except) ?? []).entries()) {
      const c = parseCidr(asStr(e) ?? asStr(asObj(e)?.cidr) ?? '');
      if (!c) {
        ctx.invalid(`${at}[${i}].except[${j}]`, `"${String(e)}" is not a valid CIDR. ${NOT_EVALUATED}`);
        return undefined;
      }
      if (cidrCovers(c, cidr) || !cidrCovers(cidr, c)) {
        ctx.invalid(`${at}[${i}].except[${j}]`, `except ${c.text} ${cidrCovers(c, cidr) ? 'negates all of' : 'is not inside'} cidr ${cidr.text}; Linkerd's admission webhook rejects it. ${NOT_EVALUATED}`);
        return undefined;
      }
      except.push(c);
    }
    out.push({ cidr, except });
  }
  return out;
}

export function parseNetworkAuthentication(o: Obj, namespace: string, name: string, ctx: ParseContext): NetworkAuthentication | undefined {
  const raw = path(o, 'spec', 'networks');
  if (!asArr(raw) || asArr(raw)!.length === 0) {
    ctx.invalid('spec.networks', `a NetworkAuthentication needs at least one network. ${NOT_EVALUATED}`);
    return undefined;
  }
  const networks = parseNetworks(raw, 'spec.networks', ctx);
  return networks && { namespace, name, networks, ref: ctx.ref };
}
