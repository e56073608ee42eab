import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../graph/graphTypes.ts';
import { withSensitive } from './sensitiveSetting.ts';

const node = (id: string, labels: Record<string, string>, sensitive: boolean): GraphNode => ({ id, namespace: id.split('/')[0]!, name: id.split('/')[1]!, kind: 'Deployment', meshed: false, serviceAccount: 'default', labels, ports: [], openToAll: [], l4Isolated: false, sensitive });
const graph = { nodes: [node('data/postgresql', { app: 'postgresql' }, true), node('s3/minio', { app: 'minio' }, true), node('web/app', { app: 'web' }, false)] };

describe('the sensitive setting', () => {
  it('without a selector, the server decides', () => expect(withSensitive(graph, null).graph).toBe(graph));
  it('a selector flags what it selects, and only that', () => {
    const r = withSensitive(graph, 'app in (minio,web)');
    expect(r.error).toBeNull();
    expect(r.graph.nodes.filter((n) => n.sensitive).map((n) => n.id)).toEqual(['s3/minio', 'web/app']);
  });
  it('a bad selector is a message and changes nothing', () => {
    const r = withSensitive(graph, 'app in (minio');
    expect(r.error).toMatch(/without its/);
    expect(r.graph).toBe(graph);
  });
});
