/**
 * The bundled demo cluster as a source: read once, never changes, never stale.
 */
import { parseManifests } from '@accessgraph/model';
import { demoManifests } from './demoManifests.ts';
import { fullUpdate, KNOWN_LAYERS, type SnapshotSource, type SourceListener, type SourceOrigin } from './source.ts';

export class DemoSource implements SnapshotSource {
  readonly description = 'demo';
  readonly origin: SourceOrigin = { kind: 'demo' };

  async start(listener: SourceListener): Promise<void> {
    const parsed = parseManifests(demoManifests());
    listener.update(fullUpdate({ objects: parsed.objects, diagnostics: parsed.diagnostics, layers: KNOWN_LAYERS }));
  }

  async stop(): Promise<void> {}
}
