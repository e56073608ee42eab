/**
 * The bundled demo cluster (apps/api/demo/*.yaml), built from the seed documents: the homelab
 * (L4 only), service-a/service-b as written and corrected (where the layers meet), and
 * frontend/backend with the seed's invalid kind beside the correct Linkerd policy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestText } from '@accessgraph/model';
import { PACKAGE_ROOT } from '../packageRoot.ts';

const DEMO_DIR = join(PACKAGE_ROOT, 'demo') + '/';

export function demoManifests(): ManifestText[] {
  return readdirSync(DEMO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: `demo/${f}`, text: readFileSync(DEMO_DIR + f, 'utf8') }));
}
