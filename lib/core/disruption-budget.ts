/**
 * PodDisruptionBudgets: how many of a workload's pods voluntary disruptions (node drains,
 * cluster upgrades) may take down at once.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { ResolvedWorkload } from './workload';

/**
 * A PDB allowing one pod of the workload to be disrupted at a time.
 * @internal
 */
export function renderDisruptionBudget(w: ResolvedWorkload): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: w.metadata(w.name),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { ...w.labels.selector } },
    },
  };
}
