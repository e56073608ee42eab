/**
 * Writes the synthetic cluster as multi-document YAML, one file per namespace, so other tools
 * (np-guard's netpol-analyzer, the API benchmark) can be timed on the very same input.
 *   tsx packages/model/bench/writeSynthetic.ts --workloads 2000 --seed 1 --out DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { generateCluster, type SyntheticOptions } from './synthetic.ts';

/** Writes the cluster to `out`; `shape` takes the generator's other options (namespaces, meshedEvery, wide). */
export function writeSynthetic(workloads: number, seed: number, out: string, shape: Omit<SyntheticOptions, 'workloads' | 'seed'> = {}): number {
  const byFile = new Map<string, string[]>();
  for (const o of generateCluster({ workloads, seed, ...shape })) {
    const f = (o.file ?? 'synthetic/cluster.yaml').replace('synthetic/', '');
    byFile.set(f, [...(byFile.get(f) ?? []), stringify(o.object, { aliasDuplicateObjects: false })]);
  }
  mkdirSync(out, { recursive: true });
  for (const [f, docs] of byFile) writeFileSync(join(out, f), docs.join('---\n'));
  return byFile.size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      workloads: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      namespaces: { type: 'string' },
      'meshed-every': { type: 'string' },
      wide: { type: 'string' },
    },
  });
  if (!values.out) {
    process.stderr.write('usage: tsx packages/model/bench/writeSynthetic.ts --workloads N --seed S --out DIR [--namespaces N] [--meshed-every N] [--wide SHARE]\n');
    process.exit(2);
  }
  const files = writeSynthetic(Number(values.workloads), Number(values.seed), values.out, {
    ...(values.namespaces ? { namespaces: Number(values.namespaces) } : {}),
    ...(values['meshed-every'] ? { meshedEvery: Number(values['meshed-every']) } : {}),
    ...(values.wide ? { wide: Number(values.wide) } : {}),
  });
  process.stdout.write(`wrote ${files} files for ${values.workloads} workloads (seed ${values.seed}) to ${values.out}\n`);
}
