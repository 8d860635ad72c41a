/**
 * Containers beside the main one: init containers, which run to completion before it starts,
 * and sidecars (exporters, proxies, log shippers), which run beside it. Both are typed like the
 * main container and get the same restricted security context and validation.
 *
 * Sidecars are native sidecars: init containers with `restartPolicy: Always`, which start before
 * the main container, are restarted when they exit, and stop after it. Kubernetes enables them
 * by default from 1.29 (GA in 1.33); on 1.28 they need the `SidecarContainers` feature gate.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
import type { Container, ContainerPort, LifecycleHandler, Probe as KubeProbe, VolumeMount } from 'kubernetes-types/core/v1';
import { EnvFromProps, EnvValue, renderEnv, renderEnvFrom } from './env';
import { Probe, ProbeOptions } from './probe';
import { resolveResources, ResourceProps } from './resources';
import { restrictedContainerSecurity } from './security';
import * as validate from './validate';

/** A port of a sidecar. */
export interface SidecarPortProps {
  /** The port name (IANA_SVC_NAME), unique in the pod, e.g. `metrics`. */
  readonly name: string;
  /** The port number, 1-65535, unique in the pod. */
  readonly containerPort: number;
  /**
   * Also expose it on the client Service (same number, targeting this named port), e.g. for a
   * ServiceMonitor.
   * @default false
   */
  readonly service?: boolean;
}

