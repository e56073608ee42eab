/**
 * `accessgraph diff --before P --after P`: what a policy change does to who can reach whom.
 * Both inputs are analysed with the same ports and options; the model's diffCells keeps only
 * the cells that differ (the before side is held as compact keys and re-read for the
 * differing cells), diffDiagnostics the findings that appear or go away.
 */
import { diffCells, diffDiagnostics, GATE_CLASSES, gateHits, parseGateClasses, type Analysis, type Cell, type GateClass, type GateHit, type PortSpec } from '@accessgraph/model';
import { writeChunks, writeText, type Command } from './commandIo.ts';
import { parseCommandArgs, parseCount, parseDefaultPolicy, parseFormat, parseLiveChoice, parseOutsideOptions, parsePortList, UsageError, parseInputLimits } from './commandOptions.ts';
import { diffIsEmpty, diffJson, diffMarkdown, diffText, type DiffReport } from './diffOutput.ts';
import { loadAnalysis, loadState, overlayState, readLive } from './loadAnalysis.ts';
import { analyzeState } from '../snapshot/analyzeState.ts';

/** `--before live` / `--after live`: that side is the cluster. */
const LIVE = 'live';

export const DIFF_USAGE = `Usage: accessgraph diff --before (PATH ... | live) --after (PATH ... | live) [options]

What a policy change does: the flows added, removed and reclassified (e.g. both → l4-only,
allowed → denied) per port, with the rules responsible (the after state's for added and
reclassified flows, the before state's for removed ones), workloads that appear or go away,
and diagnostics introduced or resolved.

Input:
  --before PATH              manifest file or directory before the change; repeatable;
                             - reads stdin (one side only)
  --after PATH               manifest file or directory after the change; repeatable
  --before live, --after live
                             that side is the live cluster, listed once (one side only;
                             a directory named live is ./live), through:
  --kubeconfig PATH          this kubeconfig (default: $KUBECONFIG or ~/.kube/config)
  --context NAME             this kubeconfig context
  --in-cluster               the pod's service account

Against live, the manifests side is the cluster with the manifests applied on top: every
live object the manifests also define (same API group — any version —, kind, namespace and
name; no namespace is default, or the cluster-scoped object) is replaced by the manifests'
version, manifest objects the cluster lacks are added, the other live objects are kept. So
--after ./pr shows what applying ./pr would change; a deletion cannot be said by leaving a
file out (what the manifests do not define stays as the cluster has it).

Options:
  --port PORT[/PROTO]        compare only these ports (repeatable or comma-separated);
                             default: each destination's declared container ports
  -o, --format FORMAT        text (default), markdown (for a PR review), json
  --limit N                  at most N rows per section in text and markdown (default 100;
                             0: no limit). json is never cut.
  --fail-on LIST             a CI gate: exit 1 only when the change hits one of these
                             classes (comma-separated or repeated): ${GATE_CLASSES.join(', ')};
                             the hits are listed on stderr
  --linkerd-default-policy P override the cluster default inbound policy on both sides
  --cluster-networks CIDR,...
                             replace linkerd-config's clusterNetworks on both sides
                             (what external:0.0.0.0/0 stands for; see accessgraph check -h)
  --external CIDR            also compare the flows of the outside peer external:CIDR
                             (repeatable, or comma-separated); external:0.0.0.0/0
                             is always compared
  --max-file-size SIZE       refuse a manifest file bigger than this (default 32MiB)
  --max-input-size SIZE      refuse a side whose files add up to more (default 256MiB,
                             or 1/48 of node's heap limit when less)
  -h, --help                 this text

Gate classes: new-allowed (a flow now allowed that was not), new-open (now allowed with
nothing restricting it), protection-lowered (both → l4-only, l7-only → none, …), new-conflict
(one layer now allows what the other denies), new-unknown (a verdict now unknown),
error-finding (an error finding the change introduces).

Examples:
  accessgraph diff --before ./main --after ./pr --format markdown
  accessgraph diff --before ./main --after ./pr --fail-on new-allowed,protection-lowered,new-unknown
  accessgraph diff --before live --after ./pr --context prod --fail-on protection-lowered
  accessgraph diff --before ./main --after live          # what the cluster has drifted to
  helm template ./chart | accessgraph diff --before live --after -

Exit status: 0 nothing changed, 1 something changed (flows, workloads or diagnostics) — with
--fail-on: 0 no listed class was hit, 1 one was; 2 usage or input error.
`;

const FORMATS = ['text', 'markdown', 'json'] as const;

/** Analysis.cells() as something diffCells can read twice without holding it. */
function reiterableCells(analysis: Analysis, ports: PortSpec[] | undefined): Iterable<Cell> {
  return { [Symbol.iterator]: () => analysis.cells(ports)[Symbol.iterator]() };
}

export function diffAnalyses(before: Analysis, after: Analysis, ports: PortSpec[] | undefined, names: { before: string; after: string }): DiffReport {
  const beforeIds = before.inventory.workloads.map((w) => w.id);
  const afterIds = after.inventory.workloads.map((w) => w.id);
  const beforeSet = new Set(beforeIds);
  const afterSet = new Set(afterIds);
  return {
    ...names,
    cells: diffCells(reiterableCells(before, ports), after.cells(ports)),
    diagnostics: diffDiagnostics(before.diagnostics, after.diagnostics),
    workloads: { added: afterIds.filter((id) => !beforeSet.has(id)), removed: beforeIds.filter((id) => !afterSet.has(id)) },
  };
}

