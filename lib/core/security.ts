/**
 * Pod and container security settings that pass the Pod Security Standards *restricted*
 * profile.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
import type { PodSecurityContext, SecurityContext } from 'kubernetes-types/core/v1';
import * as validate from './validate';

/**
 * The identity and file system policy of the pod's processes.
 * Always: `runAsNonRoot: true`, `allowPrivilegeEscalation: false`, all capabilities dropped,
 * seccomp `RuntimeDefault`, `fsGroupChangePolicy: OnRootMismatch`: the *restricted* profile.
 */
export interface SecurityContextProps {
  /**
   * The user ID the container runs as (`runAsUser`). Must not be 0: the restricted profile
   * forbids root. Pick the UID the image's files belong to (e.g. 999 for the official
   * postgres image).
   * @default 1000
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context
   */
  readonly runAsUser?: number;
  /**
   * The primary group ID of the container's processes (`runAsGroup`). 0 (root's group) is
   * allowed: the restricted profile forbids only the root user, and images built for
   * arbitrary UIDs (OpenShift style) make their files writable by group 0.
   * @default - the same as runAsUser
   */
  readonly runAsGroup?: number;
  /**
   * The group that owns mounted volumes (`fsGroup`); the kubelet changes volume ownership to it
   * on first mount only (`fsGroupChangePolicy: OnRootMismatch`), so large volumes mount fast.
   * 0 is allowed, as for runAsGroup.
   * @default - the same as runAsGroup
   */
  readonly fsGroup?: number;
  /**
   * Mount the container's root file system read-only (`readOnlyRootFilesystem`). Paths the
   * server writes outside its volumes must then be listed in `writablePaths`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Absolute paths that get an empty, writable `emptyDir` volume each (scratch space, sockets,
   * PID files), so the root file system can stay read-only. Their content is lost when the pod
   * goes away.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
}

/**
 * The resolved security settings.
 * @internal
 */
export interface ResolvedSecurity {
  readonly pod: PodSecurityContext;
  readonly container: SecurityContext;
  readonly writablePaths: string[];
}

/**
 * Applies defaults and validates.
 * @throws ValidationError for a UID or GID that is not a positive integer, or a writable path
 *   that is not absolute
 * @internal
 */
export function resolveSecurity(scope: string, given: SecurityContextProps | undefined): ResolvedSecurity {
  const props = validate.object(scope, 'securityContext', given);
  validate.knownKeys(scope, 'securityContext', props, ['runAsUser', 'runAsGroup', 'fsGroup', 'readOnlyRootFilesystem', 'writablePaths']);
  const runAsUser = validate.integer(scope, 'securityContext.runAsUser', props.runAsUser ?? 1000, 1, validate.INT32_MAX, ': the restricted Pod Security profile forbids the root user (0)');
  // Group 0 is not root: the restricted profile checks runAsNonRoot and runAsUser only.
  const runAsGroup = validate.integer(scope, 'securityContext.runAsGroup', props.runAsGroup ?? runAsUser, 0, validate.INT32_MAX, ' (a group ID)');
  const fsGroup = validate.integer(scope, 'securityContext.fsGroup', props.fsGroup ?? runAsGroup, 0, validate.INT32_MAX, ' (a group ID)');
  const readOnlyRootFilesystem = validate.boolean(scope, 'securityContext.readOnlyRootFilesystem', props.readOnlyRootFilesystem ?? true);
  const writablePaths = validate.stringList(scope, 'securityContext.writablePaths', props.writablePaths ?? ['/tmp']).map((p, i) => validate.mountPath(scope, `securityContext.writablePaths[${i}]`, p));
  return {
    pod: {
      runAsNonRoot: true,
      runAsUser,
      runAsGroup,
      fsGroup,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    },
    container: restrictedContainerSecurity(readOnlyRootFilesystem),
    writablePaths,
  };
}

/**
 * A container security context that passes the *restricted* profile: no privilege escalation,
 * every capability dropped, not privileged, non-root; the user and group come from the pod
 * unless given.
 * @internal
 */
export function restrictedContainerSecurity(readOnlyRootFilesystem: boolean, ids: { runAsUser?: number; runAsGroup?: number } = {}): SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    ...(ids.runAsUser === undefined ? {} : { runAsUser: ids.runAsUser }),
    ...(ids.runAsGroup === undefined ? {} : { runAsGroup: ids.runAsGroup }),
  };
}
