/**
 * Manifest builders for the API tests: the model's own test builders (packages/model/test/
 * manifests.ts — a Deployment labelled app=<name>, a NetworkPolicy, a Namespace, Linkerd
 * objects), and the two forms the API's sources take them in: the YAML text of a manifest
 * file, and a source state parsed from that text (file and line as a manifests source gives them).
 */
import { stringify } from 'yaml';
import { parseManifests } from '@accessgraph/model';
import { KNOWN_LAYERS, type SourceState } from '../../src/sources/source.ts';

export { authz, deploy, linkerd, namespace, netpol, server } from '../../../../packages/model/test/manifests.ts';

type Obj = Record<string, unknown>;

/** The objects as one multi-document YAML file. */
export function yamlText(objects: readonly (Obj | Obj[] | false | undefined)[]): string {
  return objects
    .flat()
    .filter((o): o is Obj => !!o)
    .map((o) => stringify(o, { lineWidth: 0 }))
    .join('---\n');
}

/** What a manifests source reading that file at `path` hands the store. */
export function sourceState(objects: readonly (Obj | Obj[] | false | undefined)[], path = 'test.yaml'): SourceState {
  const parsed = parseManifests([{ path, text: yamlText(objects) }]);
  return { objects: parsed.objects, diagnostics: parsed.diagnostics, layers: KNOWN_LAYERS };
}
