/**
 * Exposure paths (issue 17): how a client outside the cluster can reach a workload — a Service
 * of type LoadBalancer or NodePort selecting it, an Ingress routing to such a Service (any
 * type), or a Gateway API Gateway with an HTTPRoute/GRPCRoute/TLSRoute/TCPRoute whose
 * backendRef is such a Service. Read from the objects only: whether an ingress controller or a
 * Gateway implementation is installed, and ReferenceGrants for cross-namespace backends, are
 * not checked (said in the sentence).
 */
import type { ObjectRef } from '../diagnostics.ts';
import type { Inventory, Protocol, Service, ServiceBackendRef, Workload } from '../k8s/types.ts';
import { serviceSelects, serviceTargetPort } from '../assert/serviceResolution.ts';

/** What the graph and the report show: the object and a sentence. */
export interface Exposure {
  object: ObjectRef;
  path: string;
}

/** One port mapping a NodePort/LoadBalancer Service makes reachable from outside, for the SNAT rule. */
export interface ServicePath {
  service: Service;
  /** The Service port, its nodePort if written, and the container port it leads to on this workload. */
  servicePort: number;
  nodePort?: number;
  targetPort: number;
  protocol: Protocol;
  /** externalTrafficPolicy Cluster (the default): the pod sees a node IP, not the client's. */
  snat: boolean;
}

export interface WorkloadExposures {
  exposures: Exposure[];
  servicePaths: ServicePath[];
}


/** The Service ports a backendRef names (all of them when it names no port). */
function backendPorts(s: Service, ref: ServiceBackendRef): Service['ports'] {
  const p = ref.port;
  if (!p) return s.ports;
  return s.ports.filter((sp) => (p.kind === 'number' ? sp.port === p.number : sp.name === p.name));
}

const refOf = (o: ObjectRef): ObjectRef => ({ ...o });

export function computeExposures(inventory: Inventory, workloads: readonly Workload[]): Map<string, WorkloadExposures> {
  const out = new Map<string, WorkloadExposures>();
  const entry = (w: Workload) => {
    let e = out.get(w.id);
    if (!e) out.set(w.id, (e = { exposures: [], servicePaths: [] }));
    return e;
  };
  const byNamespace = new Map<string, Workload[]>();
  for (const w of workloads) {
    const list = byNamespace.get(w.namespace);
    if (list) list.push(w);
    else byNamespace.set(w.namespace, [w]);
  }
  const selected = (s: Service) => (byNamespace.get(s.namespace) ?? []).filter((w) => serviceSelects(s, w));
  const arrow = (w: Workload, sp: Service['ports'][number]) => {
    const t = serviceTargetPort(w, sp);
    return t !== undefined ? `${t}` : `${sp.targetPort.kind === 'name' ? sp.targetPort.name : '?'} (not declared by ${w.id})`;
  };

  for (const s of inventory.services) {
    if (s.type !== 'NodePort' && s.type !== 'LoadBalancer') continue;
    const snat = s.externalTrafficPolicy !== 'Local';
    for (const w of selected(s)) {
      const e = entry(w);
      for (const sp of s.ports) {
        const node = sp.nodePort !== undefined ? ` (node port ${sp.nodePort})` : '';
        const seen = snat ? 'externalTrafficPolicy Cluster: the pod sees a node IP, not the client' : 'externalTrafficPolicy Local: the client IP is kept';
        e.exposures.push({ object: refOf(s.ref), path: `Service ${s.namespace}/${s.name} type ${s.type} port ${sp.port}${node} → ${arrow(w, sp)}; ${seen}` });
        const target = serviceTargetPort(w, sp);
        if (target !== undefined) e.servicePaths.push({ service: s, servicePort: sp.port, ...(sp.nodePort !== undefined ? { nodePort: sp.nodePort } : {}), targetPort: target, protocol: sp.protocol, snat });
      }
    }
  }

  const service = (ref: ServiceBackendRef) => inventory.services.find((s) => s.namespace === ref.namespace && s.name === ref.name);
  for (const ing of inventory.ingresses ?? []) {
    for (const b of ing.backends) {
      const s = service(b.service);
      if (!s) continue;
      for (const w of selected(s)) {
        for (const sp of backendPorts(s, b.service)) {
          entry(w).exposures.push({
            object: refOf(ing.ref),
            path: `Ingress ${ing.namespace}/${ing.name} ${b.via} → Service ${s.namespace}/${s.name} port ${sp.port} → ${arrow(w, sp)} (through the ingress controller: the pod sees the controller's IP)`,
          });
        }
      }
    }
  }

  const gateways = inventory.gateways ?? [];
  const routes = [
    ...inventory.httpRoutes.filter((r) => r.group === 'gateway.networking.k8s.io').map((r) => ({ kind: r.kind ?? 'HTTPRoute', namespace: r.namespace, name: r.name, parentRefs: r.parentRefs, backendRefs: r.backendRefs ?? [], ref: r.ref })),
    ...(inventory.gatewayRoutes ?? []),
  ];
  for (const r of routes) {
    const parents = r.parentRefs
      .filter((p) => p.group === 'gateway.networking.k8s.io' && p.kind === 'Gateway')
      .map((p) => gateways.find((g) => g.namespace === p.namespace && g.name === p.name))
      .filter((g): g is NonNullable<typeof g> => !!g);
    if (parents.length === 0) continue;
    for (const b of r.backendRefs) {
      const s = service(b);
      if (!s) continue;
      const crossNs = b.namespace !== r.namespace ? ' (cross-namespace backend: needs a ReferenceGrant, not checked)' : '';
      for (const w of selected(s)) {
        for (const sp of backendPorts(s, b)) {
          for (const g of parents) {
            const listeners = g.listeners.map((l) => `${l.port}/${l.protocol}`).join(', ') || 'no listener';
            entry(w).exposures.push({
              object: refOf(g.ref),
              path: `Gateway ${g.namespace}/${g.name} (${listeners}) → ${r.kind} ${r.namespace}/${r.name} → Service ${s.namespace}/${s.name} port ${sp.port} → ${arrow(w, sp)}${crossNs}`,
            });
          }
        }
      }
    }
  }
  return out;
}
