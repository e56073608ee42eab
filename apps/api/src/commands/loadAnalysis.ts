/**
 * Input → Analysis for the one-shot commands: reads the manifest files (or the bundled demo),
 * then the model's three steps — parse, inventory, analyse — carrying every input diagnostic
 * into the result. Unreadable paths are usage errors naming the path; what is inside the files
 * (bad YAML, invalid objects) becomes diagnostics, so one bad file does not hide the rest.
 */
import { analyze, buildInventory, parseManifests, type Analysis, type Cidr, type DefaultInboundPolicy, type ManifestText } from '@accessgraph/model';
import { DEFAULT_LIMITS, ManifestReadError, readManifestFiles, type InputLimits } from '../sources/manifestFiles.ts';
import { UsageError, type InputSource } from './commandOptions.ts';

export interface LoadOptions {
  linkerdDefaultPolicy?: DefaultInboundPolicy | undefined;
  /** Where relative paths start. */
  cwd: string;
  /** --max-file-size / --max-input-size. */
  limits?: InputLimits;
  /** --cluster-networks / --external (issue 17). */
  clusterNetworks?: Cidr[];
  externals?: Cidr[];
}

export async function readInput(source: InputSource, cwd: string, limits: InputLimits = DEFAULT_LIMITS): Promise<ManifestText[]> {
  if (source.kind === 'demo') {
    // Loaded only when asked for: the demo bundle is not needed to read files.
    const { demoManifests } = await import('../sources/demoManifests.ts');
    return demoManifests();
  }
  try {
    return await readManifestFiles(source.paths, cwd, limits);
  } catch (err) {
    if (err instanceof ManifestReadError) throw new UsageError(err.message);
    throw err;
  }
}

/** The analysis of already-read manifest texts. */
export function analyzeManifests(files: ManifestText[], linkerdDefaultPolicy?: DefaultInboundPolicy, outside: { clusterNetworks?: Cidr[]; externals?: Cidr[] } = {}): Analysis {
  const parsed = parseManifests(files);
  const built = buildInventory(parsed.objects);
  return analyze(built.inventory, {
    ...(linkerdDefaultPolicy ? { linkerdDefaultPolicy } : {}),
    ...(outside.clusterNetworks ? { clusterNetworks: outside.clusterNetworks } : {}),
    ...(outside.externals ? { externals: outside.externals } : {}),
    inputDiagnostics: [...parsed.diagnostics, ...built.diagnostics],
  });
}

export async function loadAnalysis(source: InputSource, options: LoadOptions): Promise<Analysis> {
  return analyzeManifests(await readInput(source, options.cwd, options.limits), options.linkerdDefaultPolicy, {
    ...(options.clusterNetworks ? { clusterNetworks: options.clusterNetworks } : {}),
    ...(options.externals ? { externals: options.externals } : {}),
  });
}
