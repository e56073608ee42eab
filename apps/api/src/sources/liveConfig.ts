/**
 * The kubeconfig the live flags name (--kubeconfig, --context, --in-cluster), for `serve` and
 * for the one-shot commands alike. Loads client-node: import it only for a live source.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { SourceOrigin } from './source.ts';

export interface KubeConfigChoice {
  kubeconfig?: string;
  context?: string;
  inCluster?: boolean;
}

/** Loads a KubeConfig the way the CLI flags ask; throws with a message a person understands. */
export function loadKubeConfig(choice: KubeConfigChoice): { kubeConfig: KubeConfig; description: string; origin: SourceOrigin } {
  const kc = new KubeConfig();
  if (choice.inCluster) {
    kc.loadFromCluster();
    return { kubeConfig: kc, description: 'in-cluster', origin: { kind: 'in-cluster' } };
  }
  if (choice.kubeconfig) kc.loadFromFile(choice.kubeconfig);
  else kc.loadFromDefault();
  if (choice.context) {
    if (!kc.getContextObject(choice.context)) {
      throw new Error(`no context ${choice.context} in the kubeconfig (it has: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    }
    kc.setCurrentContext(choice.context);
  }
  if (!kc.getCurrentCluster()) throw new Error('the kubeconfig names no current cluster');
  return { kubeConfig: kc, description: `context: ${kc.getCurrentContext()}`, origin: { kind: 'cluster', context: kc.getCurrentContext(), ...(choice.kubeconfig ? { kubeconfig: choice.kubeconfig } : {}) } };
}
