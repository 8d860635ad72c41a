/**
 * StatelessWeb: interchangeable servers (nginx, web APIs) as a Deployment behind a Service,
 * optionally sharing one ReadWriteMany volume, scaled by a HorizontalPodAutoscaler.
 * Framework-free: it turns props into plain Kubernetes objects.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
import type { Deployment, DeploymentStrategy as KubeDeploymentStrategy } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { AccessMode, isSingleAttach } from './access-mode';
import { renderDisruptionBudget, UnhealthyPodEvictionPolicy } from './disruption-budget';
import { serviceHost } from './dns';
import { PodMonitor, renderPodMonitor } from './metrics';
import { assertObjectSizes } from './object-size';
import { WhenUnsatisfiable, ZONE_TOPOLOGY_KEY } from './scheduling';
import { renderService } from './service';
import * as validate from './validate';
import { checkPropsObject, PodVolume, ResolvedWorkload, resolveWorkload, ScopeContext, WORKLOAD_PROP_KEYS, WorkloadProps } from './workload';

/**
 * A count of pods, absolute or as a percentage of the desired replicas (an IntOrString field).
 */
export class PercentOrAbsolute {
  /**
   * A percentage of the desired replicas, 0-100.
   * @param percent whole percent
   */
  public static percent(percent: number): PercentOrAbsolute {
    return new PercentOrAbsolute(percent, true);
  }

  /**
   * An absolute number of pods, >= 0.
   * @param count pods
   */
  public static absolute(count: number): PercentOrAbsolute {
    return new PercentOrAbsolute(count, false);
  }

  private constructor(
    /** The number. */
    public readonly value: number,
    /** Whether the number is a percentage. */
    public readonly isPercent: boolean,
  ) {}

  /** True when this amounts to zero pods. */
  public isZero(): boolean {
    return this.value === 0;
  }

  /** @internal */
  public _render(scope: string, prop: string): number | string {
    if (this.isPercent) {
      return `${validate.integer(scope, prop, this.value, 0, 100, ' (a percentage)')}%`;
    }
    return validate.integer(scope, prop, this.value, 0);
  }
}

/** Options of the Deployment's RollingUpdate strategy. */
export interface DeploymentRollingUpdateOptions {
  /**
   * Pods created above the desired count during an update.
   * @default PercentOrAbsolute.percent(25)
   */
  readonly maxSurge?: PercentOrAbsolute;
  /**
   * Pods that may be unavailable during an update. 0 keeps full capacity (zero downtime).
   * @default PercentOrAbsolute.absolute(0)
   */
  readonly maxUnavailable?: PercentOrAbsolute;
}

/**
 * How the Deployment replaces pods (`spec.strategy`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export class DeploymentStrategy {
  /**
   * Replace pods gradually, new ones first.
   * @param options maxSurge and maxUnavailable
   */
  public static rollingUpdate(options: DeploymentRollingUpdateOptions = {}): DeploymentStrategy {
    return new DeploymentStrategy('RollingUpdate', options);
  }

  /** Stop all old pods, then start the new ones (needed when pods cannot run side by side). */
  public static recreate(): DeploymentStrategy {
    return new DeploymentStrategy('Recreate', undefined);
  }

  private constructor(
    /** `RollingUpdate` or `Recreate`. */
    public readonly type: string,
    /** The options as given; validated when rendered, where the construct path is known. */
    private readonly options: DeploymentRollingUpdateOptions | undefined,
  ) {}

  /** @internal */
  public _render(scope: string): KubeDeploymentStrategy {
    if (this.type !== 'RollingUpdate') {
      return { type: this.type };
    }
    const options = validate.object(scope, 'strategy options', this.options);
    validate.knownKeys(scope, 'strategy', options, ['maxSurge', 'maxUnavailable']);
    const count = (prop: 'maxSurge' | 'maxUnavailable', fallback: PercentOrAbsolute): PercentOrAbsolute => {
      const given = options[prop] ?? fallback;
      if (!(given instanceof PercentOrAbsolute)) {
        validate.fail(scope, `strategy.${prop}`, given, 'is not a PercentOrAbsolute; use PercentOrAbsolute.absolute(1) or PercentOrAbsolute.percent(25)');
      }
      return given;
    };
    const maxSurge = count('maxSurge', PercentOrAbsolute.percent(25));
    const maxUnavailable = count('maxUnavailable', PercentOrAbsolute.absolute(0));
    if (maxSurge.isZero() && maxUnavailable.isZero()) {
      validate.fail(scope, 'strategy.maxSurge', 0, 'and strategy.maxUnavailable are both zero; the rollout could never make progress, so one of them must be above zero');
    }
    return {
      type: this.type,
      rollingUpdate: {
        maxSurge: maxSurge._render(scope, 'strategy.maxSurge'),
        maxUnavailable: maxUnavailable._render(scope, 'strategy.maxUnavailable'),
      },
    };
  }
}

