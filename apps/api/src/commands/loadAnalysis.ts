/**
 * Input → Analysis for the one-shot commands: reads the manifest files (or stdin, the bundled
 * demo, or a live cluster listed once), then the model's three steps — parse, inventory,
 * analyse — carrying every input diagnostic into the result. Unreadable paths are usage errors
 * naming the path; what is inside the files (bad YAML, invalid objects) becomes diagnostics, so
 * one bad file does not hide the rest. A live cluster's resources that cannot be read make
 * their layers `unknown` (sources/liveRead.ts, the rule `serve` applies); an API server that
 * does not answer is a usage/input error (exit 2).
 */
import type { Readable } from 'node:stream';
import { isAbsolute, resolve } from 'node:path';
import { analyze, buildInventory, parseManifests, type Analysis, type Cidr, type DefaultInboundPolicy, type LabelSelector, type ManifestText, type SourcedObject } from '@accessgraph/model';
import { DEFAULT_LIMITS, ManifestReadError, readManifestFiles, type InputLimits } from '../sources/manifestFiles.ts';
import { KNOWN_LAYERS, type SourceState } from '../sources/source.ts';
import { analyzeState } from '../snapshot/analyzeState.ts';
import { withSuggestions } from './closeMatches.ts';
import { UsageError, parseDefaultPolicy, parseInputLimits, parseOutsideOptions, parseSensitive, type InputSource, type LiveChoice } from './commandOptions.ts';

export interface LoadOptions {
  linkerdDefaultPolicy?: DefaultInboundPolicy | undefined;
  /** --sensitive. */
  sensitive?: LabelSelector | undefined;
  /** Where relative paths start. */
  cwd: string;
  /** --max-file-size / --max-input-size. */
  limits?: InputLimits;
  /** What `--manifests -` reads. */
  stdin?: Readable | undefined;
  /** --cluster-networks / --external (issue 17). */
  clusterNetworks?: Cidr[];
  externals?: Cidr[];
}

export async function readInput(source: Exclude<InputSource, { kind: 'live' }>, cwd: string, limits: InputLimits = DEFAULT_LIMITS, stdin?: Readable): Promise<ManifestText[]> {
  if (source.kind === 'demo') {
    // Loaded only when asked for: the demo bundle is not needed to read files.
    const { demoManifests } = await import('../sources/demoManifests.ts');
    return demoManifests();
  }
  try {
    return await readManifestFiles(source.paths, cwd, limits, stdin);
  } catch (err) {
    if (err instanceof ManifestReadError) throw new UsageError(err.message);
    throw err;
  }
}

