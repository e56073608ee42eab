/**
 * Raw objects → Inventory (SEMANTICS.md §1–2). Dispatches each object to its kind's parser;
 * every object that is not evaluated — invalid, unknown version, policy-looking kind that no
 * controller serves, duplicate — leaves a diagnostic behind. Never throws on bad input.
 */
import { diagnosticList, type Diagnostic, type DiagnosticSink, type ObjectRef } from '../diagnostics.ts';
import { emptyInventory, type Inventory, type LinkerdConfig, type Namespace, type UnknownScope, type Workload } from './types.ts';
import { engineKind, engineScope } from './otherEngines.ts';
import { unreadableDocumentScopes } from './unknownScopes.ts';
import type { SourcedObject } from './sourcedObject.ts';
import { asObj, asStr, path } from './fields.ts';
import { NOT_EVALUATED, parseContext } from './parseContext.ts';
import { implicitNamespace, parseNamespace, parseService, parseServiceAccount } from './parseCoreKinds.ts';
import { parseNetworkPolicy } from './parseNetworkPolicy.ts';
import { ADMIN_POLICY_VERSIONS, isAdminPolicyKind, parseAdminPolicy } from './parseAdminPolicies.ts';
import { buildWorkloads, CONTROLLER_KINDS, type RawWorkloadObject } from './parseWorkloads.ts';
import { GATEWAY_GROUP, POLICY_GROUP, SERVED_VERSIONS } from './linkerd/versions.ts';
import { parseServer } from './linkerd/parseServer.ts';
import { parseAuthorizationPolicy, parseMeshTLSAuthentication, parseNetworkAuthentication } from './linkerd/parseAuthorization.ts';
import { parseHTTPRoute, parseLinkerdConfig, parseServerAuthorization } from './linkerd/parseRoutesAndLegacy.ts';
import { applyOpaqueTransport, opaqueTransportKey } from './linkerd/outboundTransport.ts';
import { invalidObjectScope } from './unknownScopes.ts';
import { validateObject } from './validate/validate.ts';
import { parseGateway, parseGatewayRoute, parseIngress } from './parseExposure.ts';

export interface BuildInventoryOptions {
  layers?: Inventory['layers'];
  /**
   * One memo per object (same order as `objects`), kept by the caller — the model index
   * (index/objectIndex.ts) — for as long as it has been told the object is unchanged: a memo that
   * holds a parse result is replayed instead of parsing the object again. Each memo also learns
   * whether its object won over duplicates of the same identity (`contributed`).
   */
  memos?: ParseMemo[];
  /**
   * The previous build's workloads, reused (the same arrays) when the caller knows no workload or
   * Namespace object it held went away, none was parsed afresh here, and the namespace names
   * come out the same.
   */
  workloads?: { previous: WorkloadMemo; unchanged: boolean };
  /**
   * `objectIdentity` of each object (same order as `objects`), as the caller — the model index,
   * which keys its objects by identity anyway — computed it; with `distinct`, no two of them are
   * the same string, so no object replaces another and none is looked up (issue 19: a change of
   * one object at 30,000 workloads no longer recomputes 100,000 identities).
   */
  identities?: { of: readonly (string | undefined)[]; distinct: boolean };
}

export type Bucket = 'adminPolicies' | 'ingresses' | 'gateways' | 'gatewayRoutes' | 'services' | 'serviceAccounts' | 'networkPolicies' | 'servers' | 'authorizationPolicies' | 'meshTLSAuthentications' | 'networkAuthentications' | 'httpRoutes' | 'serverAuthorizations' | 'namespaces' | 'rawWorkloads' | 'linkerdConfig';

/** What one raw object contributed, so it can be replayed without parsing it again. */
export interface ParsedObject {
  file?: string;
  line?: number;
  diagnostics: Diagnostic[];
  referenced?: string;
  bucket?: Bucket;
  value?: unknown;
  /** The parts of the layers this object makes unknown (an invalid policy, another engine's policy, an unreadable document). */
  scopes?: UnknownScope[];
}

export interface ParseMemo {
  parsed?: ParsedObject;
  /** Whether the object was used by the last build (false: a later duplicate replaced it). */
  contributed?: boolean;
}

