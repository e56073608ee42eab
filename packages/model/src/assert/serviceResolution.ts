/**
 * A Service as a destination (issue 14; `check`, POST /api/v1/check, `assert` and the exposure
 * paths of issue 17 share it):
 * the workloads its selector matches in its namespace × its ports' target ports, a named
 * target port looked up in each selected workload's container ports of that protocol — a
 * workload without it is no endpoint of that port (kube-controller-manager's endpoint slice
 * controller leaves such pods out: kubernetes pkg/api/v1/pod/util.go FindPort), noted, not guessed.
 * A Service without a selector resolves to no workload (its endpoints are managed elsewhere).
 */
import type { Protocol, Service, Workload } from '../k8s/types.ts';

export interface ServiceTarget {
  workload: string;
  servicePort: number;
  /** The target port on the workload. */
  port: number;
  protocol: Protocol;
}

export interface ServiceResolution {
  namespace: string;
  name: string;
  targets: ServiceTarget[];
  /** Ports or workloads that could not be resolved, in words. */
  notes: string[];
}

/** Whether the Service selects the workload: same namespace, every selector label equal. A missing or empty selector selects nothing. */
export function serviceSelects(service: Service, w: Workload): boolean {
  const selector = service.selector;
  return service.namespace === w.namespace && !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => w.labels[k] === v);
}

/** The container port a Service port leads to on `w`: its number, or the named container port of that protocol; undefined when `w` has none. */
export function serviceTargetPort(w: Workload, servicePort: Service['ports'][number]): number | undefined {
  const tp = servicePort.targetPort;
  if (tp.kind === 'number') return tp.number;
  return w.ports.find((p) => p.name === tp.name && p.protocol === servicePort.protocol)?.port;
}

/** A Service's ports (one, or all) → the workloads it selects × their target ports. */
export function resolveService(
  workloads: readonly Workload[],
  service: Service,
  port: number | string | undefined,
  protocol: Protocol | undefined,
): ServiceResolution | string {
  const id = `${service.namespace}/${service.name}`;
  const ports = service.ports.filter(
    (p) => (port === undefined || p.port === port || (p.name !== undefined && p.name === port)) && (!protocol || p.protocol === protocol),
  );
  if (ports.length === 0) {
    const has = service.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'none';
    const wanted = [port, protocol].filter((x) => x !== undefined).join('/');
    return `Service ${id} has no port ${wanted || 'at all'}; it has: ${has}`;
  }
  const out: ServiceResolution = { namespace: service.namespace, name: service.name, targets: [], notes: [] };
  const selector = service.selector;
  if (!selector || Object.keys(selector).length === 0) {
    out.notes.push(`Service ${id} has no selector: its endpoints are managed outside Kubernetes' selector, so no workload can be resolved`);
    return out;
  }
  const selected = workloads.filter((w) => serviceSelects(service, w));
  if (selected.length === 0) out.notes.push(`Service ${id} selects no workload`);
  for (const w of selected) {
    for (const sp of ports) {
      const port = serviceTargetPort(w, sp);
      if (port !== undefined) out.targets.push({ workload: w.id, servicePort: sp.port, port, protocol: sp.protocol });
      else out.notes.push(`${w.id} declares no ${sp.protocol} port named ${sp.targetPort.kind === 'name' ? sp.targetPort.name : ''} (targetPort of ${id}:${sp.port})`);
    }
  }
  return out;
}
