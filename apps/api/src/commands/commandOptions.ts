/**
 * Option parsing shared by the commands: node:util parseArgs with errors turned into usage
 * errors, the source flags (--manifests / --demo), --port lists, --format and
 * --linkerd-default-policy.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_INBOUND_POLICIES, PROTOCOLS, isOneOf, isPortTextProblem, parsePortText, parseSelectorString, parseUserCidr, type Cidr, type LabelSelector, type DefaultInboundPolicy, type PortSpec } from '@accessgraph/model';
import { formatSize, parseSize } from '../sizes.ts';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_INPUT_BYTES, type InputLimits } from '../sources/manifestFiles.ts';

/** Wrong flags or arguments, or input that cannot be read: exit status 2, message for the user. */
export class UsageError extends Error {}

export const SOURCE_OPTIONS = {
  manifests: { type: 'string', multiple: true },
  'max-file-size': { type: 'string' },
  'max-input-size': { type: 'string' },
  demo: { type: 'boolean' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  'in-cluster': { type: 'boolean' },
  'linkerd-default-policy': { type: 'string' },
  sensitive: { type: 'string' },
  'cluster-networks': { type: 'string' },
  external: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const LIVE_HELP = `  --kubeconfig PATH          a live cluster through this kubeconfig (read once:
                             every resource listed, nothing watched; read-only)
  --context NAME             kubeconfig context (with --kubeconfig, or the default
                             kubeconfig: $KUBECONFIG or ~/.kube/config)
  --in-cluster               a live cluster through the pod's service account
                             A resource the credentials may not list (403) or the
                             cluster does not serve makes its layer unknown, as in
                             serve; an API server that does not answer is exit 2.`;

export const SOURCE_HELP = `Source (one of):
  --manifests PATH           a manifest file, or a directory read recursively
                             (*.yaml, *.yml, *.json); repeatable; - reads stdin
                             (e.g. helm template ... | accessgraph ... --manifests -)
  --demo                     the bundled demo cluster
${LIVE_HELP}

  --linkerd-default-policy P override the cluster default inbound policy
                             (${DEFAULT_INBOUND_POLICIES.join(', ')})
  --sensitive SELECTOR       the workloads to flag sensitive, a label selector
                             ('app in (postgresql,minio)'); default: names and app
                             labels of databases, stores and brokers. The annotation
                             accessgraph.io/sensitive: "true"/"false" always wins
  --cluster-networks CIDR,...
                             replace linkerd-config's clusterNetworks (default
                             10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8):
                             Linkerd's cluster-* policies, and what external:0.0.0.0/0
                             (every IPv4 address outside them) stands for
  --external CIDR            also show the outside peer external:CIDR in matrix and
                             graph (IPv4 or IPv6; repeatable, or comma-separated)
  --max-file-size SIZE       refuse a manifest file bigger than this, before reading
                             it (default 32MiB; units KiB, MiB, GiB, KB, MB, GB)
  --max-input-size SIZE      refuse input whose files add up to more (default 256MiB,
                             or 1/48 of node's heap limit when less: now ${formatSize(DEFAULT_MAX_INPUT_BYTES)})`;

export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err));
  }
}

/** --kubeconfig / --context / --in-cluster as given. */
export interface LiveChoice {
  kubeconfig?: string;
  context?: string;
  inCluster?: boolean;
}

export type InputSource = { kind: 'demo' } | { kind: 'manifests'; paths: string[] } | ({ kind: 'live' } & LiveChoice);

export interface LiveValues {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  'in-cluster'?: boolean | undefined;
}

/** The live flags, or undefined when none was given; --in-cluster excludes the other two. */
export function parseLiveChoice(values: LiveValues): LiveChoice | undefined {
  const given = values.kubeconfig !== undefined || values.context !== undefined || values['in-cluster'] === true;
  if (!given) return undefined;
  if (values['in-cluster'] && (values.kubeconfig !== undefined || values.context !== undefined)) {
    throw new UsageError('--in-cluster uses the pod service account: drop --kubeconfig/--context');
  }
  if (values.kubeconfig === '') throw new UsageError('--kubeconfig was given an empty path');
  const choice: LiveChoice = {};
  if (values.kubeconfig !== undefined) choice.kubeconfig = values.kubeconfig;
  if (values.context !== undefined) choice.context = values.context;
  if (values['in-cluster']) choice.inCluster = true;
  return choice;
}

/** The source as reports name it: `demo`, `manifests: k8s, more.yaml` (paths as typed), `live: context prod`. */
export function sourceName(source: InputSource): string {
  if (source.kind === 'demo') return 'demo';
  if (source.kind === 'manifests') return `manifests: ${source.paths.join(', ')}`;
  if (source.inCluster) return 'live: in-cluster';
  return `live: ${[source.context ? `context ${source.context}` : 'current context', source.kubeconfig ? `kubeconfig ${source.kubeconfig}` : ''].filter(Boolean).join(', ')}`;
}