/** The workloads one build made, and what they were made from. */
export interface WorkloadMemo {
  namespaceNames: string;
  /** outboundTransport.ts opaqueTransportKey of the build that made the workloads. */
  transportKey: string;
  namespaces: Namespace[];
  workloads: Workload[];
  diagnostics: Diagnostic[];
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'Node', 'PersistentVolume', 'StorageClass', 'IngressClass', 'GatewayClass', 'PriorityClass', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
/** Real Linkerd kinds the model does not evaluate (yet): said so, not silently ignored. */
const LINKERD_UNMODELLED = new Set(['EgressNetwork', 'HTTPLocalRateLimitPolicy', 'ExternalWorkload', 'ServiceProfile', 'Link']);
/** Kinds of networking groups that are not access policy. */
const NETWORKING_NON_POLICY = new Set(['Ingress', 'IngressClass', 'ServiceCIDR', 'IPAddress', 'Gateway', 'GatewayClass', 'ReferenceGrant', 'BackendTLSPolicy']);

/** The namespace part of an object's identity: "default" when unset on a namespaced kind. */
function identityNamespace(o: Record<string, unknown>): string {
  if (CLUSTER_SCOPED.has(asStr(o.kind) ?? '')) return '';
  const ns = path(o, 'metadata', 'namespace');
  if (ns === undefined || ns === null || ns === '') return 'default';
  return typeof ns === 'string' ? ns : JSON.stringify(ns);
}

function looksLikePolicy(group: string, kind: string): boolean {
  return group === POLICY_GROUP || group.endsWith('.linkerd.io') || group.endsWith('networking.k8s.io') || /(Policy|Authorization|Authentication)$/.test(kind);
}

/**
 * The identity under which later definitions replace earlier ones (as `kubectl apply`): API
 * group, kind, namespace ("default" when unset on a namespaced kind) and name. Undefined for an
 * object that has none (unreadable, not an object): such objects never replace one another.
 */
export function objectIdentity(s: SourcedObject): string | undefined {
  const o = asObj(s.object);
  if (!o || s.unreadable) return undefined;
  return `${asStr(o.apiVersion)?.split('/')[0] ?? ''}|${asStr(o.kind)}|${identityNamespace(o)}|${asStr(path(o, 'metadata', 'name'))}`;
}

/** What one object contributes to an inventory, parsed on its own (the model index replays it). */
export function parseObject(s: SourcedObject): ParsedObject {
  const local = diagnosticList();
  const parsed: ParsedObject = { file: s.file, line: s.line, diagnostics: local.items };
  if (s.unreadable) parsed.scopes = unreadableDocumentScopes(s);
  else {
    dispatch(s, local, parsed);
    failClosedOnParserError(s, parsed);
  }
  return parsed;
}

/**
 * A NetworkPolicy whose parser found it unusable (it returned undefined after an
 * invalid-object error: a bad selector operator, CIDR or port the API server's validation
 * rejects): not evaluated, so the flows it could decide are unknown. A Linkerd object its
 * parser refuses is one Linkerd's admission webhook or controller refuses (two MeshTLS refs, a
 * target in another namespace, …): the API server itself — without the webhook — stores it and
 * the controller ignores it, so it grants nothing, as on a live cluster; what the API server's
 * schema rejects was caught before, by validation.
 */
function failClosedOnParserError(s: SourcedObject, parsed: ParsedObject): void {
  if (parsed.scopes) return;
  const o = asObj(s.object)!;
  const error = parsed.diagnostics.find((d) => d.code === 'invalid-object' && d.severity === 'error' && d.object);
  const apiVersion = asStr(o?.apiVersion) ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const kind = asStr(o?.kind) ?? '';
  const admin = isAdminPolicyKind(group, kind);
  if (parsed.bucket && !admin) return;
  // An admin-tier policy with an unknown field: whether the cluster holds it depends on how it was applied (as validate.ts's unknown fields).
  const problem = error ?? (admin ? parsed.diagnostics.find((d) => d.code === 'invalid-object' && d.object) : undefined);
  if (!problem || !((group === 'networking.k8s.io' && kind === 'NetworkPolicy') || admin)) return;
  if (!error && problem) {
    const scope = invalidObjectScope(group, o, problem.object!, { ...(problem.path ? { path: problem.path } : {}), message: `${problem.message}, so whether the cluster holds this object at all depends on how it was applied` });
    if (scope) parsed.scopes = [scope];
    return;
  }
  if (!error) return;
  const scope = invalidObjectScope(group, o, error.object!, { ...(error.path ? { path: error.path } : {}), message: error.message });
  if (scope) parsed.scopes = [scope];
}

function dispatch(s: SourcedObject, report: DiagnosticSink, out: ParsedObject): void {
  const o = asObj(s.object);
  const where = { ...(s.file ? { file: s.file } : {}), ...(s.line ? { line: s.line } : {}) };
  const apiVersion = asStr(o?.apiVersion);
  const kind = asStr(o?.kind);
  const rawName = path(o, 'metadata', 'name');
  const name = asStr(rawName) || undefined;
  if (!o || !apiVersion || !kind) {
    report.report({
      code: 'invalid-object',
      severity: 'error',
      object: { kind: kind ?? '(no kind)', name: name ?? '(no name)', ...(apiVersion ? { apiVersion } : {}), ...where },
      message: `an object needs apiVersion, kind and metadata.name (missing: ${[!apiVersion && 'apiVersion', !kind && 'kind', !name && 'metadata.name'].filter(Boolean).join(', ')}); it is not evaluated.`,
    });
    return;
  }
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  const engine = engineKind(group, kind);
  const clusterScoped = CLUSTER_SCOPED.has(kind) || !!engine?.clusterScoped || isAdminPolicyKind(group, kind);
  const rawNamespace = path(o, 'metadata', 'namespace');
  const shownNamespace = clusterScoped ? undefined : rawNamespace === undefined || rawNamespace === null || rawNamespace === '' ? 'default' : String(rawNamespace);
  const shownName = name ?? (rawName === undefined || rawName === null ? '(no name)' : String(rawName));
  const objectRef: ObjectRef = { kind, apiVersion, ...(shownNamespace ? { namespace: shownNamespace } : {}), name: shownName, ...where };

  // Another engine's policy (SEMANTICS §1): real and enforcing, not evaluated — the flows it
  // could decide are unknown at its layer, whatever its spec says (no schema of it is held).
  if (engine) {
    const scope = engineScope(engine, objectRef);
    out.scopes = [scope];
    report.report({ code: 'layer-unknown', severity: 'warning', object: objectRef, message: scope.reason });
    return;
  }

  // Issue 15: the API server's own validation first. An object it would reject is never
  // evaluated; when it is a policy kind, every flow it could decide becomes unknown.
  const failClosed = (problem: { path?: string; message: string }) => {
    // extensions/v1beta1 NetworkPolicy was the same kind before networking.k8s.io/v1.
    const scope = invalidObjectScope(group === 'extensions' && kind === 'NetworkPolicy' ? 'networking.k8s.io' : group, o, objectRef, problem);
    if (scope) out.scopes = [scope];
  };
  const validation = validateObject(o);
  if (validation.status === 'unsupported-version') {
    const line = s.locate?.('apiVersion');
    report.report({ code: 'unsupported-version', severity: 'error', object: objectRef, path: 'apiVersion', ...(line ? { line } : {}), message: `${validation.message}: the API server would reject it, so it is not evaluated.` });
    failClosed({ path: 'apiVersion', message: validation.message });
    return;
  }
  const errors = [...(s.decodeErrors ?? []), ...(validation.status === 'checked' ? validation.errors : [])];
  if (validation.status === 'not-validated' && !name) errors.push({ path: 'metadata.name', message: 'metadata.name is required' });
  if (errors.length > 0) {
    for (const e of errors) {
      const line = ('line' in e && typeof e.line === 'number' ? e.line : undefined) ?? s.locate?.(e.path);
      report.report({ code: 'invalid-object', severity: 'error', object: objectRef, path: e.path, ...(line ? { line } : {}), message: `${e.message}. ${NOT_EVALUATED}` });
    }
    failClosed(errors[0]!);
    return;
  }
  if (validation.status === 'checked') {
    for (const w of validation.warnings) {
      const line = s.locate?.(w.path);
      report.report({ code: 'invalid-object', severity: 'warning', object: objectRef, path: w.path, ...(line ? { line } : {}), message: `${w.message}; the object is evaluated without it.` });
    }
    // An unknown field in a policy object: a lenient apply stores the object without it, a
    // strict one (kubectl's default --validate=strict) refuses the whole object — so what the
    // cluster holds is not known, and the flows it could decide are unknown (a warning, not an
    // error: the pruned object is still shown).
    const unknown = validation.warnings[0];
    if (unknown) failClosed({ path: unknown.path, message: `${unknown.message}, so whether the cluster holds this object at all depends on how it was applied` });
  }
  if (!name) return;

  let namespace = asStr(rawNamespace) || undefined;
  if (!namespace && !clusterScoped) {
    namespace = 'default';
    if (looksLikePolicy(group, kind) || CONTROLLER_KINDS.includes(kind as never) || ['Pod', 'Service', 'ServiceAccount'].includes(kind)) {
      report.report({ code: 'namespace-defaulted', severity: 'info', object: { kind, apiVersion, name, ...where }, message: 'no metadata.namespace: taken to be in "default", as `kubectl apply` without -n would.' });
    }
  }
  const ref: ObjectRef = { kind, apiVersion, ...(namespace && !clusterScoped ? { namespace } : {}), name, ...where };
  // The parsers' findings point at the offending field's line too.
  const ctx = parseContext(ref, {
    report: (d) => {
      const line = d.path && d.line === undefined ? s.locate?.(d.path) : undefined;
      report.report(line ? { ...d, line } : d);
    },
  });
  const ns = namespace ?? 'default';
  if (namespace && !CLUSTER_SCOPED.has(kind)) out.referenced = namespace;

  if (group === '' && kind === 'Namespace') Object.assign(out, { bucket: 'namespaces', value: parseNamespace(o, name, ctx) });
  else if ((group === '' && kind === 'Pod') || ((group === 'apps' || group === 'batch') && CONTROLLER_KINDS.includes(kind as never))) Object.assign(out, { bucket: 'rawWorkloads', value: { kind, namespace: ns, name, object: o, ref } });
  else if (group === '' && kind === 'Service') Object.assign(out, { bucket: 'services', value: parseService(o, ns, name, ctx) });
  else if (group === '' && kind === 'ServiceAccount') Object.assign(out, { bucket: 'serviceAccounts', value: parseServiceAccount(ns, name, ctx) });
  else if (group === '' && kind === 'ConfigMap') {
    if (name === 'linkerd-config') Object.assign(out, { bucket: 'linkerdConfig', value: parseLinkerdConfig(o, ctx) });
  } else if (group === 'networking.k8s.io' && kind === 'NetworkPolicy') {
    const p = parseNetworkPolicy(o, ns, name, ctx);
    if (p) Object.assign(out, { bucket: 'networkPolicies', value: p });
  } else if (isAdminPolicyKind(group, kind)) {
    // issue 17: evaluated (l4/adminTiers.ts), no longer another engine's unknown.
    if (!ADMIN_POLICY_VERSIONS[kind].includes(version)) {
      const message = `${group}/${version} does not serve ${kind} (served: ${ADMIN_POLICY_VERSIONS[kind].join(', ')})`;
      report.report({ code: 'unsupported-version', severity: 'error', object: ref, path: 'apiVersion', message: `${message}: the API server would reject it, so it is not evaluated.` });
      failClosed({ path: 'apiVersion', message });
      return;
    }
    const p = parseAdminPolicy(o, kind, version, name, ctx);
    if (p) Object.assign(out, { bucket: 'adminPolicies', value: p });
  } else if (group === 'networking.k8s.io' && kind === 'Ingress') {
    Object.assign(out, { bucket: 'ingresses', value: parseIngress(o, ns, name, ctx) });
  } else if (group === GATEWAY_GROUP && kind === 'Gateway') {
    Object.assign(out, { bucket: 'gateways', value: parseGateway(o, ns, name, ctx) });
  } else if ((group === POLICY_GROUP || group === GATEWAY_GROUP) && SERVED_VERSIONS[group]?.[kind]) {
    if (!SERVED_VERSIONS[group]![kind]!.includes(version)) {
      report.report({
        code: 'unsupported-version',
        severity: 'error',
        object: ref,
        message: `${group}/${version} is not a version Linkerd serves for ${kind} (served: ${SERVED_VERSIONS[group]![kind]!.join(', ')}); the API server would reject it, so it is not evaluated.`,
      });
      return;
    }
    linkerdKind(o, group, version, kind, ns, name, ctx, out);
  } else if (LINKERD_UNMODELLED.has(kind) && group.endsWith('linkerd.io')) {
    report.report({ code: 'unsupported-kind', severity: 'warning', object: ref, message: `${kind} is a real Linkerd kind that accessgraph does not evaluate yet; its effect is not shown.` });
  } else if (group === GATEWAY_GROUP && /Route$/.test(kind)) {
    // TLSRoute / TCPRoute still expose their backends (issue 17); only L7 authorization ignores them.
    if (kind === 'TLSRoute' || kind === 'TCPRoute') Object.assign(out, { bucket: 'gatewayRoutes', value: parseGatewayRoute(o, kind, ns, name, ctx) });
    report.report({ code: 'unsupported-kind', severity: 'info', object: ref, message: `${kind} is out of scope: only HTTPRoute and GRPCRoute are evaluated for Linkerd route-level authorization.` });
  } else if (looksLikePolicy(group, kind) && !NETWORKING_NON_POLICY.has(kind)) {
    report.report({
      code: 'unknown-policy-kind',
      severity: 'error',
      object: ref,
      message: `${kind} (${apiVersion}) is not a kind Linkerd or Kubernetes serves: a real API server rejects it and it grants or denies nothing. For Linkerd L7 policy use Server + AuthorizationPolicy + MeshTLSAuthentication/NetworkAuthentication; for L4 use networking.k8s.io/v1 NetworkPolicy.`,
    });
  }
}

function linkerdKind(o: Record<string, unknown>, group: string, version: string, kind: string, ns: string, name: string, ctx: ReturnType<typeof parseContext>, out: ParsedObject): void {
  if (group === GATEWAY_GROUP || kind === 'HTTPRoute') {
    const r = parseHTTPRoute(o, group, ns, name, ctx, kind === 'GRPCRoute' ? 'GRPCRoute' : 'HTTPRoute');
    if (r) Object.assign(out, { bucket: 'httpRoutes', value: r });
    return;
  }
  switch (kind) {
    case 'Server': {
      const x = parseServer(o, version, ns, name, ctx);
      if (x) Object.assign(out, { bucket: 'servers', value: x });
      break;
    }
    case 'AuthorizationPolicy': {
      const x = parseAuthorizationPolicy(o, ns, name, ctx);
      if (x) Object.assign(out, { bucket: 'authorizationPolicies', value: x });
      break;
    }
    case 'MeshTLSAuthentication': {
      const x = parseMeshTLSAuthentication(o, ns, name, ctx);
      if (x) Object.assign(out, { bucket: 'meshTLSAuthentications', value: x });
      break;
    }
    case 'NetworkAuthentication': {
      const x = parseNetworkAuthentication(o, ns, name, ctx);
      if (x) Object.assign(out, { bucket: 'networkAuthentications', value: x });
      break;
    }
    case 'ServerAuthorization': {
      const x = parseServerAuthorization(o, ns, name, ctx);
      if (x) Object.assign(out, { bucket: 'serverAuthorizations', value: x });
      break;
    }
  }
}

export function buildInventory(objects: readonly SourcedObject[], options: BuildInventoryOptions = {}): { inventory: Inventory; diagnostics: Diagnostic[]; workloadMemo: WorkloadMemo } {
  const sink = diagnosticList();
  const inv = emptyInventory(options.layers);
  const namespaces = new Map<string, Namespace>();
  const referenced = new Set<string>();
  const rawWorkloads: RawWorkloadObject[] = [];
  let linkerdConfig: LinkerdConfig | undefined;

  // Later objects win over earlier ones with the same identity, as `kubectl apply` would.
  // An object without metadata.namespace is in "default" (what `kubectl apply` without -n
  // does), so it is the same object as one that says `namespace: default`.
  const latest = new Map<string, number>();
  let unkeyed = 0;
  const memos = options.memos;
  const identities = options.identities?.of.length === objects.length ? options.identities : undefined;
  /** A workload or Namespace object was parsed (not replayed) by this build. */
  let freshWorkloads = false;
  for (let i = 0; i < objects.length && !identities?.distinct; i++) {
    const s = objects[i]!;
    const o = asObj(s.object);
    const key = (identities ? identities.of[i] : objectIdentity(s)) ?? `#${unkeyed++}`;
    const at = latest.get(key);
    const previous = at === undefined ? undefined : objects[at]!;
    if (previous && o && asStr(path(o, 'metadata', 'name'))) {
      sink.report({
        code: 'duplicate-object',
        severity: 'warning',
        object: { kind: String(o.kind), namespace: identityNamespace(o) || undefined, name: String(path(o, 'metadata', 'name')), file: s.file, line: s.line },
        message: `defined again (first at ${previous.file ?? '?'}${previous.line ? ':' + previous.line : ''}); the later definition is used.`,
      });
      latest.delete(key);
      if (memos) memos[at!]!.contributed = false;
    }
    latest.set(key, i);
  }

  // Without duplicates every object is used, in input order (the order `latest` keeps then).
  const used: Iterable<number> = identities?.distinct ? objects.keys() : latest.values();
  for (const i of used) {
    const s = objects[i]!;
    const memo = memos?.[i];
    if (memo) memo.contributed = true;
    let parsed = memo?.parsed;
    // Decode errors belong to the text, not the object: such an object is always looked at again.
    if (!parsed || parsed.file !== s.file || parsed.line !== s.line || s.decodeErrors?.length) {
      parsed = parseObject(s);
      if (memo) memo.parsed = parsed;
      if (parsed.bucket === 'rawWorkloads' || parsed.bucket === 'namespaces') freshWorkloads = true;
    }
    for (const d of parsed.diagnostics) sink.report(d);
    if (parsed.referenced) referenced.add(parsed.referenced);
    if (parsed.scopes) inv.unknownScopes.push(...parsed.scopes);
    if (!parsed.bucket) continue;
    if (parsed.bucket === 'namespaces') namespaces.set((parsed.value as Namespace).name, parsed.value as Namespace);
    else if (parsed.bucket === 'rawWorkloads') rawWorkloads.push(parsed.value as RawWorkloadObject);
    else if (parsed.bucket === 'linkerdConfig') linkerdConfig = parsed.value as LinkerdConfig;
    else (inv[parsed.bucket] as unknown[]).push(parsed.value);
  }

  for (const name of referenced) if (!namespaces.has(name)) namespaces.set(name, implicitNamespace(name));
  inv.namespaces = [...namespaces.values()].sort((a, b) => a.name.localeCompare(b.name));
  const namespaceNames = inv.namespaces.map((n) => n.name).join('\u0000');
  const reuse = options.workloads;
  let workloadMemo: WorkloadMemo;
  const transportKey = opaqueTransportKey(linkerdConfig, inv.servers);
  if (reuse?.unchanged && !freshWorkloads && reuse.previous.namespaceNames === namespaceNames && reuse.previous.transportKey === transportKey) {
    // Nothing about workloads changed: the same arrays, so the analysis can keep its indexes.
    workloadMemo = reuse.previous;
    inv.namespaces = workloadMemo.namespaces;
    inv.workloads = workloadMemo.workloads;
    for (const d of workloadMemo.diagnostics) sink.report(d);
  } else {
    const local = diagnosticList();
    inv.workloads = buildWorkloads(rawWorkloads, namespaces, local).sort((a, b) => a.id.localeCompare(b.id));
    applyOpaqueTransport(inv.workloads, linkerdConfig, inv.servers);
    for (const d of local.items) sink.report(d);
    workloadMemo = { namespaceNames, transportKey, namespaces: inv.namespaces, workloads: inv.workloads, diagnostics: local.items };
  }
  if (linkerdConfig) inv.linkerdConfig = linkerdConfig;
  return { inventory: inv, diagnostics: sink.items, workloadMemo };
}