/**
 * One volume shared by every replica: a single PersistentVolumeClaim (or an existing one)
 * mounted by all pods, which may run on different nodes.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export interface SharedVolumeProps {
  /**
   * Capacity of the claim, a quantity in bytes (`10Gi`). Required unless `existingClaimName`
   * is given, and not allowed with it.
   * @default - none; required when the claim is created
   */
  readonly size?: string;
  /** Where the volume is mounted in every container, an absolute path. */
  readonly mountPath: string;
  /**
   * The claim's access mode. Replicas on several nodes need ReadWriteMany, or ReadOnlyMany
   * (then mounted read-only, and only with `existingClaimName`: a new claim would be empty
   * forever). ReadWriteOnce and ReadWriteOncePod attach to one node or pod, and are refused for
   * more than one replica.
   * @default AccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: AccessMode;
  /**
   * The StorageClass of the claim; it must support the access mode.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Mount this existing claim instead of creating one.
   * @default - a claim named `{name}-shared` is created
   */
  readonly existingClaimName?: string;
}

/**
 * Horizontal autoscaling on CPU utilization (autoscaling/v2).
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingProps {
  /**
   * The fewest replicas, >= 1.
   * @default 2
   */
  readonly minReplicas?: number;
  /** The most replicas, >= minReplicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the CPU request.
   * @default 70
   */
  readonly targetCpuUtilizationPercent?: number;
}

/**
 * The props of {@link StatelessWeb} that are its own (not the pod's) and plain data; the Pulumi
 * component package takes them as they are.
 */
export interface StatelessWebServerProps {
  /**
   * The container image, e.g. `nginxinc/nginx-unprivileged:1.27`.
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly image: string;
  /**
   * The TCP port the server listens on (`containerPort`), 1-65535. The Service, probes and
   * network policies refer to it by `portName`.
   */
  readonly port: number;
  /**
   * Number of pods, an integer >= 0. Not allowed with `autoscaling`, whose HPA owns the count
   * (a replica count in the manifest would reset the HPA's on every apply).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * One volume shared by all replicas.
   * @default - no shared volume
   */
  readonly sharedVolume?: SharedVolumeProps;
  /**
   * A HorizontalPodAutoscaler; the Deployment then has no `replicas` field.
   * @default - no autoscaling
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * The Service port clients connect to; it forwards to the container's named port.
   * @default - the same as `port`
   */
  readonly servicePort?: number;
  /**
   * Seconds a rollout may make no progress before it is reported failed.
   * @default 600
   */
  readonly progressDeadlineSeconds?: number;
}

/** Props of {@link StatelessWeb}. */
export interface StatelessWebProps extends WorkloadProps, StatelessWebServerProps {
  /**
   * How pods are replaced on update.
   * @default - RollingUpdate with maxSurge 25% and maxUnavailable 0; Recreate when a
   *   single-attach shared volume (ReadWriteOnce, ReadWriteOncePod) is mounted, since the new
   *   pod could not attach it while the old one runs
   */
  readonly strategy?: DeploymentStrategy;
}

