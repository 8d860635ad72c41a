/**
 * What every pattern shares: the one container, its pod, names, labels and metadata.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Container, ContainerPort, PodTemplateSpec, ServiceAccount, TopologySpreadConstraint, Volume, VolumeMount } from 'kubernetes-types/core/v1';
import { ContainerSpecProps, PreStopProps, renderExtraContainers, renderPreStop } from './containers';
import type { MetricsProps } from './metrics';
import { EnvFromProps, EnvValue, renderEnv, renderEnvFrom } from './env';
import { appNameFromImage, LabelSet, labelSet, PatternName, RESERVED_LABELS } from './labels';
import { Probe, ProbeOptions } from './probe';
import { ResourceProps, resolveResources } from './resources';
import {
  AntiAffinity,
  NodeAffinityProps,
  renderAffinity,
  renderNodeAffinity,
  renderTolerations,
  renderTopologySpread,
  TolerationProps,
  TopologySpreadProps,
} from './scheduling';
import { ClientServiceProps, resolveClientService, ResolvedClientService } from './service';
import { resolveSecurity, SecurityContextProps } from './security';
import { definedOnly } from './util';
import { combinedHash, PodVolumeProps, resolveVolumes } from './volumes';
import * as validate from './validate';

/**
 * When the kubelet pulls the image.
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
 */
export enum ImagePullPolicy {
  /** Pull on every container start. */
  ALWAYS = 'Always',
  /** Pull only when the node does not have the image. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull; the image must already be on the node. */
  NEVER = 'Never',
}

/**
 * The ServiceAccount `{name}` a workload creates for its pods (`WorkloadProps.serviceAccount`).
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/
 */
