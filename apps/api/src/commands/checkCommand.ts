/**
 * `accessgraph check FROM TO[:PORT[/PROTO]]`: one question, answered in plain words (or JSON)
 * with an exit status scripts can test. The destination may be a workload or a Service; the
 * The question is the model's (query/checkFlow.ts), so the CLI and the API agree.
 */
import { checkFlow, isExternalId, parseExternalId } from '@accessgraph/model';
import { writeText, type Command } from './commandIo.ts';
import { withSuggestions } from './closeMatches.ts';
import { checkExitStatus, formatCheckJson, formatCheckText, relevantDiagnostics } from './checkOutput.ts';
import { parseCommandArgs, parseFormat, parseSource, SOURCE_HELP, SOURCE_OPTIONS, UsageError } from './commandOptions.ts';
import { diagnosticsCountLine, formatDiagnosticsReport } from './diagnosticsReport.ts';
import { loadAnalysis, loadOptionsOf } from './loadAnalysis.ts';

export const CHECK_USAGE = `Usage: accessgraph check FROM TO[:PORT[/PROTO]] (--manifests PATH ... | --demo | --kubeconfig PATH | --context NAME | --in-cluster) [options]

Can workload FROM reach TO? FROM is a workload id (namespace/name). TO is a workload id or a
Service (namespace/service; prefix service/ to prefer the Service over a workload of the same
name). A Service resolves to the workloads its selector matches and its target ports (named
target ports are looked up in each workload's container ports). PORT may be a number or, for
a workload or Service, a port name; PROTO is TCP (default), UDP or SCTP. Without PORT every
declared port of TO (or every port of the Service) is checked.

Either side may be outside the cluster: external:CIDR (external:0.0.0.0/0 is every IPv4
address outside the cluster networks, external:::/0 every IPv6 one, any other CIDR exactly
that range). An outside destination needs a PORT number.

${SOURCE_HELP}

Options:
  -o, --format FORMAT        text (default) or json
  --all-findings             text: also print every other finding of the input on stderr
                             (default: only their count)
  -h, --help                 this text

Examples:
  accessgraph check wikijs/wikijs postgres/postgresql:5432 --demo
  accessgraph check shop/web shop/api:http --manifests k8s/
  accessgraph check shop/web service/shop/api:http --context prod
  helm template ./chart | accessgraph check shop/web shop/api:8080 --manifests -
  accessgraph check external:0.0.0.0/0 postgres/postgresql:5432 --demo
  accessgraph check wikijs/wikijs external:203.0.113.10/32:443 --demo

Exit status: 0 allowed, 1 denied (any flow), 3 unknown (a layer could not be read and none
denies), 2 usage or input error (e.g. an unknown workload: close matches are listed).
text prints the findings about these flows after the verdict and a count of the others on
stderr (--all-findings prints them); json carries the ones about these flows.
`;

const FORMATS = ['text', 'json'] as const;

export const runCheck: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, { ...SOURCE_OPTIONS, format: { type: 'string', short: 'o' }, 'all-findings': { type: 'boolean' } }, true);
  if (values.help) {
    await writeText(io.stdout, CHECK_USAGE);
    return 0;
  }
  if (positionals.length !== 2) {
    throw new UsageError(`check takes two arguments, FROM and TO[:PORT[/PROTO]]; got ${positionals.length === 0 ? 'none' : positionals.map((p) => `"${p}"`).join(' ')}`);
  }
  const [from = '', to = ''] = positionals;
  const outsideFrom = isExternalId(from);
  if (outsideFrom && !parseExternalId(from)) throw new UsageError(`FROM "${from}" is not external:<CIDR> (e.g. external:0.0.0.0/0, external:203.0.113.0/24, external:2001:db8::/32)`);
  if (!outsideFrom && !/^[^/\s:]+\/(?:[a-z]+\/)?[^/\s:]+$/.test(from)) throw new UsageError(`FROM "${from}" is not a workload id namespace/name (or namespace/kind/name), nor external:<CIDR>`);
  const format = parseFormat(values.format, FORMATS, 'text');
  const source = parseSource(values);
  const analysis = await loadAnalysis(source, loadOptionsOf(values, io));

  const workloadIds = analysis.inventory.workloads.map((w) => w.id);
  if (!outsideFrom && analysis.table.indexOf(from) === undefined) throw new UsageError(withSuggestions(`no workload ${from}`, from, workloadIds));
  const outcome = checkFlow(analysis, { from, to });
  if (!outcome.ok) {
    if (outcome.status === 404) {
      const target = to.replace(/^(service|svc)\//, '').replace(/:.*$/, '');
      const known = [...workloadIds, ...analysis.inventory.services.map((s) => `${s.namespace}/${s.name}`)];
      throw new UsageError(withSuggestions(outcome.message, target, known));
    }
    throw new UsageError(outcome.message);
  }
  const answer = outcome.answer;
  if (answer.cells.length === 0) {
    const notes = answer.service?.notes.join('; ') ?? 'nothing to check';
    throw new UsageError(`${to}: no flow to check: ${notes}`);
  }
  if (format === 'json') await writeText(io.stdout, formatCheckJson(answer, analysis.diagnostics));
  else {
    await writeText(io.stdout, formatCheckText(answer, analysis.diagnostics));
    await writeText(io.stderr, values['all-findings'] ? formatDiagnosticsReport(analysis.diagnostics) : otherFindingsLine(answer.cells, analysis.diagnostics));
  }
  return checkExitStatus(answer.allowed);
};

/** The findings that do not concern these flows, as one count line (errors named first). */
function otherFindingsLine(cells: Parameters<typeof relevantDiagnostics>[0], diagnostics: Parameters<typeof relevantDiagnostics>[1]): string {
  const relevant = new Set(relevantDiagnostics(cells, diagnostics));
  const others = diagnostics.filter((d) => !relevant.has(d));
  if (others.length === 0) return '';
  return `${diagnosticsCountLine(others)} elsewhere in the input (--all-findings prints them)\n`;
}
