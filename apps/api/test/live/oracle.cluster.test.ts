/**
 * The API server as the oracle of manifests mode (issue 15, "manifests mode = live mode").
 * Every input of a corpus — the hostile cases of packages/model/test/fixtures/hostile/ and
 * fast-check mutations of valid policies (fixed seed) — is created, one object at a time, on a
 * real kube-apiserver holding Linkerd's CRDs (e2e/testcluster/crds), with strict field validation
 * (`fieldValidation=Strict`, as `kubectl apply --validate=strict`). Then:
 *
 * (a) what the API server REJECTS, manifests mode (the CLI's analyzeManifests: parse,
 *     inventory, analyse) must report as an error on that file, and — for a policy kind with a
 *     namespace — must leave the part of the layer the object could decide unknown: an
 *     UnknownScope, and some flow into the object's namespace `unknown` at that layer;
 * (b) what the API server STORES must give the same verdicts from the original text as from
 *     the live source reading the stored object back (apps/api/src/sources/live.ts), over the
 *     matrix of a small fixed cluster (packages/model/test/fixtures/oracle/cluster.yaml).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyObjectStrict, applyObjects, installLinkerdCrds, readObjects, type TestCluster } from '@accessgraph/testcluster';
import type { Analysis, Cell, ManifestText, PortSpec } from '@accessgraph/model';
import { analyzeManifests } from '../../src/commands/loadAnalysis.ts';
import { SnapshotStore } from '../../src/snapshot/snapshotStore.ts';
import { LiveSource, loadKubeConfig } from '../../src/sources/live.ts';
import { eventually } from '../helpers.ts';
import { FAST, knownSnapshot, startCluster } from './liveHelpers.ts';

const unavailable = inject('clusterUnavailable');

const FIXTURES = new URL('../../../../packages/model/test/fixtures/', import.meta.url).pathname;
const HOSTILE = join(FIXTURES, 'hostile');
const BASE_FILE = join(FIXTURES, 'oracle', 'cluster.yaml');
const BASE: ManifestText = { path: BASE_FILE, text: readFileSync(BASE_FILE, 'utf8') };
/** The ports of the matrix: every declared port, the proxy's inbound port and one nobody declares. */
const PORTS: PortSpec[] = [
  { port: 8080, protocol: 'TCP' },
  { port: 5432, protocol: 'TCP' },
  { port: 80, protocol: 'TCP' },
  { port: 4143, protocol: 'TCP' },
  { port: 9000, protocol: 'TCP' },
  { port: 53, protocol: 'UDP' },
];

type Obj = Record<string, unknown>;
interface Case {
  name: string;
  /** The manifest as a person wrote it: what manifests mode reads. */
  file: ManifestText;
  /** The same object as kubectl would send it. */
  object: Obj;
}

// --- the corpus --------------------------------------------------------------------------

const hostile: Case[] = readdirSync(HOSTILE)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const path = join(HOSTILE, f);
    const text = readFileSync(path, 'utf8');
    return { name: `hostile/${f.replace(/\.yaml$/, '')}`, file: { path, text }, object: parse(text) as Obj };
  });

/** Valid policies of every kind the model reads, in `shop`; the mutations start from these. */
const VALID: Obj[] = [
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'x', namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } }, podSelector: { matchLabels: { app: 'client' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 8080, protocol: 'TCP' }, { port: 4143 }] }],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5000, endPort: 5500 }] }],
    },
  },
  {
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'Server',
    metadata: { name: 'x', namespace: 'shop' },
    spec: { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, port: 'http', proxyProtocol: 'HTTP/1', accessPolicy: 'deny' },
  },
  {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'x', namespace: 'shop' },
    spec: { targetRef: { kind: 'Namespace', name: 'shop' }, requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'clients' }] },
  },
  {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'MeshTLSAuthentication',
    metadata: { name: 'x', namespace: 'shop' },
    spec: { identities: ['client.other.serviceaccount.identity.linkerd.cluster.local'] },
  },
  {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'NetworkAuthentication',
    metadata: { name: 'x', namespace: 'shop' },
    spec: { networks: [{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }] },
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'x', namespace: 'shop' },
    spec: { parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'web-http' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }] }] },
  },
];