export const runDiff: Command = async (argv, io) => {
  const { values } = parseCommandArgs(
    argv,
    {
      before: { type: 'string', multiple: true },
      after: { type: 'string', multiple: true },
      port: { type: 'string', multiple: true },
      format: { type: 'string', short: 'o' },
      limit: { type: 'string' },
      'linkerd-default-policy': { type: 'string' },
      'cluster-networks': { type: 'string' },
      external: { type: 'string', multiple: true },
      'fail-on': { type: 'string', multiple: true },
      'max-file-size': { type: 'string' },
      'max-input-size': { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      'in-cluster': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    await writeText(io.stdout, DIFF_USAGE);
    return 0;
  }
  const format = parseFormat(values.format, FORMATS, 'text');
  const ports = parsePortList(values.port);
  const limit = parseCount('limit', values.limit, 100);
  const linkerdDefaultPolicy = parseDefaultPolicy(values['linkerd-default-policy']);
  let failOn: GateClass[] | undefined;
  if (values['fail-on']) {
    const parsed = parseGateClasses(values['fail-on']);
    if (!Array.isArray(parsed)) throw new UsageError(`--fail-on ${parsed.unknown}: expected classes among ${GATE_CLASSES.join(', ')}`);
    if (parsed.length === 0) throw new UsageError(`--fail-on needs at least one class: ${GATE_CLASSES.join(', ')}`);
    failOn = parsed;
  }
  if (!values.before?.length || !values.after?.length) throw new UsageError('diff needs both --before PATH and --after PATH (or live on one side)');
  const isLive = (paths: string[]) => paths.includes(LIVE);
  for (const [flag, paths] of [['--before', values.before], ['--after', values.after]] as const) {
    if (isLive(paths) && paths.length > 1) throw new UsageError(`${flag} live reads the cluster: give no other path with it (a directory named live is ./live)`);
  }
  if (isLive(values.before) && isLive(values.after)) throw new UsageError('--before live and --after live: one side is the cluster, the other manifests');
  if ([...values.before, ...values.after].filter((p) => p === '-').length > 1) throw new UsageError('- (stdin) can be read by one side only');
  const choice = parseLiveChoice(values);
  const liveSide = isLive(values.before) ? 'before' : isLive(values.after) ? 'after' : undefined;
  if (choice && !liveSide) throw new UsageError('--kubeconfig/--context/--in-cluster choose the live side: give --before live or --after live');
  const outside = parseOutsideOptions(values);
  const options = { cwd: io.cwd, limits: parseInputLimits(values), linkerdDefaultPolicy, stdin: io.stdin, ...outside };
  const analyzeOptions = { ...(linkerdDefaultPolicy ? { linkerdDefaultPolicy } : {}), ...outside };
  let before: Analysis;
  let after: Analysis;
  const names = { before: values.before.join(', '), after: values.after.join(', ') };
  if (!liveSide) {
    before = await loadAnalysis({ kind: 'manifests', paths: values.before }, options);
    after = await loadAnalysis({ kind: 'manifests', paths: values.after }, options);
  } else {
    // Read the manifests first: a bad path fails before the cluster is asked anything.
    const manifests = await loadState({ kind: 'manifests', paths: liveSide === 'before' ? values.after : values.before }, options);
    const live = await readLive(choice ?? {}, io.cwd);
    const liveAnalysis = analyzeState(live.state, analyzeOptions);
    const applied = analyzeState(overlayState(live.state, manifests), analyzeOptions);
    names[liveSide] = `live (${live.description})`;
    const other = liveSide === 'before' ? 'after' : 'before';
    names[other] = `live + ${names[other]}`;
    [before, after] = liveSide === 'before' ? [liveAnalysis, applied] : [applied, liveAnalysis];
  }
  const report = diffAnalyses(before, after, ports, names);
  const output = format === 'json' ? diffJson(report) : format === 'markdown' ? diffMarkdown(report, limit) : diffText(report, limit);
  await writeChunks(io.stdout, output);
  if (!failOn) return diffIsEmpty(report) ? 0 : 1;
  const hits = gateHits(report.cells, report.diagnostics).filter((h) => failOn.includes(h.class));
  await writeText(io.stderr, gateSummary(hits, failOn));
  return hits.length > 0 ? 1 : 0;
};

function hitLine(h: GateHit): string {
  if (h.diagnostic) return `  ${h.class}: ${h.diagnostic.code} ${h.diagnostic.object ? `${h.diagnostic.object.kind} ${h.diagnostic.object.namespace ? h.diagnostic.object.namespace + '/' : ''}${h.diagnostic.object.name}` : (h.diagnostic.file ?? '')}: ${h.diagnostic.message}`;
  const c = h.cell!;
  const was = h.before ? `${verdictOf(h.before)} → ` : 'new: ';
  return `  ${h.class}: ${c.from} → ${c.to} ${c.port}/${c.protocol} (${was}${verdictOf(c)})`;
}

const verdictOf = (c: Cell) => (c.allowed === true ? `allowed, ${c.protection}` : c.allowed === false ? 'denied' : 'unknown');

/** What the gate decided, for the CI log (stderr: stdout stays the diff in the chosen format). */
function gateSummary(hits: GateHit[], failOn: GateClass[]): string {
  if (hits.length === 0) return `gate passed: no ${failOn.join(', ')} change\n`;
  const shown = hits.slice(0, 50).map(hitLine);
  const more = hits.length > shown.length ? [`  … and ${hits.length - shown.length} more`] : [];
  return [`gate FAILED: ${hits.length} change${hits.length === 1 ? '' : 's'} in ${[...new Set(hits.map((h) => h.class))].join(', ')}`, ...shown, ...more].join('\n') + '\n';
}