export interface ServiceAccountProps {
  /**
   * Its annotations, e.g. a cloud workload identity
   * (`iam.gke.io/gcp-service-account`, `eks.amazonaws.com/role-arn`).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * Props every pattern takes: one server container and its pod. The image and port are given by
 * each pattern's own props.
 */
export interface WorkloadProps extends ClientServiceProps {
  /**
   * The name of the container port (IANA_SVC_NAME: at most 15 lowercase letters, digits, '-').
   * @default - 'db' for StatefulDatabase, 'http' for StatelessWeb
   */
  readonly portName?: string;
  /**
   * `metadata.name` of the workload and base of every other name. Names are deterministic
   * (no hash suffix), so DNS names are known at synth time.
   * @default - the construct id (cdk8s) or the resource name (Pulumi)
   */
  readonly name?: string;
  /**
   * The namespace of every object (`metadata.namespace`), a DNS-1123 label.
   * @default - the cdk8s chart's namespace; without one, none is set and DNS names use `default`
   */
  readonly namespace?: string;
  /**
   * Value of the `app.kubernetes.io/name` label: the application, e.g. `postgres`. Metadata
   * only: it is not part of any selector, so changing it (or the image it defaults from) on a
   * running instance relabels the objects and rolls the pods, nothing more.
   * @default - the image's repository name without registry, path and tag (`postgres` for `postgres:16`)
   */
  readonly appName?: string;
  /**
   * Value of the `app.kubernetes.io/component` label. Metadata only, not part of any selector.
   * @default - 'database' for StatefulDatabase, 'web' for StatelessWeb
   */
  readonly component?: string;
  /**
   * Value of the `app.kubernetes.io/part-of` label: the higher-level application.
   * @default - no part-of label
   */
  readonly partOf?: string;
  /**
   * Extra labels for every object and pod. The recommended `app.kubernetes.io/*` labels are set
   * by the pattern and may not be given here. They are not part of the (immutable) selector,
   * which is only `app.kubernetes.io/instance`, `app.kubernetes.io/managed-by` and
   * `kube-patterns.io/pattern`.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra annotations for the pod template.
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Overrides the image's ENTRYPOINT (`command`).
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Overrides the image's CMD (`args`).
   * @default - the image's cmd
   */
  readonly args?: string[];
  /**
   * Environment variables, by name. Use `EnvValue.fromSecretKeyRef` for anything secret.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * Every key of ConfigMaps or Secrets as environment variables (`envFrom`), optionally
   * prefixed; `env` wins over them for the same name.
   * @default - none
   */
  readonly envFrom?: EnvFromProps[];
  /**
   * Pod volumes (ConfigMaps, Secrets, existing claims, emptyDirs, projected), mounted in the main
   * container at their `mountPath` and in init containers and sidecars by name. Mount paths are
   * checked against every other mount, the writable paths and the data volume. A ConfigMap or
   * Secret given as an object (a cdk8s-plus `ConfigMap`, or `{ name, data }`) has its content
   * hashed into the pod annotation `kube-patterns.io/config-sha256`, so a change rolls the pods.
   * @default - none
   */
  readonly volumes?: PodVolumeProps[];
  /**
   * Containers that run to completion, in order, before the main container starts (waiting for
   * a dependency, preparing files). Restricted security context like the main container.
   * @default - none
   */
  readonly initContainers?: ContainerSpecProps[];
  /**
   * Containers that run beside the main container (exporters, proxies), as native sidecars:
   * started before it, stopped after it (Kubernetes 1.29 and later). A port with
   * `service: true` is also exposed on the client Service.
   * @default - none
   */
  readonly sidecars?: ContainerSpecProps[];
  /**
   * What runs in the main container before it is stopped (`lifecycle.preStop`), e.g.
   * `{ exec: ['sleep', '5'] }` so a web server leaves the Service's endpoints before it stops
   * accepting connections. Counted within `terminationGracePeriodSeconds`.
   * @default - none
   */
  readonly preStop?: PreStopProps;
  /**
   * Where the pods serve Prometheus metrics (the main port, or a sidecar exporter's port), and
   * whether to create a `PodMonitor` for the Prometheus Operator.
   * @default - no metrics
   */
  readonly metrics?: MetricsProps;
  /**
   * CPU and memory requests and limits; each field given replaces that default only.
   * @default - StatefulDatabase: requests 250m CPU / 512Mi, limits 1 CPU / 1Gi;
   *   StatelessWeb: requests 100m / 128Mi, limits 500m / 256Mi; engine presets set their own
   *   (the README's defaults table, generated from the code)
   */
  readonly resources?: ResourceProps;
  /**
   * User, groups and root file system of the container (always the *restricted* profile).
   * @default - UID/GID/fsGroup 1000, read-only root file system, writable `/tmp`
   */
  readonly securityContext?: SecurityContextProps;
  /**
   * When the pod receives traffic.
   * @default - TCP connect on the port every 10 s, 3 failures to become unready
   */
  readonly readinessProbe?: Probe;
  /**
   * When the kubelet restarts the container.
   * @default - TCP connect on the port every 10 s, 6 failures to restart
   */
  readonly livenessProbe?: Probe;
  /**
   * How long the container has to start before liveness checks begin.
   * @default - TCP connect every 10 s; StatefulDatabase allows 60 failures (10 minutes, for
   *   first-time initialization), StatelessWeb 30 (5 minutes)
   */
  readonly startupProbe?: Probe;
  /**
   * Seconds between SIGTERM and SIGKILL at shutdown (`terminationGracePeriodSeconds`).
   * @default - 60 for StatefulDatabase (a clean database shutdown flushes to disk), 30 for
   *   StatelessWeb; engine presets set their own (120 for PostgreSQL, MySQL, MariaDB, MongoDB,
   *   Kafka; 180 for Cassandra)
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Old revisions kept for rollback (`revisionHistoryLimit`).
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Seconds a new pod must be ready before it counts as available (`minReadySeconds`).
   * @default 0
   */
  readonly minReadySeconds?: number;
  /**
   * How replicas avoid sharing a node.
   * @default AntiAffinity.PREFERRED
   */
  readonly antiAffinity?: AntiAffinity;
  /**
   * When the image is pulled (`imagePullPolicy`).
   * @default - Kubernetes decides: Always for `:latest` or untagged images, IfNotPresent otherwise
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * The ServiceAccount the pod runs as. Its token is never mounted
   * (`automountServiceAccountToken: false`): these servers do not call the Kubernetes API.
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccountName?: string;
  /**
   * Node labels the pod requires (`nodeSelector`).
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the pods tolerate (`tolerations`), e.g. dedicated database nodes.
   * @default - none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly tolerations?: TolerationProps[];
  /**
   * Node affinity (`affinity.nodeAffinity`), beside the replicas' anti-affinity (`antiAffinity`).
   * @default - none
   */
  readonly nodeAffinity?: NodeAffinityProps;
  /**
   * How the pods spread over topology domains (`topologySpreadConstraints`); the label selector
   * is always this instance's. Giving any replaces the default; `[]` removes it (the
   * scheduler's cluster-wide defaults then apply).
   * @default - StatelessWeb: across zones (`topology.kubernetes.io/zone`), maxSkew 1,
   *   ScheduleAnyway, counting only the current revision (`matchLabelKeys: [pod-template-hash]`),
   *   so a zone outage takes at most its share of the replicas; harmless where nodes have no
   *   zone label. StatefulDatabase: none, because each pod is bound to the zone of its volume once
   *   its claim exists, and the scheduler's defaults already spread new pods
   */
  readonly topologySpreadConstraints?: TopologySpreadProps[];
  /**
   * Secrets holding registry credentials for pulling the images (`imagePullSecrets`), by name.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Create a ServiceAccount named `{name}` for the pods, with these annotations (e.g. a cloud
   * workload identity). Not allowed with `serviceAccountName`.
   * @default - no ServiceAccount is created
   */
  readonly serviceAccount?: ServiceAccountProps;
  /**
   * Mount the ServiceAccount token into the pods (`automountServiceAccountToken`), for servers
   * that call the Kubernetes API.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Extra labels for the pods only (not the other objects); the recommended labels cannot be
   * set here.
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * The PriorityClass of the pod (`priorityClassName`).
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * The cluster's DNS domain, used in the DNS names the pattern exposes.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * Every key of {@link WorkloadProps}; the compiler checks that none is missing.
 * @internal
 */
export const WORKLOAD_PROP_KEYS = [
  'portName', 'name', 'namespace', 'appName', 'component', 'partOf', 'labels', 'podAnnotations', 'command', 'args', 'env',
  'resources', 'securityContext', 'readinessProbe', 'livenessProbe', 'startupProbe', 'terminationGracePeriodSeconds',
  'revisionHistoryLimit', 'minReadySeconds', 'antiAffinity', 'imagePullPolicy', 'serviceAccountName', 'nodeSelector',
  'priorityClassName', 'clusterDomain', 'tolerations', 'nodeAffinity', 'topologySpreadConstraints', 'imagePullSecrets',
  'serviceAccount', 'automountServiceAccountToken', 'podLabels', 'serviceType', 'nodePort', 'loadBalancerSourceRanges',
  'serviceAnnotations', 'serviceLabels', 'envFrom', 'volumes', 'initContainers', 'sidecars', 'preStop', 'metrics',
] as const satisfies readonly (keyof WorkloadProps)[];

/**
 * The props object itself: an object whose keys are all props of the pattern. Misspelt or
 * unknown props (from JavaScript, or through `as any`) would otherwise be ignored silently.
 * @throws ValidationError for a missing props object or an unknown key
 * @internal
 */
export function checkPropsObject<T extends object>(scope: string, pattern: string, props: T, keys: readonly string[], example: string): T {
  if (props === undefined || props === null || typeof props !== 'object' || Array.isArray(props)) {
    validate.fail(scope, 'props', props, `must be an object, e.g. ${example}`);
  }
  for (const [key, value] of Object.entries(props)) {
    if (!keys.includes(key)) {
      validate.fail(scope, key, value, `is not a prop of ${pattern}, so it would be ignored; the props are ${[...keys].sort().join(', ')}`);
    }
  }
  return props;
}

/**
 * The props of a workload with its image and port, as resolveWorkload takes them.
 * @internal
 */
export interface ContainerProps extends WorkloadProps {
  readonly image?: string;
  readonly port?: number;
}

/**
 * A container port besides the main one (peer and election ports of clustered servers).
 * @internal
 */
export interface ExtraPort {
  readonly name: string;
  readonly containerPort: number;
}

/**
 * What an adapter knows about where the props were given.
 */
export interface ScopeContext {
  /** The construct path (cdk8s) or component name (Pulumi), used in error messages. */
  readonly path: string;
  /** The name to use when `props.name` is not given: the construct id or resource name. */
  readonly defaultName: string;
  /**
   * What `defaultName` is, for error messages.
   * @default 'the construct id'
   */
  readonly defaultNameSource?: string;
  /**
   * The namespace to use when `props.namespace` is not given (the cdk8s chart's).
   * @default - none
   */
  readonly namespace?: string;
}

/**
 * Per-pattern defaults for {@link resolveWorkload}.
 * @internal
 */
export interface WorkloadDefaults {
  /** The pattern, a selector label: fixed for the life of an instance. */
  readonly pattern: PatternName;
  readonly containerName: string;
  readonly component: string;
  readonly portName: string;
  /** The longest name allowed, and why. */
  readonly maxNameLength: number;
  readonly maxNameLengthReason: string;
  readonly resources: Required<ResourceProps>;
  readonly terminationGracePeriodSeconds: number;
  readonly startupFailureThreshold: number;
  /** The default `topologySpreadConstraints`. */
  readonly topologySpread: readonly TopologySpreadProps[];
  /** `matchLabelKeys` of every spread constraint (`pod-template-hash` for Deployments). */
  readonly spreadMatchLabelKeys: string[];
}

/**
 * A workload whose props are validated and defaulted: everything the patterns share.
 * @internal
 */
export interface ResolvedWorkload {
  readonly scope: string;
  readonly name: string;
  /** The namespace to write into metadata, if any. */
  readonly namespace: string | undefined;
  /** The namespace pods live in, for DNS names (`default` when none is set). */
  readonly dnsNamespace: string;
  readonly clusterDomain: string;
  readonly labels: LabelSet;
  readonly port: number;
  readonly portName: string;
  readonly revisionHistoryLimit: number;
  readonly minReadySeconds: number;
  /** The client Service's type, metadata and source ranges. */
  readonly clientService: ResolvedClientService;
  /** The ServiceAccount to create, when `serviceAccount` is given. */
  readonly serviceAccount?: ServiceAccount;
  /** Sidecar ports to expose on the client Service. */
  readonly servicePorts: readonly ContainerPort[];
  /** Every named port of the pod's containers: the main port, then the sidecars'. */
  readonly podPortNames: readonly string[];
  /** `metadata` for an object of this workload. */
  metadata(name: string, extra?: { annotations?: Record<string, string> }): ObjectMeta;
  /** The pod template, with the pattern's own volumes, ports and pod annotations added. */
  podTemplate(volumes: PodVolume[], extra?: { ports?: readonly ExtraPort[]; annotations?: Record<string, string> }): PodTemplateSpec;
}

/**
 * A volume the pattern adds to the pod, with where it is mounted.
 * @internal
 */
export interface PodVolume {
  /** The prop that gave the mount path, for error messages. */
  readonly prop: string;
  /** The volume, or `undefined` when it comes from a volumeClaimTemplate. */
  readonly volume?: Volume;
  readonly mount: VolumeMount;
}

/**
 * The identity of a workload: its name, namespace and cluster domain, validated.
 * @internal
 */
export interface Identity {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly dnsNamespace: string;
  readonly clusterDomain: string;
}

/**
 * Validates and defaults the name, namespace and cluster domain (all a preset needs to know).
 * @throws ValidationError for a name, namespace or domain Kubernetes would refuse
 * @internal
 */
export function resolveIdentity(props: WorkloadProps, context: ScopeContext, defaults: Pick<WorkloadDefaults, 'maxNameLength' | 'maxNameLengthReason'>): Identity {
  const scope = context.path;
  validate.object(scope, 'props', props);
  const nameProp = props.name === undefined ? `name (from ${context.defaultNameSource ?? 'the construct id'}; set props.name to choose one)` : 'name';
  const name = validate.dns1123Label(scope, nameProp, props.name ?? context.defaultName, defaults.maxNameLength, defaults.maxNameLengthReason);
  validate.dns1035Label(scope, nameProp, name, ' (the name is also the Service name, and Service names become DNS labels)');
  const namespace = props.namespace ?? context.namespace;
  if (namespace !== undefined) {
    validate.dns1123Label(scope, 'namespace', namespace);
  }
  const clusterDomain = validate.dns1123Subdomain(scope, 'clusterDomain', props.clusterDomain ?? 'cluster.local');
  return { name, namespace, dnsNamespace: namespace ?? 'default', clusterDomain };
}

const PROBE_TIMING: Required<ProbeOptions> = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 3,
  successThreshold: 1,
};

/**
 * Validates and defaults the shared props.
 * @throws ValidationError naming the first invalid prop
 * @internal
 */
export function resolveWorkload(props: ContainerProps, context: ScopeContext, defaults: WorkloadDefaults): ResolvedWorkload {
  const scope = context.path;
  const { name, namespace, dnsNamespace, clusterDomain } = resolveIdentity(props, context, defaults);
  const image = validate.image(scope, 'image', props.image);
  const port = validate.port(scope, 'port', props.port);
  const portName = validate.portName(scope, 'portName', props.portName ?? defaults.portName);

  const appNameProp = props.appName === undefined ? 'appName (from the image; set props.appName)' : 'appName';
  const appName = validate.labelValue(scope, appNameProp, props.appName ?? appNameFromImage(image));
  const component = validate.labelValue(scope, 'component', props.component ?? defaults.component);
  const partOf = props.partOf === undefined ? undefined : validate.labelValue(scope, 'partOf', props.partOf);
  const labels = labelSet(scope, { pattern: defaults.pattern, appName, instance: name, component, partOf }, validate.labels(scope, 'labels', props.labels));
  const podAnnotations = validate.annotations(scope, 'podAnnotations', props.podAnnotations);

  const terminationGracePeriodSeconds = validate.integer(
    scope,
    'terminationGracePeriodSeconds',
    props.terminationGracePeriodSeconds ?? defaults.terminationGracePeriodSeconds,
    0,
  );
  const revisionHistoryLimit = validate.integer(scope, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 0);
  const minReadySeconds = validate.integer(scope, 'minReadySeconds', props.minReadySeconds ?? 0, 0);
  const antiAffinity = validate.oneOf(scope, 'antiAffinity', props.antiAffinity ?? AntiAffinity.PREFERRED, AntiAffinity);
  const imagePullPolicy = props.imagePullPolicy === undefined ? undefined : validate.oneOf(scope, 'imagePullPolicy', props.imagePullPolicy, ImagePullPolicy);
  if (props.serviceAccountName !== undefined && props.serviceAccount !== undefined) {
    validate.fail(scope, 'serviceAccount', props.serviceAccount, 'cannot be given with serviceAccountName: either use an existing ServiceAccount or let the pattern create one');
  }
  const serviceAccountProps = props.serviceAccount === undefined ? undefined : validate.object(scope, 'serviceAccount', props.serviceAccount);
  if (serviceAccountProps) validate.knownKeys(scope, 'serviceAccount', serviceAccountProps, ['annotations']);
  const serviceAccountName = serviceAccountProps ? name : props.serviceAccountName === undefined ? undefined : validate.dns1123Subdomain(scope, 'serviceAccountName', props.serviceAccountName);
  const automountServiceAccountToken = validate.boolean(scope, 'automountServiceAccountToken', props.automountServiceAccountToken ?? false);
  const tolerations = renderTolerations(scope, props.tolerations);
  const nodeAffinity = renderNodeAffinity(scope, props.nodeAffinity);
  const imagePullSecrets = (props.imagePullSecrets === undefined ? [] : validate.stringList(scope, 'imagePullSecrets', props.imagePullSecrets)).map((secret, i) => ({
    name: validate.dns1123Subdomain(scope, `imagePullSecrets[${i}]`, secret),
  }));
  const podLabels = validate.labels(scope, 'podLabels', props.podLabels);
  for (const key of Object.keys(podLabels)) {
    if (RESERVED_LABELS.includes(key)) validate.fail(scope, 'podLabels', key, 'is set by kube-patterns itself; use the appName, component or partOf props instead');
  }
  const clientService = resolveClientService(scope, props, RESERVED_LABELS);
  const priorityClassName = props.priorityClassName === undefined ? undefined : validate.dns1123Subdomain(scope, 'priorityClassName', props.priorityClassName);
  const nodeSelector = validate.labels(scope, 'nodeSelector', props.nodeSelector);
  const command = props.command === undefined ? undefined : validate.stringList(scope, 'command', props.command);
  const args = props.args === undefined ? undefined : validate.stringList(scope, 'args', props.args);

  const security = resolveSecurity(scope, props.securityContext);
  const resources = resolveResources(scope, props.resources, defaults.resources);
  const env = renderEnv(scope, props.env);
  const configHashes: string[] = [];
  const envFrom = renderEnvFrom(scope, 'envFrom', props.envFrom, configHashes);
  const userVolumes = resolveVolumes(scope, props.volumes, []);
  configHashes.push(...userVolumes.hashes);
  const lifecycle = renderPreStop(scope, props.preStop, portName);
  const extraContainers = renderExtraContainers(
    scope,
    props.initContainers,
    props.sidecars,
    { containerNames: new Set([defaults.containerName]), portNames: new Set([portName]), portNumbers: new Set([port]) },
    configHashes,
  );
  const probe = (prop: 'readinessProbe' | 'livenessProbe' | 'startupProbe', failureThreshold: number) => {
    const given = props[prop] ?? Probe.tcpSocket();
    if (!(given instanceof Probe)) {
      validate.fail(scope, prop, given, 'is not a Probe; use Probe.tcpSocket(), Probe.httpGet(), Probe.exec() or Probe.none()');
    }
    return given._render(scope, prop, portName, { ...PROBE_TIMING, failureThreshold }, prop !== 'readinessProbe');
  };
  const probes = {
    readinessProbe: probe('readinessProbe', 3),
    livenessProbe: probe('livenessProbe', 6),
    startupProbe: probe('startupProbe', defaults.startupFailureThreshold),
  };
  const writable: PodVolume[] = security.writablePaths.map((path, i) => ({
    prop: 'securityContext.writablePaths',
    volume: { name: writableVolumeName(path, i), emptyDir: {} },
    mount: { name: writableVolumeName(path, i), mountPath: path },
  }));

  const metadata = (objectName: string, extra?: { annotations?: Record<string, string> }): ObjectMeta => ({
    name: objectName,
    ...(namespace === undefined ? {} : { namespace }),
    labels: { ...labels.all },
    ...(extra?.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: { ...extra.annotations } } : {}),
  });