/**
 * Everything a StatelessWeb synthesizes, plus the names it implies.
 */
export interface StatelessWebModel {
  /** `metadata.name` of the Deployment, the Service, the HPA and the PDB. */
  readonly name: string;
  /** The namespace written into metadata, if any. */
  readonly namespace?: string;
  /** Name of the Service: `{name}`. */
  readonly serviceName: string;
  /** The Service's FQDN: `{name}.{namespace}.svc.{clusterDomain}`. */
  readonly host: string;
  /** The cluster DNS domain the DNS names use. */
  readonly clusterDomain: string;
  /** The Service port. */
  readonly port: number;
  /** The replica count in the Deployment, or undefined when the HPA owns it. */
  readonly replicas?: number;
  /** The shared claim's name (created or existing), when there is a shared volume. */
  readonly sharedClaimName?: string;
  /** Selector labels of the pods. */
  readonly selectorLabels: { [key: string]: string };
  /** The Deployment. */
  readonly deployment: Deployment;
  /** The Service in front of the pods. */
  readonly service: Service;
  /** Present when a shared volume is created here (not for an existing claim). */
  readonly persistentVolumeClaim?: PersistentVolumeClaim;
  /** Present with `autoscaling`. */
  readonly horizontalPodAutoscaler?: HorizontalPodAutoscaler;
  /** Present when at least two replicas always run. */
  readonly podDisruptionBudget?: PodDisruptionBudget;
  /** The ServiceAccount `{name}`, with `serviceAccount`. */
  readonly serviceAccount?: ServiceAccount;
  /** The PodMonitor `{name}`, with `metrics.podMonitor`. */
  readonly podMonitor?: PodMonitor;
  /** All objects, in the order they are emitted. */
  readonly objects: ReadonlyArray<Deployment | Service | PersistentVolumeClaim | HorizontalPodAutoscaler | PodDisruptionBudget | ServiceAccount | PodMonitor>;
}

/** Every key of {@link StatelessWebProps}; the compiler checks that none is missing. */
const STATELESS_WEB_PROP_KEYS = [
  ...WORKLOAD_PROP_KEYS,
  ...(['image', 'port', 'replicas', 'sharedVolume', 'autoscaling', 'servicePort', 'strategy', 'progressDeadlineSeconds'] as const),
] satisfies readonly (keyof StatelessWebProps)[];
/** Fails to compile when StatelessWebProps gains a prop the list above does not have. */
const STATELESS_WEB_KEYS_COMPLETE: Exclude<keyof StatelessWebProps, (typeof STATELESS_WEB_PROP_KEYS)[number]> extends never ? true : never = true;
void STATELESS_WEB_KEYS_COMPLETE;

/**
 * Validates the props, applies defaults, and builds the objects.
 * @throws ValidationError naming the first invalid prop
 */
