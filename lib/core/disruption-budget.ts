/**
 * PodDisruptionBudgets: how many of a workload's pods voluntary disruptions (node drains,
 * cluster upgrades) may take down at once.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ResolvedWorkload } from './workload';

/**
 * Whether a pod that is not Ready may be evicted (`unhealthyPodEvictionPolicy`).
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy
 */
export enum UnhealthyPodEvictionPolicy {
  /**
   * Evict unhealthy pods only while the budget holds. For databases: evicting a member that is
   * still catching up while another is down could break a quorum or lose the last in-sync replica.
   */
  IF_HEALTHY_BUDGET = 'IfHealthyBudget',
  /**
   * Always evict unhealthy pods. For interchangeable web pods: a crash-looping pod protects
   * nothing, and with IfHealthyBudget it would block `kubectl drain` forever.
   */
  ALWAYS_ALLOW = 'AlwaysAllow',
}

/**
 * A PDB allowing one pod of the workload to be disrupted at a time.
 * @internal
 */
export function renderDisruptionBudget(w: ResolvedWorkload, unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: w.metadata(w.name),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { ...w.labels.selector } },
      unhealthyPodEvictionPolicy,
    },
  };
}