/** Every JSON path inside `spec` (objects and array elements), as key lists. */
function specPaths(value: unknown, at: (string | number)[] = ['spec']): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...specPaths(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...specPaths(v, [...at, k]));
  return out;
}

const WRONG_VALUES: unknown[] = [7, 'x', true, null, {}, [], { a: 1 }, [1], ['x'], -1, 70000, '10.0.0.0/33'];

type Mutation = { base: number; path: number; op: 'wrong-type'; value: number } | { base: number; path: number; op: 'delete' } | { base: number; op: 'unknown-version' };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ base: fc.nat(VALID.length - 1), path: fc.nat(), op: fc.constant('wrong-type' as const), value: fc.nat(WRONG_VALUES.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ base: fc.nat(VALID.length - 1), path: fc.nat(), op: fc.constant('delete' as const) }) },
  { weight: 1, arbitrary: fc.record({ base: fc.nat(VALID.length - 1), op: fc.constant('unknown-version' as const) }) },
);

function mutate(m: Mutation, i: number): Case {
  const o = structuredClone(VALID[m.base]!) as Obj;
  (o.metadata as Obj).name = `mut-${i}`;
  let what: string;
  if (m.op === 'unknown-version') {
    o.apiVersion = `${String(o.apiVersion).split('/')[0]}/v9alpha9`;
    what = `apiVersion ${String(o.apiVersion)}`;
  } else {
    const paths = specPaths(o.spec).filter((p) => m.op === 'wrong-type' || p.length > 1);
    const path = paths[m.path % paths.length]!;
    const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], o) as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      what = `without ${path.join('.')}`;
    } else {
      parent[key] = structuredClone(WRONG_VALUES[m.value]);
      what = `${path.join('.')} = ${JSON.stringify(WRONG_VALUES[m.value])}`;
    }
  }
  // JSON is YAML: the manifest text is the object as sent, so both sides read the same input.
  return { name: `mutation/${i} ${String(o.kind)} ${what}`, file: { path: `mutations/mut-${i}.json`, text: JSON.stringify(o, null, 2) }, object: o };
}

const mutations: Case[] = fc.sample(mutationArb, { seed: 20261201, numRuns: 60 }).map(mutate);
const corpus: Case[] = [...hostile, ...mutations];

// --- judging ------------------------------------------------------------------------------

function groupOf(o: Obj): string | undefined {
  const v = o.apiVersion;
  if (typeof v !== 'string') return undefined;
  return v.includes('/') ? v.split('/')[0] : '';
}

/** The layer a policy object decides, or undefined when it is no policy kind. */
function policyLayer(o: Obj): 'l4' | 'l7' | undefined {
  const group = groupOf(o);
  const kind = o.kind;
  if (group === 'networking.k8s.io' && kind === 'NetworkPolicy') return 'l4';
  if (group === 'policy.linkerd.io') return 'l7';
  if (group === 'gateway.networking.k8s.io' && typeof kind === 'string' && /Route$/.test(kind)) return 'l7';
  return undefined;
}

function namespaceOf(o: Obj): string | undefined {
  const ns = (o.metadata as Obj | undefined)?.namespace;
  return typeof ns === 'string' ? ns : undefined;
}

/** The verdicts of the matrix, without reasons (which name files vs. the live source). */
function verdicts(a: Analysis): string[] {
  return a
    .matrix(PORTS)
    .cells.map((c: Cell) => `${c.from} -> ${c.to} ${c.port}/${c.protocol}: l4=${c.l4}@${c.l4Port} l7=${c.l7} allowed=${c.allowed} protection=${c.protection}`)
    .sort();
}

const outcomes: string[] = [];

