/**
 * A check at benchmark sizes (issue 19), not a timing: applies a sequence of one-object changes
 * to the synthetic cluster in a ModelIndex — the measured NetworkPolicy's ports, a policy
 * deleted and put back, a workload's labels, a Server's port — and after each compares the
 * incremental graph JSON and findings with a fresh analysis of the same objects. Prints one
 * sha256 per step (the same on any code that computes the same graphs) and exits 1 on the first
 * difference.
 *   node --import tsx packages/model/bench/checkChanges.ts SIZE [--fresh-every 1]
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { analyze, buildInventory, ModelIndex, positionKey, resetTo, type SourcedObject } from '../src/index.ts';
import { generateCluster } from './synthetic.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'fresh-every': { type: 'string', default: '1' }, seed: { type: 'string', default: '1' } } });
const size = Number(positionals[0] ?? 2000);
const freshEvery = Number(values['fresh-every']);
const objects: SourcedObject[] = generateCluster({ workloads: size, seed: Number(values.seed) });
type Obj = { kind?: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec: Record<string, unknown> };
const obj = (i: number) => objects[i]!.object as Obj;
const find = (kind: string, from = 0, name?: (n: string) => boolean) => objects.findIndex((o, i) => i >= from && (o.object as Obj).kind === kind && (!name || name((o.object as Obj).metadata.name)));
const allow = find('NetworkPolicy', 0, (n) => n.startsWith('allow-'));
const otherAllow = find('NetworkPolicy', Math.floor(objects.length / 2), (n) => n.startsWith('allow-'));
const anyPolicy = find('NetworkPolicy', Math.floor(objects.length / 3));
const deployment = find('Deployment', Math.floor(objects.length / 4));
const server = find('Server');
const withSpec = (i: number, spec: Record<string, unknown>) => ({ ...objects[i]!, object: { ...obj(i), spec: { ...obj(i).spec, ...spec } } });
/** The pod template's labels (what selectors see), merged with `labels`. */
const withLabels = (i: number, labels: Record<string, string>) => {
  const template = obj(i).spec.template as { metadata?: { labels?: Record<string, string> } };
  return withSpec(i, { template: { ...template, metadata: { ...template.metadata, labels: { ...template.metadata?.labels, ...labels } } } });
};

type Step = { name: string; at: number; object?: SourcedObject };
const steps: Step[] = [
  { name: 'ingress ports of an allow- policy', at: allow, object: withSpec(allow, { ingress: [{ ports: [{ port: 1000 }] }] }) },
  { name: 'the same again, another port', at: allow, object: withSpec(allow, { ingress: [{ ports: [{ port: 1001 }] }] }) },
  { name: 'a policy in another namespace admits everyone', at: otherAllow, object: withSpec(otherAllow, { ingress: [{}] }) },
  { name: 'a policy deleted', at: anyPolicy },
  { name: 'the policy back', at: anyPolicy, object: objects[anyPolicy]! },
  { name: 'egress isolation added', at: otherAllow, object: withSpec(otherAllow, { policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }) },
  { name: 'the first policy as it was', at: allow, object: objects[allow]! },
  ...(server >= 0 ? [{ name: 'a Server port', at: server, object: withSpec(server, { port: 9999 }) }] : []),
  { name: 'a workload relabelled', at: deployment, object: withLabels(deployment, { tier: 'relabelled' }) },
];

const current: (SourcedObject | undefined)[] = [...objects];
const model = new ModelIndex();
model.apply(resetTo(objects));
model.analyze().graph();
const digest = (g: unknown, d: unknown) => createHash('sha256').update(JSON.stringify(g)).update(JSON.stringify(d)).digest('hex').slice(0, 16);
let failed = false;
for (const [k, step] of steps.entries()) {
  current[step.at] = step.object;
  model.apply({ changes: [step.object ? { type: 'apply', key: positionKey(step.at), object: step.object } : { type: 'delete', key: positionKey(step.at) }] });
  const a = model.analyze();
  const incremental = digest(a.graph(), a.diagnostics);
  let line = `step ${k} (${step.name}): ${incremental}`;
  if (k % freshEvery === 0) {
    const list = current.filter((o): o is SourcedObject => o !== undefined);
    const fresh = buildInventory(list);
    const f = analyze(fresh.inventory, { inputDiagnostics: fresh.diagnostics });
    const expected = digest(f.graph(), f.diagnostics);
    line += expected === incremental ? ' = fresh' : ` ≠ fresh ${expected}`;
    if (expected !== incremental) failed = true;
  }
  process.stdout.write(line + '\n');
  if (failed) break;
}
process.exit(failed ? 1 : 0);
