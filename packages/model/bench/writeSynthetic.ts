/**
 * Writes the synthetic cluster as multi-document YAML, one file per namespace, so other tools
 * (np-guard's netpol-analyzer, the API benchmark) can be timed on the very same input.
 *   tsx packages/model/bench/writeSynthetic.ts --workloads 2000 --seed 1 --out DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { generateCluster } from './synthetic.ts';

export function writeSynthetic(workloads: number, seed: number, out: string): number {
  const byFile = new Map<string, string[]>();
  for (const o of generateCluster({ workloads, seed })) {
    const f = (o.file ?? 'synthetic/cluster.yaml').replace('synthetic/', '');
    byFile.set(f, [...(byFile.get(f) ?? []), stringify(o.object, { aliasDuplicateObjects: false })]);
  }
  mkdirSync(out, { recursive: true });
  for (const [f, docs] of byFile) writeFileSync(join(out, f), docs.join('---\n'));
  return byFile.size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { workloads: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  if (!values.out) {
    process.stderr.write('usage: tsx packages/model/bench/writeSynthetic.ts --workloads N --seed S --out DIR\n');
    process.exit(2);
  }
  const files = writeSynthetic(Number(values.workloads), Number(values.seed), values.out);
  process.stdout.write(`wrote ${files} files for ${values.workloads} workloads (seed ${values.seed}) to ${values.out}\n`);
}