/** Exactly one of --manifests / --demo / a live cluster (--kubeconfig, --context, --in-cluster). */
export function parseSource(values: { manifests?: string[] | undefined; demo?: boolean | undefined } & LiveValues): InputSource {
  const manifests = values.manifests ?? [];
  const live = parseLiveChoice(values);
  if ([values.demo === true, manifests.length > 0, live !== undefined].filter(Boolean).length > 1) {
    throw new UsageError('choose one source: --manifests, --demo, or a live cluster (--kubeconfig/--context/--in-cluster)');
  }
  if (values.demo) return { kind: 'demo' };
  if (live) return { kind: 'live', ...live };
  if (manifests.length === 0) throw new UsageError('no input: give --manifests PATH (repeatable; - for stdin), --demo, or a live cluster (--kubeconfig/--context/--in-cluster)');
  if (manifests.filter((m) => m === '-').length > 1) throw new UsageError('--manifests - (stdin) can be given once');
  return { kind: 'manifests', paths: manifests };
}

/** `-n/--namespace`, repeatable or comma-separated; undefined when not given. */
export const NAMESPACE_OPTION = { namespace: { type: 'string', short: 'n', multiple: true } } as const satisfies ParseArgsConfig['options'];

export function parseNamespaceList(values: string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  const out = new Set<string>();
  for (const v of values) {
    for (const part of v.split(',')) {
      const ns = part.trim();
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63) throw new UsageError(`--namespace ${JSON.stringify(part)}: not a namespace name (lower-case letters, digits and -, at most 63)`);
      out.add(ns);
    }
  }
  return [...out];
}

export function parseDefaultPolicy(value: string | undefined): DefaultInboundPolicy | undefined {
  if (value === undefined) return undefined;
  if (!isOneOf(DEFAULT_INBOUND_POLICIES, value)) {
    throw new UsageError(`--linkerd-default-policy ${value}: expected one of ${DEFAULT_INBOUND_POLICIES.join(', ')}`);
  }
  return value as DefaultInboundPolicy;
}

/** `--sensitive 'app in (postgresql,minio)'`: a label selector; a bad one is a usage error. */
export function parseSensitive(value: string | undefined): LabelSelector | undefined {
  if (value === undefined) return undefined;
  const parsed = parseSelectorString(value);
  if (!parsed.ok) throw new UsageError(`--sensitive: ${parsed.message}`);
  return parsed.selector;
}

/** A comma-separated list of CIDRs for `--flag`; a bad one is a usage error naming it. */
export function parseCidrList(flag: string, values: readonly string[] | undefined): Cidr[] | undefined {
  if (!values?.length) return undefined;
  const out: Cidr[] = [];
  for (const v of values) {
    for (const part of v.split(',')) {
      const c = parseUserCidr(part.trim());
      if (!c) throw new UsageError(`--${flag} ${part}: expected a CIDR such as 203.0.113.0/24 or 2001:db8::/32 (address/prefix, IPv4 prefix 0-32, IPv6 0-128)`);
      out.push(c);
    }
  }
  return out;
}

/** `--cluster-networks` and `--external` (issue 17), as analyze() takes them. */
export function parseOutsideOptions(values: { 'cluster-networks'?: string | undefined; external?: string[] | undefined }): { clusterNetworks?: Cidr[]; externals?: Cidr[] } {
  const clusterNetworks = parseCidrList('cluster-networks', values['cluster-networks'] !== undefined ? [values['cluster-networks']] : undefined);
  const externals = parseCidrList('external', values.external);
  return { ...(clusterNetworks ? { clusterNetworks } : {}), ...(externals ? { externals } : {}) };
}

export function parseFormat<const F extends string>(value: string | undefined, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if (!isOneOf(allowed, value)) throw new UsageError(`--format ${value}: expected one of ${allowed.join(', ')}`);
  return value as F;
}

/** `5432`, `5432/TCP`, `53/udp` → a port spec (TCP when no protocol is written); undefined when it is not one. */
function portNumberSpec(text: string): PortSpec | undefined {
  const p = parsePortText(text);
  return isPortTextProblem(p) || p.kind !== 'number' ? undefined : { port: p.port, protocol: p.protocol ?? 'TCP' };
}

/** Repeatable `--port`, each possibly a comma-separated list; undefined when none was given. */
export function parsePortList(values: string[] | undefined): PortSpec[] | undefined {
  if (!values?.length) return undefined;
  const out = new Map<string, PortSpec>();
  for (const v of values) {
    for (const part of v.split(',')) {
      const spec = portNumberSpec(part);
      if (!spec) throw new UsageError(`--port ${part}: expected PORT or PORT/PROTOCOL, e.g. 5432 or 53/UDP (port 1-65535, protocol ${PROTOCOLS.join(', ')})`);
      out.set(`${spec.port}/${spec.protocol}`, spec);
    }
  }
  return [...out.values()];
}

/** A non-negative integer flag; `fallback` when absent. */
export function parseCount(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} ${value}: expected a whole number`);
  return Number(value);
}

/** `--max-file-size` / `--max-input-size` (sizes like 32MiB), defaults otherwise. */
export function parseInputLimits(values: { 'max-file-size'?: string | undefined; 'max-input-size'?: string | undefined }, fail: (m: string) => Error = (m) => new UsageError(m)): InputLimits {
  const one = (flag: string, v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    const n = parseSize(v);
    if (n === undefined || n < 1) throw fail(`--${flag} ${v}: expected a size such as 32MiB, 512KiB or 1GiB`);
    return n;
  };
  return {
    maxFileBytes: one('max-file-size', values['max-file-size'], DEFAULT_MAX_FILE_BYTES),
    maxInputBytes: one('max-input-size', values['max-input-size'], DEFAULT_MAX_INPUT_BYTES),
  };
}
