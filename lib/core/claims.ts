/**
 * The PersistentVolumeClaims a StatefulSet's pods use, as the StatefulSet controller names them.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StatefulSet } from 'kubernetes-types/apps/v1';

/**
 * The claim of one pod: `{template}-{statefulSet}-{ordinal}` (for example `data-orders-db-0`).
 * @param template the `volumeClaimTemplates` entry's `metadata.name`
 * @param statefulSet the StatefulSet's `metadata.name`
 * @param ordinal the pod's ordinal, from 0
 */
export function claimName(template: string, statefulSet: string, ordinal: number): string {
  return `${template}-${statefulSet}-${ordinal}`;
}

/**
 * The claims that the StatefulSet controller would create for ordinals 0 to `spec.replicas - 1`,
 * one per `volumeClaimTemplates` entry: the template's labels, annotations and spec, under the
 * controller's name and in the StatefulSet's namespace. The controller uses a claim of that name
 * when one exists, so a tool that applies these first decides the claims' size: that is how the
 * Pulumi components grow a database's disks before replacing its StatefulSet.
 * @param statefulSet a StatefulSet with `metadata.name`, `spec.replicas` and `spec.volumeClaimTemplates`
 * @returns the claims, by ordinal then template; empty when there is no template
 */
export function statefulSetClaims(statefulSet: StatefulSet): PersistentVolumeClaim[] {
  const name = statefulSet.metadata!.name!;
  const namespace = statefulSet.metadata?.namespace;
  const templates = statefulSet.spec?.volumeClaimTemplates ?? [];
  const replicas = statefulSet.spec?.replicas ?? 1;
  return Array.from({ length: replicas }, (_, ordinal) =>
    templates.map(
      (template): PersistentVolumeClaim => ({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          ...template.metadata,
          name: claimName(template.metadata!.name!, name, ordinal),
          ...(namespace ? { namespace } : {}),
        },
        spec: template.spec,
      }),
    ),
  ).flat();
}
