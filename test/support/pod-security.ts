/**
 * The Pod Security Standards "restricted" profile (which includes "baseline"), as the
 * PodSecurity admission controller checks a pod spec. Returns the violations, one per line.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
import type { Container, PodSpec } from 'kubernetes-types/core/v1';

const ALLOWED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

export function restrictedViolations(pod: PodSpec): string[] {
  const problems: string[] = [];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push('host namespaces are shared');
  for (const volume of pod.volumes ?? []) {
    const types = Object.keys(volume).filter((k) => k !== 'name');
    if (!types.every((t) => ALLOWED_VOLUME_TYPES.includes(t))) problems.push(`volume ${volume.name} has type ${types.join(',')}`);
  }
  const podContext = pod.securityContext ?? {};
  if (podContext.runAsUser === 0) problems.push('pod runs as UID 0');
  if (podContext.seccompProfile && !['RuntimeDefault', 'Localhost'].includes(podContext.seccompProfile.type)) problems.push('pod seccomp profile is not RuntimeDefault or Localhost');
  const containers: Container[] = [...(pod.initContainers ?? []), ...pod.containers];
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) problems.push(`${where} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${where} does not set allowPrivilegeEscalation: false`);
    if (!(sc.runAsNonRoot ?? podContext.runAsNonRoot)) problems.push(`${where} does not set runAsNonRoot: true`);
    if ((sc.runAsUser ?? podContext.runAsUser) === 0) problems.push(`${where} runs as UID 0`);
    const seccomp = sc.seccompProfile ?? podContext.seccompProfile;
    if (!seccomp || !['RuntimeDefault', 'Localhost'].includes(seccomp.type)) problems.push(`${where} has no RuntimeDefault or Localhost seccomp profile`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where} does not drop ALL capabilities`);
    const added = (sc.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push(`${where} adds capabilities ${added.join(',')}`);
    if ((c.ports ?? []).some((p) => p.hostPort)) problems.push(`${where} uses a host port`);
    if (sc.procMount && sc.procMount !== 'Default') problems.push(`${where} unmasks /proc`);
  }
  return problems;
}
