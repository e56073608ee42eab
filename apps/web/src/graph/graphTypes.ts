/**
 * The API's graph response as the web app uses it: the model's types plus the snapshot.
 */
import type { Graph, SnapshotInfo } from '@accessgraph/model';
export type { EdgeClass, GraphEdge, GraphNode, GraphNamespace, EdgePort, SnapshotInfo } from '@accessgraph/model';

export interface GraphResponse extends Graph {
  snapshot: SnapshotInfo;
}

/** What toElements needs of a response. */
export type GraphResponseLike = Pick<Graph, 'nodes' | 'edges' | 'namespaces'>;