describe.skipIf(!!unavailable)('oracle: the API server judges manifests mode', () => {
  let cluster: TestCluster;
  let store: SnapshotStore;
  let baseVerdicts: string[];

  beforeAll(async () => {
    cluster = await startCluster();
    await installLinkerdCrds(cluster.kubeconfigPath);
    await applyObjects(cluster.kubeconfigPath, readObjects([BASE_FILE]));
    const source = new LiveSource({ ...loadKubeConfig({ kubeconfig: cluster.kubeconfigPath }), ...FAST });
    store = new SnapshotStore({ source });
    await store.start();
    await knownSnapshot(store);
    baseVerdicts = verdicts(analyzeManifests([BASE]));
  });
  afterAll(async () => {
    await store?.stop();
    await cluster?.stop();
    if (outcomes.length) console.log(`oracle outcomes (${outcomes.length}):\n${outcomes.join('\n')}`);
  });

  it('the fixed cluster alone: no error, nothing unknown, and the same verdicts from the file as from the cluster', async () => {
    const a = analyzeManifests([BASE]);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.inventory.unknownScopes).toEqual([]);
    expect(baseVerdicts.some((v) => / l4=unknown| l7=unknown/.test(v))).toBe(false);
    const live = await eventually(() => store.current()?.analysis, 5000, 'a live snapshot');
    expect(verdicts(live)).toEqual(baseVerdicts);
  });

  it('the corpus holds the agreed number of cases, from both sources', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(40);
    expect(mutations.length).toBe(60);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await applyObjectStrict(cluster.kubeconfigPath, c.object as KubernetesObject);
    const manifests = analyzeManifests([BASE, c.file]);
    if (!result.accepted) {
      outcomes.push(`rejected ${c.name}: ${result.status} ${result.message.slice(0, 160)}`);
      // (a) rejected: an error on that file …
      // An unknown field is a warning (the API server would prune it under a lenient apply), yet it
      // must still make the object's flows unknown, as for every rejection.
      const unknownFieldOnly = /strict decoding error: unknown field/.test(result.message) && !/duplicate field/.test(result.message);
      const errors = manifests.diagnostics.filter((d) => (d.severity === 'error' || (unknownFieldOnly && d.severity === 'warning')) && (d.file === c.file.path || d.object?.file === c.file.path));
      expect(errors.map((d) => d.code), `the API server rejects it (${result.status}: ${result.message}); manifests mode must report an error`).not.toEqual([]);
      // … and the part of the layer it could decide unknown.
      const layer = policyLayer(c.object);
      const ns = namespaceOf(c.object);
      if (layer && ns) {
        expect(manifests.inventory.unknownScopes.map((s) => s.reason), 'an UnknownScope for the rejected policy object').not.toEqual([]);
        const into = manifests.matrix(PORTS).cells.filter((cell) => cell.to.startsWith(`${ns}/`));
        expect(
          into.filter((cell) => cell[layer] === 'unknown').map((cell) => `${cell.from} -> ${cell.to} ${cell.port}`),
          `some flow into ${ns} must be ${layer} unknown`,
        ).not.toEqual([]);
      }
      return;
    }
    // (b) stored: the same verdicts from the original text as from the live source.
    const stored = result.stored;
    const uid = stored.metadata?.uid;
    outcomes.push(`stored   ${c.name}`);
    try {
      const live = await eventually(() => {
        const s = store.current();
        return s?.objects.some((o) => (o.object as KubernetesObject).metadata?.uid === uid) ? s.analysis : undefined;
      }, 10_000, `the live source seeing ${c.name}`);
      expect(verdicts(manifests), 'verdicts from the manifest (left) vs. from the cluster (right)').toEqual(verdicts(live));
    } finally {
      const kind = stored.kind!;
      const item = `${selfLinkOf(stored, kind)}`;
      const del = await cluster.raw('DELETE', item);
      expect(del.status, `deleting ${item}`).toBeLessThan(300);
      await eventually(() => (store.current()!.objects.some((o) => (o.object as KubernetesObject).metadata?.uid === uid) ? undefined : true), 10_000, `the live source dropping ${c.name}`);
    }
  });
});

/** The object's URL, from what the API server stored (apiVersion, namespace, name) and discovery's plural. */
const PLURALS: Record<string, string> = {
  NetworkPolicy: 'networkpolicies',
  Server: 'servers',
  AuthorizationPolicy: 'authorizationpolicies',
  MeshTLSAuthentication: 'meshtlsauthentications',
  NetworkAuthentication: 'networkauthentications',
  HTTPRoute: 'httproutes',
  GRPCRoute: 'grpcroutes',
  ServerAuthorization: 'serverauthorizations',
};
function selfLinkOf(o: KubernetesObject, kind: string): string {
  const plural = PLURALS[kind];
  if (!plural) throw new Error(`no plural known for ${kind}`);
  const base = o.apiVersion!.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  return `${base}/namespaces/${o.metadata!.namespace}/${plural}/${o.metadata!.name}`;
}
