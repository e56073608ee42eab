/**
 * The tool's name, version and page as reports describe them (SARIF's tool.driver, CSV
 * provenance), read once from the package's package.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../packageRoot.ts';

export interface ToolInfo {
  name: 'accessgraph';
  version: string;
  /** package.json `homepage`, when the package has one. */
  informationUri?: string;
}

let cached: ToolInfo | undefined;

export function toolInfo(): ToolInfo {
  if (cached) return cached;
  let pkg: { version?: unknown; homepage?: unknown } = {};
  try {
    pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as typeof pkg;
  } catch {
    // An unreadable package.json leaves the version unknown; it never stops a report.
  }
  cached = { name: 'accessgraph', version: typeof pkg.version === 'string' ? pkg.version : 'unknown' };
  if (typeof pkg.homepage === 'string' && /^https?:\/\//.test(pkg.homepage)) cached.informationUri = pkg.homepage;
  return cached;
}
