/**
 * The Helm chart (deploy/helm/accessgraph): it lints, deploy/ is exactly its rendering with the
 * default values (scripts/render-deploy.mjs), and its switches do what values.yaml says. The
 * rendered objects are checked against a real API server in helmChart.cluster.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findHelm } from '@accessgraph/testcluster';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const CHART = `${ROOT}deploy/helm/accessgraph`;

function helm(args: string[]): string {
  const bin = findHelm();
  if (!bin) throw new Error('helm is missing: `pnpm --filter @accessgraph/testcluster run prepare-binaries` builds it from Go modules');
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

type K8sObject = { kind: string; metadata: { name: string }; [k: string]: unknown };
const objects = (text: string): K8sObject[] => parseAllDocuments(text).map((d) => d.toJS() as K8sObject).filter(Boolean);
const render = (...set: string[]) => objects(helm(['template', 'accessgraph', CHART, '--namespace', 'accessgraph', ...set.flatMap((s) => ['--set', s])]));
const kinds = (os: K8sObject[]) => os.map((o) => o.kind).sort();

describe('Helm chart deploy/helm/accessgraph', () => {
  it('passes helm lint', () => {
    expect(helm(['lint', CHART])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('deploy/ is its rendering with the default values, object for object', () => {
    const rendered = render();
    const deployed = ['serviceaccount', 'clusterrole', 'clusterrolebinding', 'deployment', 'service', 'networkpolicy'].flatMap((f) => objects(readFileSync(`${ROOT}deploy/${f}.yaml`, 'utf8')));
    expect(deployed).toEqual(expect.arrayContaining(rendered));
    expect(deployed.length).toBe(rendered.length);
  });

  it('renders the reader, the server and a NetworkPolicy protecting it; a ServiceMonitor only when asked', () => {
    expect(kinds(render())).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'NetworkPolicy', 'Service', 'ServiceAccount']);
    expect(kinds(render('serviceMonitor.enabled=true'))).toContain('ServiceMonitor');
    expect(kinds(render('networkPolicy.enabled=false'))).not.toContain('NetworkPolicy');
  });

  it('tenant mode (rbac.namespaces): a Role and RoleBinding per listed namespace, linkerd-config by name, the ClusterRole cluster-scoped only, serve --namespaces', () => {
    const tenant = render('rbac.namespaces={shop,data}');
    const roles = tenant.filter((o) => o.kind === 'Role') as unknown as { metadata: { name: string; namespace: string }; rules: { resources: string[]; resourceNames?: string[] }[] }[];
    expect(roles.map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort()).toEqual(['data/accessgraph-reader', 'linkerd/accessgraph-linkerd-config', 'shop/accessgraph-reader']);
    expect(tenant.filter((o) => o.kind === 'RoleBinding').map((o) => (o.metadata as { namespace?: string }).namespace).sort()).toEqual(['data', 'linkerd', 'shop']);
    expect(roles.find((r) => r.metadata.namespace === 'linkerd')!.rules).toEqual([expect.objectContaining({ resources: ['configmaps'], resourceNames: ['linkerd-config'] })]);
    const clusterRole = tenant.find((o) => o.kind === 'ClusterRole') as unknown as { rules: { resources: string[] }[] };
    expect(clusterRole.rules.flatMap((r) => r.resources)).not.toEqual(expect.arrayContaining(['pods']));
    expect(clusterRole.rules.flatMap((r) => r.resources)).toContain('namespaces');
    const args = (tenant.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } }).spec.template.spec.containers[0]!.args;
    expect(args.slice(-2)).toEqual(['--namespaces', 'shop,data']);
    // linkerd listed itself: its Role holds the ConfigMap rule, no separate one.
    const withLinkerd = render('rbac.namespaces={shop,linkerd}').filter((o) => o.kind === 'Role');
    expect(withLinkerd.map((o) => o.metadata.name)).toEqual(['accessgraph-reader', 'accessgraph-reader']);
    expect(helm(['lint', CHART, '--set', 'rbac.namespaces={shop,data}'])).toMatch(/0 chart\(s\) failed/);
  });

  it('reads the token from the Secret, runs the image of its appVersion non-root with a read-only root filesystem', () => {
    const deployment = render().find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { securityContext: { runAsNonRoot: boolean }; containers: { image: string; env: { valueFrom: { secretKeyRef: { name: string } } }[]; securityContext: { readOnlyRootFilesystem: boolean } }[] } } };
    };
    const pod = deployment.spec.template.spec;
    const chart = objects(readFileSync(`${CHART}/Chart.yaml`, 'utf8'))[0] as unknown as { appVersion: string };
    const apiVersion = (JSON.parse(readFileSync(`${ROOT}apps/api/package.json`, 'utf8')) as { version: string }).version;
    expect(chart.appVersion).toBe(apiVersion);
    expect(pod.containers[0]!.image).toBe(`accessgraph:${apiVersion}`);
    expect(pod.containers[0]!.env[0]!.valueFrom.secretKeyRef.name).toBe('accessgraph-token');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers[0]!.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('the ClusterRole only reads (get/list/watch), never Secrets, and covers every other engine the live source discovers', () => {
    const role = render().find((o) => o.kind === 'ClusterRole') as unknown as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    expect(new Set(role.rules.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    expect(role.rules.flatMap((r) => r.resources)).not.toContain('secrets');
    const groups = new Set(role.rules.flatMap((r) => r.apiGroups));
    for (const g of ['cilium.io', 'projectcalico.org', 'crd.projectcalico.org', 'crd.antrea.io', 'policy.networking.k8s.io', 'security.istio.io']) expect(groups).toContain(g);
  });
});