export function buildStatelessWeb(props: StatelessWebProps, context: ScopeContext): StatelessWebModel {
  checkPropsObject(context.path, 'StatelessWeb', props, STATELESS_WEB_PROP_KEYS, "{ image: 'nginxinc/nginx-unprivileged:1.27', port: 8080 }");
  const w = resolveWorkload(props, context, {
    pattern: 'stateless-web',
    containerName: 'web',
    component: 'web',
    portName: 'http',
    maxNameLength: 63,
    maxNameLengthReason: '',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    terminationGracePeriodSeconds: 30,
    startupFailureThreshold: 30,
    topologySpread: [{ topologyKey: ZONE_TOPOLOGY_KEY, maxSkew: 1, whenUnsatisfiable: WhenUnsatisfiable.SCHEDULE_ANYWAY }],
    spreadMatchLabelKeys: ['pod-template-hash'],
  });
  const scope = w.scope;
  const autoscaling = props.autoscaling === undefined ? undefined : resolveAutoscaling(scope, props.autoscaling);
  if (autoscaling && props.replicas !== undefined) {
    validate.fail(scope, 'replicas', props.replicas, 'cannot be set together with autoscaling: the HorizontalPodAutoscaler owns the replica count; set autoscaling.minReplicas instead');
  }
  const replicas = autoscaling ? undefined : validate.integer(scope, 'replicas', props.replicas ?? 2, 0);
  const maxPods = autoscaling ? autoscaling.maxReplicas : replicas!;
  const minPods = autoscaling ? autoscaling.minReplicas : replicas!;

  const shared = props.sharedVolume === undefined ? undefined : resolveSharedVolume(w, props.sharedVolume, maxPods, autoscaling !== undefined);
  const defaultStrategy = shared && isSingleAttach(shared.accessMode) ? DeploymentStrategy.recreate() : DeploymentStrategy.rollingUpdate();
  const strategy = props.strategy ?? defaultStrategy;
  if (!(strategy instanceof DeploymentStrategy)) {
    validate.fail(scope, 'strategy', strategy, 'is not a DeploymentStrategy; use DeploymentStrategy.rollingUpdate() or .recreate()');
  }
  const progressDeadlineSeconds = validate.integer(scope, 'progressDeadlineSeconds', props.progressDeadlineSeconds ?? 600, 1);
  if (progressDeadlineSeconds <= w.minReadySeconds) {
    validate.fail(scope, 'progressDeadlineSeconds', progressDeadlineSeconds, `must be greater than minReadySeconds (${w.minReadySeconds}), or every rollout would be reported as failed`);
  }
  const servicePort = validate.port(scope, 'servicePort', props.servicePort ?? w.port);

  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: w.metadata(w.name),
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { ...w.labels.selector } },
      strategy: strategy._render(scope),
      revisionHistoryLimit: w.revisionHistoryLimit,
      minReadySeconds: w.minReadySeconds,
      progressDeadlineSeconds,
      template: w.podTemplate(shared ? [shared.podVolume] : []),
    },
  };
  const service = renderService(w, { name: w.name, port: servicePort, client: w.clientService });
  const persistentVolumeClaim = shared?.claim;
  const horizontalPodAutoscaler: HorizontalPodAutoscaler | undefined = autoscaling && {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: w.metadata(w.name),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.name },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCpuUtilizationPercent } },
        },
      ],
    },
  };
  const podDisruptionBudget = minPods > 1 ? renderDisruptionBudget(w, UnhealthyPodEvictionPolicy.ALWAYS_ALLOW) : undefined;
  const podMonitor = renderPodMonitor(w, props.metrics);
  const objects = [
    ...(w.serviceAccount ? [w.serviceAccount] : []),
    ...(persistentVolumeClaim ? [persistentVolumeClaim] : []),
    deployment,
    service,
    ...(horizontalPodAutoscaler ? [horizontalPodAutoscaler] : []),
    ...(podDisruptionBudget ? [podDisruptionBudget] : []),
    ...(podMonitor ? [podMonitor] : []),
  ];
  assertObjectSizes(scope, objects);
  return {
    name: w.name,
    namespace: w.namespace,
    serviceName: w.name,
    clusterDomain: w.clusterDomain,
    host: serviceHost(w.name, w.dnsNamespace, w.clusterDomain),
    port: servicePort,
    replicas,
    sharedClaimName: shared?.claimName,
    selectorLabels: { ...w.labels.selector },
    deployment,
    service,
    persistentVolumeClaim,
    horizontalPodAutoscaler,
    podDisruptionBudget,
    serviceAccount: w.serviceAccount,
    podMonitor,
    objects,
  };
}

function resolveAutoscaling(scope: string, props: AutoscalingProps): Required<AutoscalingProps> {
  validate.object(scope, 'autoscaling', props);
  validate.knownKeys(scope, 'autoscaling', props, ['minReplicas', 'maxReplicas', 'targetCpuUtilizationPercent']);
  const minReplicas = validate.integer(scope, 'autoscaling.minReplicas', props.minReplicas ?? 2, 1);
  const maxReplicas = validate.integer(scope, 'autoscaling.maxReplicas', props.maxReplicas, 1);
  if (minReplicas > maxReplicas) {
    validate.fail(scope, 'autoscaling.minReplicas', minReplicas, `is more than autoscaling.maxReplicas (${maxReplicas}); the autoscaler needs minReplicas <= maxReplicas`);
  }
  const targetCpuUtilizationPercent = validate.integer(scope, 'autoscaling.targetCpuUtilizationPercent', props.targetCpuUtilizationPercent ?? 70, 1, 1000, ' (percent of the CPU request)');
  return { minReplicas, maxReplicas, targetCpuUtilizationPercent };
}

