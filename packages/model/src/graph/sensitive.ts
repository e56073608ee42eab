/**
 * Which workloads a security reviewer looks at first: databases, object stores, secret and
 * key stores, message brokers. A heuristic on names and the common app labels, shown as a
 * badge; it never changes a verdict.
 */
import type { Workload } from '../k8s/types.ts';

const SENSITIVE = /postgres|mysql|mariadb|mongo|redis|minio|etcd|vault|elastic|opensearch|cassandra|couchdb|clickhouse|kafka|rabbitmq|nats|immudb|\bs3\b|\bdb\b|database|-db\b/i;

const LABEL_KEYS = ['app', 'app.kubernetes.io/name', 'app.kubernetes.io/component', 'component', 'tier'];

export function isSensitive(w: Workload): boolean {
  if (SENSITIVE.test(w.name)) return true;
  return LABEL_KEYS.some((k) => {
    const v = w.labels[k];
    return v !== undefined && SENSITIVE.test(v);
  });
}
