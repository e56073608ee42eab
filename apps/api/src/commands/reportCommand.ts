/**
 * `accessgraph report --out report.html`: the audit report (model buildAuditReport, rendered by
 * report/reportHtml.ts) of any source the other commands read, as one self-contained HTML file
 * ready to print to A4. The same document GET /api/v1/report serves.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildAuditReport, buildInventory, analyze, parseManifests, type Analysis, type DefaultInboundPolicy, type SourcedObject } from '@accessgraph/model';
import { PACKAGE_ROOT } from '../packageRoot.ts';
import { inputHash } from '../report/inputHash.ts';
import { reportHtml } from '../report/reportHtml.ts';
import { writeText, type Command } from './commandIo.ts';
import { parseCommandArgs, parseDefaultPolicy, parseInputLimits, parseSource, SOURCE_HELP, SOURCE_OPTIONS, UsageError, type InputSource } from './commandOptions.ts';
import { readInput } from './loadAnalysis.ts';
import type { InputLimits } from '../sources/manifestFiles.ts';

export const REPORT_USAGE = `Usage: accessgraph report (--manifests PATH ... | --demo) --out FILE [options]

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

export function sourceDescription(source: InputSource): string {
  return source.kind === 'demo' ? 'demo' : `manifests: ${source.paths.join(', ')}`;
}

/** The analysis and the raw objects it was built from (the input hash is over those). */
export async function loadReportInput(source: InputSource, cwd: string, limits: InputLimits, linkerdDefaultPolicy?: DefaultInboundPolicy): Promise<{ analysis: Analysis; objects: SourcedObject[] }> {
  // The input hash needs the raw objects: a source kind added later must hand them over here.
  if (source.kind !== 'demo' && source.kind !== 'manifests') throw new UsageError(`report: the source ${JSON.stringify(source)} is not supported yet`);
  const parsed = parseManifests(await readInput(source, cwd, limits));
  const built = buildInventory(parsed.objects);
  const analysis = analyze(built.inventory, { ...(linkerdDefaultPolicy ? { linkerdDefaultPolicy } : {}), inputDiagnostics: [...parsed.diagnostics, ...built.diagnostics] });
  return { analysis, objects: parsed.objects };
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
  const { analysis, objects } = await loadReportInput(source, io.cwd, parseInputLimits(values), policy);
  const html = reportHtml(
    buildAuditReport(analysis, {
      source: sourceDescription(source),
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
