/**
 * AuthorizationPolicy, MeshTLSAuthentication and NetworkAuthentication (policy.linkerd.io
 * v1alpha1), validated as Linkerd's admission webhook does: target kinds, authentication
 * kinds, exactly one of identities/identityRefs.
 */
import { parseCidr, type Network } from '../../net/cidr.ts';
import type { AuthenticationRef, AuthorizationPolicy, IdentityRef, MeshTLSAuthentication, NetworkAuthentication } from '../types.ts';
import { asArr, asObj, asStr, asTimestamp, path, type Obj } from '../fields.ts';
import { NOT_EVALUATED, type ParseContext } from '../parseContext.ts';

const TARGET_KINDS = ['Server', 'Namespace', 'HTTPRoute'];
const AUTHN_KINDS = ['MeshTLSAuthentication', 'NetworkAuthentication', 'ServiceAccount'];

export function parseAuthorizationPolicy(o: Obj, namespace: string, name: string, ctx: ParseContext): AuthorizationPolicy | undefined {
  const spec = asObj(o.spec);
  const t = asObj(spec?.targetRef);
  const kind = asStr(t?.kind);
  const targetName = asStr(t?.name);
  if (!t || !kind || !targetName) {
    ctx.invalid('spec.targetRef', `an AuthorizationPolicy needs targetRef with kind and name. ${NOT_EVALUATED}`);
    return undefined;
  }
  if (!TARGET_KINDS.includes(kind)) {
    ctx.invalid('spec.targetRef.kind', `targetRef kind ${kind} is not one Linkerd accepts (${TARGET_KINDS.join(', ')}). ${NOT_EVALUATED}`);
    return undefined;
  }
  const refs: AuthenticationRef[] = [];
  let ok = true;
  const rawRefs = spec?.requiredAuthenticationRefs;
  if (rawRefs === undefined || rawRefs === null) {
    ctx.invalid('spec.requiredAuthenticationRefs', `requiredAuthenticationRefs is required. ${NOT_EVALUATED}`);
    return undefined;
  }
  (asArr(rawRefs) ?? []).forEach((r, i) => {
    const ro = asObj(r);
    const rk = asStr(ro?.kind);
    const rn = asStr(ro?.name);
    if (!rk || !rn || !AUTHN_KINDS.includes(rk)) {
      ctx.invalid(`spec.requiredAuthenticationRefs[${i}]`, `authentication kind "${rk ?? ''}" is not one of ${AUTHN_KINDS.join(', ')} (or the name is missing)`);
      ok = false;
      return;
    }
    refs.push({ group: asStr(ro?.group) ?? '', kind: rk, name: rn, namespace: asStr(ro?.namespace) ?? namespace });
  });
  if (!ok) {
    ctx.invalid('spec.requiredAuthenticationRefs', `invalid authentication references. ${NOT_EVALUATED}`);
    return undefined;
  }
  if (refs.length === 0) {
    ctx.invalid(
      'spec.requiredAuthenticationRefs',
      'requiredAuthenticationRefs is empty: Linkerd then requires no identity, so this policy authorizes every client in the cluster networks, meshed or not.',
      'warning',
    );
  }
  const createdAt = asTimestamp(path(o, 'metadata', 'creationTimestamp'));
  return {
    namespace,
    name,
    targetRef: { group: asStr(t.group) ?? '', kind, name: targetName, ...(asStr(t.namespace) ? { namespace: asStr(t.namespace) } : {}) },
    requiredAuthenticationRefs: refs,
    ...(createdAt ? { createdAt } : {}),
    ref: ctx.ref,
  };
}

export function parseMeshTLSAuthentication(o: Obj, namespace: string, name: string, ctx: ParseContext): MeshTLSAuthentication | undefined {
  const spec = asObj(o.spec);
  const ids = asArr(spec?.identities);
  const refs = asArr(spec?.identityRefs);
  if ((ids && ids.length > 0) === (refs && refs.length > 0)) {
    ctx.invalid('spec', `a MeshTLSAuthentication needs exactly one of identities and identityRefs, not empty. ${NOT_EVALUATED}`);
    return undefined;
  }
  const identityRefs: IdentityRef[] = [];
  for (const [i, r] of (refs ?? []).entries()) {
    const ro = asObj(r);
    const kind = asStr(ro?.kind);
    const refName = asStr(ro?.name);
    if (!refName || (kind !== 'ServiceAccount' && kind !== 'Namespace')) {
      ctx.invalid(`spec.identityRefs[${i}]`, `identityRefs entries must be a ServiceAccount or Namespace with a name (got ${kind ?? 'no kind'}). ${NOT_EVALUATED}`);
      return undefined;
    }
    if (refName === '*') ctx.invalid(`spec.identityRefs[${i}].name`, 'identityRefs name exactly; "*" is not a wildcard here and matches nothing', 'warning');
    identityRefs.push({ kind, name: refName, ...(kind === 'ServiceAccount' ? { namespace: asStr(ro?.namespace) ?? namespace } : {}) });
  }
  return { namespace, name, identities: (ids ?? []).map(String), identityRefs, ref: ctx.ref };
}

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
