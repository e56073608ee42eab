/**
 * e2e/testcluster/crds/linkerd-policy.yaml (the CRDs this project writes from the facts of
 * Linkerd's charts/linkerd-crds, the same the test API server holds) → src/k8s/validate/schemas/linkerd.json: the
 * `openAPIV3Schema` of every SERVED version of the Linkerd policy kinds and Gateway API routes
 * the model reads, as the CRDs give them less `description` (prose the validator never reads); the
 * validator adapts them to JSON Schema when it compiles them (src/k8s/validate/adapt.ts).
 *
 *   pnpm --filter @accessgraph/model run schemas:linkerd
 *
 * Run after editing e2e/testcluster/crds/linkerd-policy.yaml (see e2e/testcluster/crds/README.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const KINDS: Record<string, string[]> = {
  'policy.linkerd.io': ['Server', 'ServerAuthorization', 'AuthorizationPolicy', 'MeshTLSAuthentication', 'NetworkAuthentication', 'HTTPRoute'],
  'gateway.networking.k8s.io': ['HTTPRoute', 'GRPCRoute'],
};

const input = new URL('../../../e2e/testcluster/crds/linkerd-policy.yaml', import.meta.url);
const output = new URL('../src/k8s/validate/schemas/linkerd.json', import.meta.url);
const text = readFileSync(input, 'utf8');
const header = text.split('\n').filter((l) => l.startsWith('# ')).slice(0, 6).map((l) => l.slice(2)).join(' ');
const release = /at tag (\S+)/.exec(header);
if (!release) throw new Error(`${input.pathname}: no "at tag RELEASE" in its header`);

interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; scope: string; versions: { name: string; served: boolean; deprecated?: boolean; schema?: { openAPIV3Schema?: unknown } }[] };
}
const kinds: Record<string, { scope: string; deprecated?: true; schema: unknown }> = {};
for (const doc of parseAllDocuments(text)) {
  const crd = doc.toJS() as Crd | null;
  if (crd?.kind !== 'CustomResourceDefinition') continue;
  const { group, names, scope, versions } = crd.spec;
  if (!KINDS[group]?.includes(names.kind)) continue;
  for (const v of versions) {
    if (!v.served) continue;
    if (!v.schema?.openAPIV3Schema) throw new Error(`${group}/${v.name} ${names.kind} has no openAPIV3Schema`);
    kinds[`${group}/${v.name}/${names.kind}`] = { scope, ...(v.deprecated ? { deprecated: true as const } : {}), schema: withoutDescriptions(v.schema.openAPIV3Schema) };
  }
}
for (const [group, list] of Object.entries(KINDS)) for (const k of list) if (!Object.keys(kinds).some((key) => key.startsWith(`${group}/`) && key.endsWith(`/${k}`))) throw new Error(`no CRD for ${group} ${k}`);
/** The schema without its prose. */
function withoutDescriptions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDescriptions);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === 'description' && typeof x === 'string')).map(([k, x]) => [k, withoutDescriptions(x)]));
}
const sorted = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(output, JSON.stringify({ source: 'e2e/testcluster/crds/linkerd-policy.yaml (written by this project from the facts of linkerd2 charts/linkerd-crds)', release: release[1], kinds: sorted }) + '\n');
console.log(`wrote ${output.pathname}: ${Object.keys(sorted).join(', ')}`);