interface ResolvedSharedVolume {
  readonly accessMode: AccessMode;
  readonly claimName: string;
  readonly claim?: PersistentVolumeClaim;
  readonly podVolume: PodVolume;
}

function resolveSharedVolume(w: ResolvedWorkload, props: SharedVolumeProps, maxPods: number, autoscaled: boolean): ResolvedSharedVolume {
  const scope = w.scope;
  validate.object(scope, 'sharedVolume', props);
  validate.knownKeys(scope, 'sharedVolume', props, ['size', 'mountPath', 'accessMode', 'storageClassName', 'existingClaimName']);
  const accessMode = validate.oneOf(scope, 'sharedVolume.accessMode', props.accessMode ?? AccessMode.READ_WRITE_MANY, AccessMode);
  if (isSingleAttach(accessMode) && maxPods > 1) {
    const who = autoscaled ? `up to ${maxPods} replicas (autoscaling.maxReplicas)` : `${maxPods} replicas`;
    const attaches = accessMode === AccessMode.READ_WRITE_ONCE_POD ? 'a single pod' : 'a single node';
    validate.fail(
      scope,
      'sharedVolume.accessMode',
      accessMode,
      `cannot be shared by ${who}; use ReadWriteMany or ReadOnlyMany: the volume attaches to ${attaches} at a time, so replicas scheduled elsewhere would never start`,
    );
  }
  const mountPath = validate.mountPath(scope, 'sharedVolume.mountPath', props.mountPath);
  const readOnly = accessMode === AccessMode.READ_ONLY_MANY;
  let claimName: string;
  let claim: PersistentVolumeClaim | undefined;
  if (props.existingClaimName !== undefined) {
    claimName = validate.dns1123Subdomain(scope, 'sharedVolume.existingClaimName', props.existingClaimName);
    if (props.size !== undefined || props.storageClassName !== undefined) {
      const prop = props.size !== undefined ? 'sharedVolume.size' : 'sharedVolume.storageClassName';
      validate.fail(scope, prop, props.size ?? props.storageClassName, 'has no effect with sharedVolume.existingClaimName: the existing claim already has its size and class; remove one of the two');
    }
  } else {
    if (readOnly) {
      validate.fail(
        scope,
        'sharedVolume.accessMode',
        accessMode,
        'needs sharedVolume.existingClaimName: a new ReadOnlyMany claim is created empty and mounted read-only, so nothing could ever write to it; give the name of a claim that something else fills',
      );
    }
    if (props.size === undefined) {
      validate.fail(scope, 'sharedVolume.size', props.size, "is required to create the shared claim (e.g. '10Gi'); or give sharedVolume.existingClaimName");
    }
    const size = validate.positiveQuantity(scope, 'sharedVolume.size', props.size);
    validate.storageClassName(scope, 'sharedVolume.storageClassName', props.storageClassName);
    claimName = `${w.name}-shared`;
    claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: w.metadata(claimName),
      spec: {
        accessModes: [accessMode],
        ...(props.storageClassName === undefined ? {} : { storageClassName: props.storageClassName }),
        resources: { requests: { storage: size } },
      },
    };
  }
  return {
    accessMode,
    claimName,
    claim,
    podVolume: {
      prop: 'sharedVolume.mountPath',
      volume: { name: 'shared', persistentVolumeClaim: { claimName, ...(readOnly ? { readOnly } : {}) } },
      mount: { name: 'shared', mountPath, ...(readOnly ? { readOnly } : {}) },
    },
  };
}
