/**
 * Spreading replicas across nodes.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
import type { Affinity } from 'kubernetes-types/core/v1';

/** How strongly the replicas of one instance avoid sharing a node (`kubernetes.io/hostname`). */
export enum AntiAffinity {
  /** No anti-affinity: replicas may all land on one node, and one node failure takes them all. */
  NONE = 'None',
  /**
   * Soft (`preferredDuringSchedulingIgnoredDuringExecution`, weight 100): the scheduler spreads
   * replicas over nodes when it can, and still schedules them when it cannot.
   */
  PREFERRED = 'Preferred',
  /**
   * Hard (`requiredDuringSchedulingIgnoredDuringExecution`): a replica stays Pending rather
   * than share a node with another. Needs at least as many schedulable nodes as replicas.
   */
  REQUIRED = 'Required',
}

/** The node label that defines "the same node". */
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/**
 * Renders pod anti-affinity against the pods matched by `selector`.
 * @internal
 */
export function renderAntiAffinity(mode: AntiAffinity, selector: Record<string, string>): Affinity | undefined {
  const term = { labelSelector: { matchLabels: { ...selector } }, topologyKey: HOSTNAME_TOPOLOGY_KEY };
  switch (mode) {
    case AntiAffinity.NONE:
      return undefined;
    case AntiAffinity.PREFERRED:
      return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
    case AntiAffinity.REQUIRED:
      return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
  }
}