  const podTemplate = (patternVolumes: PodVolume[], extra: { ports?: readonly ExtraPort[]; annotations?: Record<string, string> } = {}): PodTemplateSpec => {
    const patternNames = new Set(patternVolumes.map((v) => v.mount.name));
    [...userVolumes.podVolumes.map((v) => v.mount.name), ...userVolumes.mountOnly.map((v) => v.name)].forEach((volumeName) => {
      if (patternNames.has(volumeName)) {
        validate.fail(scope, 'volumes', volumeName, `is the name of a volume the pattern adds itself (${[...patternNames].join(', ')}); choose another`);
      }
    });
    const podVolumes = [...patternVolumes, ...writable, ...userVolumes.podVolumes];
    assertDistinctMounts(scope, podVolumes);
    for (const extraPort of extra.ports ?? []) {
      if (extraPort.containerPort === port || extraPort.name === portName) {
        validate.fail(scope, 'port', port, `(named '${portName}') collides with the port ${extraPort.containerPort} named '${extraPort.name}' that the pattern also opens; choose another port`);
      }
      for (const sidecarPort of extraContainers.initContainers.flatMap((c) => c.ports ?? [])) {
        if (sidecarPort.containerPort === extraPort.containerPort || sidecarPort.name === extraPort.name) {
          validate.fail(scope, 'sidecars', sidecarPort.name, `port ${sidecarPort.containerPort} collides with the port ${extraPort.containerPort} named '${extraPort.name}' that the pattern opens; choose another`);
        }
      }
    }
    const container: Container = {
      name: defaults.containerName,
      image,
      ...(imagePullPolicy === undefined ? {} : { imagePullPolicy }),
      ...(command === undefined ? {} : { command: [...command] }),
      ...(args === undefined ? {} : { args: [...args] }),
      ports: [{ name: portName, containerPort: port, protocol: 'TCP' }, ...(extra.ports ?? []).map((p) => ({ ...p, protocol: 'TCP' }))],
      ...(envFrom.length === 0 ? {} : { envFrom }),
      ...(env.length === 0 ? {} : { env }),
      resources,
      securityContext: { ...security.container },
      ...definedOnly(probes),
      volumeMounts: podVolumes.map((v) => ({ ...v.mount })),
      ...(lifecycle === undefined ? {} : { lifecycle }),
    };
    const volumes = [...podVolumes.flatMap((v) => (v.volume ? [{ ...v.volume }] : [])), ...userVolumes.mountOnly];
    // Init containers and sidecars mount the pod's volumes by name, including the claim
    // template's, which is a mount of the main container without a pod volume.
    const volumeNames = new Set([...volumes.map((v) => v.name), ...podVolumes.map((v) => v.mount.name)]);
    extraContainers.initContainers.forEach((c) =>
      (c.volumeMounts ?? []).forEach((m) => {
        if (!volumeNames.has(m.name)) {
          validate.fail(scope, `volumeMounts of container '${c.name}'`, m.name, `is not a volume of the pod; the pod has ${[...volumeNames].join(', ')} (add one with volumes)`);
        }
      }),
    );
    const configChecksum: Record<string, string> = configHashes.length === 0 ? {} : { [CONFIG_CHECKSUM_ANNOTATION]: combinedHash(configHashes) };
    const affinity = renderAffinity(antiAffinity, labels.selector, nodeAffinity);
    const topologySpreadConstraints: TopologySpreadConstraint[] = renderTopologySpread(scope, props.topologySpreadConstraints ?? defaults.topologySpread, labels.selector, defaults.spreadMatchLabelKeys);
    return {
      metadata: {
        labels: { ...podLabels, ...labels.all },
        annotations: { 'kubectl.kubernetes.io/default-container': defaults.containerName, ...extra.annotations, ...configChecksum, ...podAnnotations },
      },
      spec: {
        automountServiceAccountToken,
        enableServiceLinks: false,
        ...(serviceAccountName === undefined ? {} : { serviceAccountName }),
        ...(imagePullSecrets.length === 0 ? {} : { imagePullSecrets }),
        ...(priorityClassName === undefined ? {} : { priorityClassName }),
        ...(Object.keys(nodeSelector).length === 0 ? {} : { nodeSelector }),
        ...(affinity === undefined ? {} : { affinity }),
        ...(tolerations.length === 0 ? {} : { tolerations }),
        ...(topologySpreadConstraints.length === 0 ? {} : { topologySpreadConstraints }),
        securityContext: { ...security.pod },
        terminationGracePeriodSeconds,
        ...(extraContainers.initContainers.length === 0 ? {} : { initContainers: extraContainers.initContainers.map((c) => ({ ...c })) }),
        containers: [container],
        ...(volumes.length === 0 ? {} : { volumes }),
      },
    };
  };

