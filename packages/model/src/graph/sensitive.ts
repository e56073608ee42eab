/**
 * Which workloads a security reviewer looks at first. Decided in this order:
 *   1. the annotation `accessgraph.io/sensitive: "true"` (or `"false"`) on the workload;
 *   2. with a user selector (`--sensitive 'app in (postgresql,minio)'`, label selector syntax),
 *      the workloads it selects, and only those;
 *   3. otherwise a heuristic on names and the common app labels: databases, object stores,
 *      secret and key stores, message brokers.
 * Shown as a badge and usable in find expressions (`to:sensitive`); it never changes a verdict.
 */
import type { Workload } from '../k8s/types.ts';
import { matchesSelector, type LabelSelector } from '../selectors/labelSelector.ts';

export const SENSITIVE_ANNOTATION = 'accessgraph.io/sensitive';

const SENSITIVE = /postgres|mysql|mariadb|mongo|redis|minio|etcd|vault|elastic|opensearch|cassandra|couchdb|clickhouse|kafka|rabbitmq|nats|immudb|\bs3\b|\bdb\b|database|-db\b/i;

const LABEL_KEYS = ['app', 'app.kubernetes.io/name', 'app.kubernetes.io/component', 'component', 'tier'];

/** The default heuristic (names and app labels). */
export function looksSensitive(w: Pick<Workload, 'name' | 'labels'>): boolean {
  if (SENSITIVE.test(w.name)) return true;
  return LABEL_KEYS.some((k) => {
    const v = w.labels[k];
    return v !== undefined && SENSITIVE.test(v);
  });
}

export function isSensitive(w: Workload, selector?: LabelSelector): boolean {
  const annotated = w.annotations[SENSITIVE_ANNOTATION]?.trim().toLowerCase();
  if (annotated === 'true') return true;
  if (annotated === 'false') return false;
  return selector ? matchesSelector(selector, w.labels) : looksSensitive(w);
}
