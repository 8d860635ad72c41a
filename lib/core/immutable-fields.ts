/**
 * Which fields of a running object the API server refuses to update: the rule a second apply
 * runs into. Kept in one place so the Pulumi adapter (replaceOnChanges) and the tests that check
 * it against a real API server agree.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#limitations
 */

/**
 * The StatefulSet `spec` fields the API server lets an update change (`ValidateStatefulSetUpdate`
 * in Kubernetes 1.27-1.33): every other spec field is immutable.
 */
export const STATEFULSET_UPDATABLE_FIELDS = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

/**
 * The StatefulSet `spec` fields kube-patterns sets that the API server refuses to update, as
 * paths from the object root: `spec.selector`, `spec.serviceName`, `spec.podManagementPolicy`,
 * `spec.revisionHistoryLimit` and `spec.volumeClaimTemplates`. Changing one needs the
 * StatefulSet deleted (with orphaned pods and claims) and created again.
 */
export const STATEFULSET_IMMUTABLE_FIELDS = ['spec.selector', 'spec.serviceName', 'spec.podManagementPolicy', 'spec.revisionHistoryLimit', 'spec.volumeClaimTemplates'] as const;

/**
 * The Deployment `spec` field the API server refuses to update (`spec.selector`, in apps/v1).
 */
export const DEPLOYMENT_IMMUTABLE_FIELDS = ['spec.selector'] as const;

/**
 * The PersistentVolumeClaim `spec` fields an update may change (`ValidatePersistentVolumeClaimUpdate`):
 * the storage request (growth only, and only where the StorageClass has
 * `allowVolumeExpansion: true`) and `volumeAttributesClassName`. Access modes, class and
 * selector are fixed at creation.
 */
export const PERSISTENTVOLUMECLAIM_UPDATABLE_FIELDS = ['resources.requests.storage', 'volumeAttributesClassName'] as const;