/** A mount of one of the pod's volumes (`volumes`, the data volume, the shared volume) by name. */
export interface ContainerMountProps {
  /** The volume's name. */
  readonly volume: string;
  /** Where this container mounts it, an absolute path. */
  readonly mountPath: string;
  /**
   * Mount it read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this path inside the volume (relative, no `..`).
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/**
 * The props of an init container or a sidecar that are plain data; the Pulumi component package
 * takes them as they are.
 */
export interface ContainerDataProps {
  /** The container name, a DNS-1123 label unique in the pod. */
  readonly name: string;
  /** The image, e.g. `busybox:1.36`. */
  readonly image: string;
  /**
   * The ENTRYPOINT override.
   * @default - the image's
   */
  readonly command?: string[];
  /**
   * The CMD override.
   * @default - the image's
   */
  readonly args?: string[];
  /**
   * Container ports (sidecars only).
   * @default - none
   */
  readonly ports?: SidecarPortProps[];
  /**
   * Mounts of the pod's volumes.
   * @default - none
   */
  readonly volumeMounts?: ContainerMountProps[];
  /**
   * CPU and memory; each field given replaces that default only.
   * @default - requests 50m / 64Mi, limits 200m / 128Mi
   */
  readonly resources?: ResourceProps;
  /**
   * The user and group (default: the pod's) and whether the root file system is read-only.
   * Everything else is the *restricted* profile, as for the main container.
   * @default - the pod's user and group, read-only root file system
   */
  readonly securityContext?: ContainerSecurityProps;
}

/** An init container or a sidecar. */
export interface ContainerSpecProps extends ContainerDataProps {
  /**
   * When the image is pulled.
   * @default - Kubernetes decides
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * Environment variables, by name.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * Every key of ConfigMaps or Secrets as variables.
   * @default - none
   */
  readonly envFrom?: EnvFromProps[];
  /**
   * Readiness probe (sidecars only); TCP and HTTP probes target the sidecar's first port.
   * @default - none
   */
  readonly readinessProbe?: Probe;
  /**
   * Liveness probe (sidecars only).
   * @default - none
   */
  readonly livenessProbe?: Probe;
  /**
   * Startup probe (sidecars only).
   * @default - none
   */
  readonly startupProbe?: Probe;
}

/**
 * The user, group and root file system of an extra container (`securityContext`); the rest is
 * the *restricted* profile.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1
 */
export interface ContainerSecurityProps {
  /**
   * The UID the container runs as (`runAsUser`).
   * @default - the pod's
   */
  readonly runAsUser?: number;
  /**
   * The GID the container runs as (`runAsGroup`).
   * @default - the pod's
   */
  readonly runAsGroup?: number;
  /**
   * Whether the root file system is read-only (`readOnlyRootFilesystem`).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/**
 * What runs just before the main container is stopped (`lifecycle.preStop`): exactly one of a
 * command (`exec`) or an HTTP GET on the main port (`httpGet`). The grace period
 * (`terminationGracePeriodSeconds`) counts it.
 * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
 * @throws ValidationError (at synth) unless exactly one of `exec` and `httpGet` is given
 */
export interface PreStopProps {
  /**
   * The command to run in the main container, e.g. `['sleep', '5']`.
   * @default - none: give `httpGet` instead
   */
  readonly exec?: string[];
  /**
   * An HTTP GET on the main container's port.
   * @default - none: give `exec` instead
   */
  readonly httpGet?: PreStopHttpGetProps;
}

/** The HTTP GET of a `preStop` hook, on the main container's port. */
export interface PreStopHttpGetProps {
  /** The request path, starting with `/`. */
  readonly path: string;
}

/** What the pod already has, for checking names, ports and mounts. */
interface PodContext {
  readonly containerNames: Set<string>;
  readonly portNames: Set<string>;
  readonly portNumbers: Set<number>;
  /** The pod's volume names; undefined to skip the check (the caller checks the mounts later). */
  readonly volumeNames?: ReadonlySet<string>;
}

/**
 * The init containers and sidecars, validated and rendered in pod order (init containers, then
 * sidecars), and the sidecar ports to expose on the client Service.
 * @throws ValidationError for a duplicate name or port, a mount of an unknown volume, or a probe
 *   on a plain init container
 * @internal
 */
export function renderExtraContainers(
  scope: string,
  initContainers: readonly ContainerSpecProps[] | undefined,
  sidecars: readonly ContainerSpecProps[] | undefined,
  pod: PodContext,
  hashes: string[],
): { initContainers: Container[]; servicePorts: ContainerPort[] } {
  const servicePorts: ContainerPort[] = [];
  const render = (prop: string, list: readonly ContainerSpecProps[] | undefined, sidecar: boolean): Container[] =>
    validate.list(scope, prop, list).map((c, i) => renderContainer(scope, `${prop}[${i}]`, c, sidecar, pod, hashes, servicePorts));
  return { initContainers: [...render('initContainers', initContainers, false), ...render('sidecars', sidecars, true)], servicePorts };
}

const KEYS = ['name', 'image', 'imagePullPolicy', 'command', 'args', 'env', 'envFrom', 'ports', 'volumeMounts', 'resources', 'securityContext', 'readinessProbe', 'livenessProbe', 'startupProbe'];
const DEFAULT_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };

function renderContainer(scope: string, prop: string, c: ContainerSpecProps, sidecar: boolean, pod: PodContext, hashes: string[], servicePorts: ContainerPort[]): Container {
  validate.record(scope, prop, c);
  validate.knownKeys(scope, prop, c, KEYS);
  const name = validate.dns1123Label(scope, `${prop}.name`, c.name);
  if (pod.containerNames.has(name)) validate.fail(scope, `${prop}.name`, name, 'is the name of another container in the pod; container names are unique');
  pod.containerNames.add(name);
  const image = validate.image(scope, `${prop}.image`, c.image);
  const imagePullPolicy = c.imagePullPolicy === undefined ? undefined : validate.oneOf(scope, `${prop}.imagePullPolicy`, c.imagePullPolicy, { A: 'Always', I: 'IfNotPresent', N: 'Never' } as const);

  const ports = (c.ports ?? []).map((p, j) => {
    const pp = `${prop}.ports[${j}]`;
    if (!sidecar) validate.fail(scope, pp, p, 'is not allowed on an init container, which exits before the main container starts; use sidecars for a server');
    validate.record(scope, pp, p);
    validate.knownKeys(scope, pp, p, ['name', 'containerPort', 'service']);
    const portName = validate.portName(scope, `${pp}.name`, p.name);
    const number = validate.port(scope, `${pp}.containerPort`, p.containerPort);
    if (pod.portNames.has(portName)) validate.fail(scope, `${pp}.name`, portName, 'is the name of another port in the pod; port names are unique');
    if (pod.portNumbers.has(number)) validate.fail(scope, `${pp}.containerPort`, number, 'is already a port of another container; containers of a pod share one network namespace');
    pod.portNames.add(portName);
    pod.portNumbers.add(number);
    const port: ContainerPort = { name: portName, containerPort: number, protocol: 'TCP' };
    if (p.service !== undefined && validate.boolean(scope, `${pp}.service`, p.service)) servicePorts.push(port);
    return port;
  });

  const seenPaths = new Set<string>();
  const volumeMounts: VolumeMount[] = (c.volumeMounts ?? []).map((m, j) => {
    const mp = `${prop}.volumeMounts[${j}]`;
    validate.record(scope, mp, m);
    validate.knownKeys(scope, mp, m, ['volume', 'mountPath', 'readOnly', 'subPath']);
    if (typeof m.volume !== 'string') validate.fail(scope, `${mp}.volume`, m.volume, 'must be the name of a pod volume');
    if (pod.volumeNames !== undefined && !pod.volumeNames.has(m.volume)) {
      validate.fail(scope, `${mp}.volume`, m.volume, `is not a volume of the pod; the pod has ${[...pod.volumeNames].join(', ') || 'none'} (add one with volumes)`);
    }
    const mountPath = validate.mountPath(scope, `${mp}.mountPath`, m.mountPath);
    if (seenPaths.has(mountPath)) validate.fail(scope, `${mp}.mountPath`, mountPath, 'is already mounted in this container');
    seenPaths.add(mountPath);
    if (m.subPath !== undefined && (typeof m.subPath !== 'string' || m.subPath.startsWith('/') || m.subPath.split('/').includes('..'))) {
      validate.fail(scope, `${mp}.subPath`, m.subPath, "is not a relative path without '..'");
    }
    const readOnly = m.readOnly === undefined ? false : validate.boolean(scope, `${mp}.readOnly`, m.readOnly);
    return { name: m.volume, mountPath, ...(readOnly ? { readOnly } : {}), ...(m.subPath === undefined ? {} : { subPath: m.subPath }) };
  });

  const security = validate.object(scope, `${prop}.securityContext`, c.securityContext);
  validate.knownKeys(scope, `${prop}.securityContext`, security, ['runAsUser', 'runAsGroup', 'readOnlyRootFilesystem']);
  const securityContext = restrictedContainerSecurity(validate.boolean(scope, `${prop}.securityContext.readOnlyRootFilesystem`, security.readOnlyRootFilesystem ?? true), {
    runAsUser: security.runAsUser === undefined ? undefined : validate.integer(scope, `${prop}.securityContext.runAsUser`, security.runAsUser, 1, validate.INT32_MAX, ': the restricted Pod Security profile forbids the root user (0)'),
    runAsGroup: security.runAsGroup === undefined ? undefined : validate.integer(scope, `${prop}.securityContext.runAsGroup`, security.runAsGroup, 0, validate.INT32_MAX, ' (a group ID)'),
  });

  const probes: Record<string, KubeProbe | undefined> = {};
  for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
    const given = c[kind];
    if (given === undefined) continue;
    if (!sidecar) validate.fail(scope, `${prop}.${kind}`, '(given)', 'is not allowed on an init container, which runs to completion; the API server refuses it');
    if (!(given instanceof Probe)) validate.fail(scope, `${prop}.${kind}`, given, 'is not a Probe; use Probe.tcpSocket(), Probe.httpGet(), Probe.exec() or Probe.none()');
    const timing: Required<ProbeOptions> = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 };
    probes[kind] = given._render(scope, `${prop}.${kind}`, ports[0]?.name ?? '', timing, kind !== 'readinessProbe', ports.length > 0);
  }

  const env = renderEnv(scope, c.env, `${prop}.env`);
  const envFrom = renderEnvFrom(scope, `${prop}.envFrom`, c.envFrom, hashes);
  return {
    name,
    image,
    ...(imagePullPolicy === undefined ? {} : { imagePullPolicy }),
    ...(c.command === undefined ? {} : { command: validate.stringList(scope, `${prop}.command`, c.command) }),
    ...(c.args === undefined ? {} : { args: validate.stringList(scope, `${prop}.args`, c.args) }),
    ...(ports.length === 0 ? {} : { ports }),
    ...(envFrom.length === 0 ? {} : { envFrom }),
    ...(env.length === 0 ? {} : { env }),
    resources: resolveResources(scope, c.resources, DEFAULT_RESOURCES, `${prop}.resources`),
    securityContext,
    ...Object.fromEntries(Object.entries(probes).filter(([, p]) => p !== undefined)),
    ...(volumeMounts.length === 0 ? {} : { volumeMounts }),
    ...(sidecar ? { restartPolicy: 'Always' } : {}),
  };
}

/**
 * Renders the main container's `lifecycle.preStop`.
 * @internal
 */
export function renderPreStop(scope: string, given: PreStopProps | undefined, portName: string): { preStop: LifecycleHandler } | undefined {
  if (given === undefined) return undefined;
  const props = validate.record(scope, 'preStop', given) as Record<string, any>;
  const kinds = Object.keys(props);
  if (kinds.length !== 1 || !['exec', 'httpGet'].includes(kinds[0])) {
    validate.fail(scope, 'preStop', given, "must be { exec: ['command', ...] } or { httpGet: { path: '/...' } }");
  }
  if ('exec' in props) {
    return { preStop: { exec: { command: validate.stringList(scope, 'preStop.exec', props.exec, false) } } };
  }
  const httpGet = validate.record(scope, 'preStop.httpGet', props.httpGet);
  validate.knownKeys(scope, 'preStop.httpGet', httpGet, ['path']);
  return { preStop: { httpGet: { path: validate.httpPath(scope, 'preStop.httpGet.path', httpGet.path), port: portName } } };
}
