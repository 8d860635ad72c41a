/**
 * The args both package components take, as plain data: the workload props that are data
 * already, with environment values and probes as data instead of `EnvValue` and `Probe` instances.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { AntiAffinity } from '../../core/scheduling';
import type { ImagePullPolicy, WorkloadProps } from '../../core/workload';
import type { PulumiWorkloadArgs } from '../inputs';
import { ContainerSpec, containerFromSpec, envAndProbesFromData, EnvFromSpec } from './container-spec';
import { eachSpec, optional } from './data';
import type { ProbeSpec } from './probe-spec';
import { VolumeSpec, volumeFromSpec } from './volume-spec';

/**
 * Args every package component takes: the workload props that are data already, each declared
 * here with the type of `WorkloadProps` (the package schema is read from these declarations),
 * and the others as data (`env`, `envFrom`, `volumes`, `initContainers`, `sidecars`, probes).
 */
export interface WorkloadPackageArgs {
  /**
   * `metadata.name` of the workload and base of every other name. See `WorkloadProps.name`.
   * @default - the construct id (cdk8s) or the resource name (Pulumi)
   */
  readonly name?: WorkloadProps['name'];
  /**
   * Value of the `app.kubernetes.io/name` label. See `WorkloadProps.appName`.
   * @default - the image's repository name without registry, path and tag (`postgres` for `postgres:16`)
   */
  readonly appName?: WorkloadProps['appName'];
  /**
   * Value of the `app.kubernetes.io/component` label. See `WorkloadProps.component`.
   * @default - 'database' for StatefulDatabase, 'web' for StatelessWeb
   */
  readonly component?: WorkloadProps['component'];
  /**
   * Value of the `app.kubernetes.io/part-of` label. See `WorkloadProps.partOf`.
   * @default - no part-of label
   */
  readonly partOf?: WorkloadProps['partOf'];
  /**
   * Extra labels for every object and pod. See `WorkloadProps.labels`.
   * @default - none
   */
  readonly labels?: WorkloadProps['labels'];
  /**
   * Extra labels for the pods only (not the other objects); the recommended labels cannot be set here. See `WorkloadProps.podLabels`.
   * @default - none
   */
  readonly podLabels?: WorkloadProps['podLabels'];
  /**
   * Extra annotations for the pod template. See `WorkloadProps.podAnnotations`.
   * @default - none
   */
  readonly podAnnotations?: WorkloadProps['podAnnotations'];
  /**
   * The name of the container port (IANA_SVC_NAME. See `WorkloadProps.portName`.
   * @default - 'db' for StatefulDatabase, 'http' for StatelessWeb
   */
  readonly portName?: WorkloadProps['portName'];
  /**
   * Overrides the image's ENTRYPOINT (`command`). See `WorkloadProps.command`.
   * @default - the image's entrypoint
   */
  readonly command?: WorkloadProps['command'];
  /**
   * Overrides the image's CMD (`args`). See `WorkloadProps.args`.
   * @default - the image's cmd
   */
  readonly args?: WorkloadProps['args'];
  /**
   * Where the pods serve Prometheus metrics (the main port, or a sidecar exporter's port), and whether to create a `PodMonitor` for the Prometheus Operator. See `WorkloadProps.metrics`.
   * @default - no metrics
   */
  readonly metrics?: WorkloadProps['metrics'];
  /**
   * What runs in the main container before it is stopped (`lifecycle.preStop`). See `WorkloadProps.preStop`.
   * @default - none
   */
  readonly preStop?: WorkloadProps['preStop'];
  /**
   * CPU and memory requests and limits; each field given replaces that default only. See `WorkloadProps.resources`.
   * @default - StatefulDatabase: requests 250m CPU / 512Mi, limits 1 CPU / 1Gi;
   */
  readonly resources?: WorkloadProps['resources'];
  /**
   * User, groups and root file system of the container (always the *restricted* profile). See `WorkloadProps.securityContext`.
   * @default - UID/GID/fsGroup 1000, read-only root file system, writable `/tmp`
   */
  readonly securityContext?: WorkloadProps['securityContext'];
  /**
   * Seconds between SIGTERM and SIGKILL at shutdown (`terminationGracePeriodSeconds`). See `WorkloadProps.terminationGracePeriodSeconds`.
   * @default - 60 for StatefulDatabase (a clean database shutdown flushes to disk), 30 for
   */
  readonly terminationGracePeriodSeconds?: WorkloadProps['terminationGracePeriodSeconds'];
  /**
   * Old revisions kept for rollback (`revisionHistoryLimit`). See `WorkloadProps.revisionHistoryLimit`.
   * @default 10
   */
  readonly revisionHistoryLimit?: WorkloadProps['revisionHistoryLimit'];
  /**
   * Seconds a new pod must be ready before it counts as available (`minReadySeconds`). See `WorkloadProps.minReadySeconds`.
   * @default 0
   */
  readonly minReadySeconds?: WorkloadProps['minReadySeconds'];
  /**
   * How replicas avoid sharing a node. See `WorkloadProps.antiAffinity`.
   * @default AntiAffinity.PREFERRED
   */
  readonly antiAffinity?: AntiAffinity;
  /**
   * When the image is pulled (`imagePullPolicy`). See `WorkloadProps.imagePullPolicy`.
   * @default - Kubernetes decides: Always for `:latest` or untagged images, IfNotPresent otherwise
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Secrets holding registry credentials for pulling the images (`imagePullSecrets`), by name. See `WorkloadProps.imagePullSecrets`.
   * @default - none
   */
  readonly imagePullSecrets?: WorkloadProps['imagePullSecrets'];
  /**
   * The ServiceAccount the pod runs as. See `WorkloadProps.serviceAccountName`.
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccountName?: WorkloadProps['serviceAccountName'];
  /**
   * Create a ServiceAccount named `{name}` for the pods, with these annotations (e.g. See `WorkloadProps.serviceAccount`.
   * @default - no ServiceAccount is created
   */
  readonly serviceAccount?: WorkloadProps['serviceAccount'];
  /**
   * Mount the ServiceAccount token into the pods (`automountServiceAccountToken`), for servers that call the Kubernetes API. See `WorkloadProps.automountServiceAccountToken`.
   * @default false
   */
  readonly automountServiceAccountToken?: WorkloadProps['automountServiceAccountToken'];
  /**
   * Node labels the pod requires (`nodeSelector`). See `WorkloadProps.nodeSelector`.
   * @default - any node
   */
  readonly nodeSelector?: WorkloadProps['nodeSelector'];
  /**
   * Taints the pods tolerate (`tolerations`), e.g. See `WorkloadProps.tolerations`.
   * @default - none
   */
  readonly tolerations?: WorkloadProps['tolerations'];
  /**
   * Node affinity (`affinity.nodeAffinity`), beside the replicas' anti-affinity (`antiAffinity`). See `WorkloadProps.nodeAffinity`.
   * @default - none
   */
  readonly nodeAffinity?: WorkloadProps['nodeAffinity'];
  /**
   * How the pods spread over topology domains (`topologySpreadConstraints`); the label selector is always this instance's. See `WorkloadProps.topologySpreadConstraints`.
   * @default - StatelessWeb: across zones (`topology.kubernetes.io/zone`), maxSkew 1,
   */
  readonly topologySpreadConstraints?: WorkloadProps['topologySpreadConstraints'];
  /**
   * The PriorityClass of the pod (`priorityClassName`). See `WorkloadProps.priorityClassName`.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: WorkloadProps['priorityClassName'];
  /**
   * The cluster's DNS domain, used in the DNS names the pattern exposes. See `WorkloadProps.clusterDomain`.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: WorkloadProps['clusterDomain'];
  /**
   * The namespace of every object, known now or later (see `PulumiWorkloadArgs.namespace`).
   * @default - the provider's namespace; DNS names use `default`
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * Literal environment variables of the main container, by name. Never put a password here:
   * use `secretEnv`.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Secret environment variables, by name, in a Secret `{name}-env` (see `PulumiWorkloadArgs.secretEnv`).
   * @default - no Secret is created
   */
  readonly secretEnv?: { [name: string]: pulumi.Input<string> };
  /**
   * Every key of ConfigMaps or Secrets as variables of the main container (see `WorkloadProps.envFrom`).
   * @default - none
   */
  readonly envFrom?: EnvFromSpec[];
  /**
   * Pod volumes, each mounted in the main container at its `mountPath` (see `WorkloadProps.volumes`).
   * @default - none
   */
  readonly volumes?: VolumeSpec[];
  /**
   * Containers that run to completion, in order, before the main container starts (see `WorkloadProps.initContainers`).
   * @default - none
   */
  readonly initContainers?: ContainerSpec[];
  /**
   * Containers that run beside the main container (see `WorkloadProps.sidecars`).
   * @default - none
   */
  readonly sidecars?: ContainerSpec[];
  /**
   * The readiness probe (see `WorkloadProps.readinessProbe`).
   * @default - the engine's, or a TCP connect to the port
   */
  readonly readinessProbe?: ProbeSpec;
  /**
   * The liveness probe (see `WorkloadProps.livenessProbe`).
   * @default - the engine's, or a TCP connect to the port
   */
  readonly livenessProbe?: ProbeSpec;
  /**
   * The startup probe (see `WorkloadProps.startupProbe`).
   * @default - the engine's, or none
   */
  readonly startupProbe?: ProbeSpec;
}

/**
 * The class API's args for the workload part of `args`: environment values and probes built
 * from their data; everything else passed on, to be validated by the core.
 * @param scope the component's name, for error messages
 * @throws ValidationError when `env` is not a map of strings, or a probe is invalid
 */
export function workloadArgsFromData(scope: string, args: WorkloadPackageArgs): Omit<WorkloadProps, 'namespace'> & PulumiWorkloadArgs {
  const { env, readinessProbe, livenessProbe, startupProbe, volumes, initContainers, sidecars, ...rest } = args;
  return {
    ...rest,
    ...envAndProbesFromData(scope, '', { env, readinessProbe, livenessProbe, startupProbe }),
    ...optional('volumes', eachSpec(scope, 'volumes', volumes, volumeFromSpec)),
    ...optional('initContainers', eachSpec(scope, 'initContainers', initContainers, containerFromSpec)),
    ...optional('sidecars', eachSpec(scope, 'sidecars', sidecars, containerFromSpec)),
  };
}