  const serviceAccount: ServiceAccount | undefined = serviceAccountProps && {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(name, { annotations: validate.annotations(scope, 'serviceAccount.annotations', serviceAccountProps.annotations) }),
    // The pod decides (automountServiceAccountToken); the account itself never mounts by default.
    automountServiceAccountToken: false,
  };

  return {
    scope,
    name,
    namespace,
    dnsNamespace,
    clusterDomain,
    labels,
    port,
    portName,
    revisionHistoryLimit,
    minReadySeconds,
    clientService,
    serviceAccount,
    servicePorts: extraContainers.servicePorts,
    podPortNames: [portName, ...extraContainers.initContainers.flatMap((c) => (c.ports ?? []).map((p) => p.name!))],
    metadata,
    podTemplate,
  };
}

/**
 * Pod annotation holding the SHA-256 of the content of the ConfigMaps and Secrets the pod reads
 * (those given as objects), so a change of content rolls the pods.
 */
export const CONFIG_CHECKSUM_ANNOTATION = 'kube-patterns.io/config-sha256';

/**
 * The volume of a writable path: `/var/run/postgresql` gives `writable-var-run-postgresql` (a
 * DNS-1123 label).
 * @internal
 */
export function writableVolumeName(path: string, index: number): string {
  const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const name = `writable-${slug || index}`;
  return name.length <= 63 ? name : `${name.slice(0, 55).replace(/-+$/, '')}-${index}`;
}

function assertDistinctMounts(scope: string, volumes: PodVolume[]): void {
  const seenPaths = new Map<string, string>();
  const seenNames = new Map<string, string>();
  for (const v of volumes) {
    const path = v.mount.mountPath;
    const earlier = seenPaths.get(path);
    if (earlier !== undefined) {
      validate.fail(scope, v.prop, path, `is already mounted by ${earlier}; a container cannot mount two volumes at one path`);
    }
    seenPaths.set(path, v.prop);
    const name = v.mount.name;
    const earlierName = seenNames.get(name);
    if (earlierName !== undefined) {
      validate.fail(scope, v.prop, path, `gives the volume name '${name}', already used by ${earlierName}; choose paths that differ in more than punctuation or case`);
    }
    seenNames.set(name, v.prop);
  }
}