/** A live cluster, every resource listed once. client-node is loaded here, only for this. */
export async function readLive(choice: LiveChoice, cwd: string): Promise<{ state: SourceState; description: string }> {
  const [{ loadKubeConfig }, { readLiveOnce, LiveUnreachable }] = await Promise.all([import('../sources/liveConfig.ts'), import('../sources/liveOnce.ts')]);
  let loaded;
  try {
    const kubeconfig = choice.kubeconfig !== undefined && !isAbsolute(choice.kubeconfig) ? resolve(cwd, choice.kubeconfig) : choice.kubeconfig;
    loaded = loadKubeConfig({ ...choice, ...(kubeconfig !== undefined ? { kubeconfig } : {}) });
  } catch (err) {
    throw new UsageError(`cannot use the kubeconfig: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return { state: await readLiveOnce(loaded), description: loaded.description };
  } catch (err) {
    if (err instanceof LiveUnreachable) throw new UsageError(err.message);
    throw err;
  }
}

/** The load options every command derives from the source flags. */
export function loadOptionsOf(
  values: { 'max-file-size'?: string | undefined; 'max-input-size'?: string | undefined; 'linkerd-default-policy'?: string | undefined; sensitive?: string | undefined; 'cluster-networks'?: string | undefined; external?: string[] | undefined },
  io: { cwd: string; stdin?: Readable | undefined },
): LoadOptions {
  return { cwd: io.cwd, limits: parseInputLimits(values), linkerdDefaultPolicy: parseDefaultPolicy(values['linkerd-default-policy']), sensitive: parseSensitive(values.sensitive), ...parseOutsideOptions(values), stdin: io.stdin };
}

/**
 * `-n` names namespaces the input must have: a typo would otherwise filter everything away and
 * read as "nothing to report" (an assert gate passing on nothing). Close matches are listed.
 */
export function checkNamespaces(analysis: Analysis, namespaces: readonly string[] | undefined): void {
  if (!namespaces) return;
  const known = new Set([...analysis.inventory.namespaces.map((n) => n.name), ...analysis.inventory.workloads.map((w) => w.namespace)]);
  for (const ns of namespaces) if (!known.has(ns)) throw new UsageError(withSuggestions(`--namespace ${ns}: no such namespace in the input`, ns, [...known].sort()));
}

/** The analysis of already-read manifest texts. */
export function analyzeManifests(files: ManifestText[], linkerdDefaultPolicy?: DefaultInboundPolicy, extra: { sensitive?: LabelSelector | undefined; clusterNetworks?: Cidr[] | undefined; externals?: Cidr[] | undefined } = {}): Analysis {
  const parsed = parseManifests(files);
  const built = buildInventory(parsed.objects);
  return analyze(built.inventory, {
    ...(linkerdDefaultPolicy ? { linkerdDefaultPolicy } : {}),
    ...(extra.sensitive ? { sensitive: extra.sensitive } : {}),
    ...(extra.clusterNetworks ? { clusterNetworks: extra.clusterNetworks } : {}),
    ...(extra.externals ? { externals: extra.externals } : {}),
    inputDiagnostics: [...parsed.diagnostics, ...built.diagnostics],
  });
}

/** The source as a SourceState: manifests parsed (layers known), or the live cluster as read. */
export async function loadState(source: InputSource, options: LoadOptions): Promise<SourceState> {
  if (source.kind === 'live') return (await readLive(source, options.cwd)).state;
  const parsed = parseManifests(await readInput(source, options.cwd, options.limits, options.stdin));
  return { objects: parsed.objects, diagnostics: parsed.diagnostics, layers: KNOWN_LAYERS };
}

export async function loadAnalysis(source: InputSource, options: LoadOptions): Promise<Analysis> {
  if (source.kind !== 'live') return analyzeManifests(await readInput(source, options.cwd, options.limits, options.stdin), options.linkerdDefaultPolicy, options);
  const { state } = await readLive(source, options.cwd);
  return analyzeState(state, {
    ...(options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {}),
    ...(options.sensitive ? { sensitive: options.sensitive } : {}),
    ...(options.clusterNetworks ? { clusterNetworks: options.clusterNetworks } : {}),
    ...(options.externals ? { externals: options.externals } : {}),
  });
}

/** `group|Kind|namespace|name`; an object without a namespace is keyed '' (cluster-scoped, or 'default' — see overlay). */
function objectKey(o: unknown, namespace?: string): string | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const r = o as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof r.apiVersion !== 'string' || typeof r.kind !== 'string' || typeof r.metadata?.name !== 'string') return undefined;
  const slash = r.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : r.apiVersion.slice(0, slash);
  const ns = namespace ?? (typeof r.metadata.namespace === 'string' ? r.metadata.namespace : '');
  return `${group}|${r.kind}|${ns}|${r.metadata.name}`;
}

/**
 * The live cluster with the manifests applied on top (diff's live side against a PR): every
 * live object the manifests also define — same API group (any version), kind, namespace and
 * name; a manifest object without a namespace stands for `default`, or the cluster-scoped
 * object of that name — is replaced by the manifests' version; the other live objects are kept;
 * manifest objects the cluster lacks are added. A deletion cannot be said by leaving a file
 * out: what the manifests do not define stays as the cluster has it.
 */
export function overlayState(live: SourceState, manifests: SourceState): SourceState {
  const defined = new Set<string>();
  for (const m of manifests.objects) {
    const key = objectKey(m.object);
    if (key === undefined) continue;
    defined.add(key);
    if (key.split('|')[2] === '') defined.add(objectKey(m.object, 'default')!);
  }
  const kept: SourcedObject[] = live.objects.filter((o) => {
    const key = objectKey(o.object);
    return key === undefined || !defined.has(key);
  });
  return { objects: [...kept, ...manifests.objects], diagnostics: [...live.diagnostics, ...manifests.diagnostics], layers: live.layers };
}
