/**
 * `accessgraph report --out report.html`: the audit report (model buildAuditReport, rendered by
 * report/reportHtml.ts) of any source the other commands read, as one self-contained HTML file
 * ready to print to A4. The same document GET /api/v1/report serves.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildAuditReport, type Analysis, type SourcedObject } from '@accessgraph/model';
import { analyzeState } from '../snapshot/analyzeState.ts';
import { PACKAGE_ROOT } from '../packageRoot.ts';
import { inputHash } from '../report/inputHash.ts';
import { reportHtml } from '../report/reportHtml.ts';
import { writeText, type Command } from './commandIo.ts';
import { parseCommandArgs, parseDefaultPolicy, parseSource, sourceName, SOURCE_HELP, SOURCE_OPTIONS, UsageError, type InputSource } from './commandOptions.ts';
import { loadOptionsOf, loadState, type LoadOptions } from './loadAnalysis.ts';

export const REPORT_USAGE = `Usage: accessgraph report (--manifests PATH ... | --demo | --kubeconfig PATH | --context NAME | --in-cluster) --out FILE [options]

The audit report: one self-contained HTML file (no script, no external resource), laid out
for A4 — source, snapshot time, input hash and version; flows by protection class; findings
by severity with file:line; who reaches each sensitive workload on which port at which layer
and by which rule; the posture of each namespace; and figures of the graph, one or more per
namespace, legible when printed. Open it in a browser and print, or print it headless:
  chromium --headless --print-to-pdf=report.pdf report.html

${SOURCE_HELP}

Options:
  --out FILE                 where to write the HTML ("-" for standard output)
  -h, --help                 this text

Exit status: 0 on success, 2 on a usage or input error.
`;

export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The analysis and the raw objects it was built from (the input hash is over those), from any source. */
export async function loadReportInput(source: InputSource, options: LoadOptions): Promise<{ analysis: Analysis; objects: SourcedObject[] }> {
  const state = await loadState(source, options);
  const analysis = analyzeState(state, options.linkerdDefaultPolicy ? { linkerdDefaultPolicy: options.linkerdDefaultPolicy } : {});
  return { analysis, objects: state.objects };
}

export const runReport: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { ...SOURCE_OPTIONS, out: { type: 'string' } }, false);
  if (values.help) {
    await writeText(io.stdout, REPORT_USAGE);
    return 0;
  }
  if (!values.out) throw new UsageError('no output: give --out report.html (or --out - for standard output)');
  const source = parseSource(values);
  const policy = parseDefaultPolicy(values['linkerd-default-policy']);
  const { analysis, objects } = await loadReportInput(source, loadOptionsOf(values, io));
  const html = reportHtml(
    buildAuditReport(analysis, {
      source: sourceName(source),
      takenAt: new Date().toISOString(),
      inputHash: inputHash(objects),
      toolVersion: toolVersion(),
      ...(policy ? { linkerdDefaultPolicy: policy } : {}),
    }),
  );
  if (values.out === '-') {
    await writeText(io.stdout, html);
    return 0;
  }
  const path = resolve(io.cwd, values.out);
  try {
    await writeFile(path, html, 'utf8');
  } catch (err) {
    throw new UsageError(`--out ${values.out}: cannot write: ${err instanceof Error ? err.message : String(err)}`);
  }
  await writeText(io.stderr, `wrote ${path} (${Math.round(html.length / 1024)} KiB)\n`);
  return 0;
};
