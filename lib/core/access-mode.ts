/**
 * Persistent volume access modes.
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */

/** How a persistent volume may be mounted (`spec.accessModes` of a PersistentVolumeClaim). */
export enum AccessMode {
  /** Read-write by the pods of a single node at a time. The usual mode for block storage. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-write by a single pod in the whole cluster (CSI volumes only). */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
  /** Read-only by many pods on many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many pods on many nodes (NFS, CephFS, EFS, Azure Files...). */
  READ_WRITE_MANY = 'ReadWriteMany',
}

/**
 * True for modes that only one node (or one pod) can attach: pods of one workload spread over
 * several nodes cannot share such a volume.
 * @internal
 */
export function isSingleAttach(mode: AccessMode): boolean {
  return mode === AccessMode.READ_WRITE_ONCE || mode === AccessMode.READ_WRITE_ONCE_POD;
}
