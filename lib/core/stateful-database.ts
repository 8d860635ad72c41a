/**
 * StatefulDatabase: a stateful server (PostgreSQL, MySQL, Redis, Kafka...) as a StatefulSet with
 * a governing headless Service, one PersistentVolumeClaim per pod, a client Service and a
 * PodDisruptionBudget. Framework-free: it turns props into plain Kubernetes objects.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
import { createHash } from 'node:crypto';
import type { ConfigMap, PersistentVolumeClaim, PodTemplateSpec, Service, ServiceAccount } from 'kubernetes-types/core/v1';
import type { StatefulSet, StatefulSetUpdateStrategy as KubeUpdateStrategy } from 'kubernetes-types/apps/v1';
import type { CronJob } from 'kubernetes-types/batch/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { AccessMode } from './access-mode';
import { EnvValue } from './env';
import { BackupProps, backupSelector, renderBackup, RenderedBackup } from './backup';
import { DATA_FORMAT_ANNOTATION, DATA_UPGRADE_ANNOTATION, upgradeAnnotation } from './data-format';
import { PEER_AUTHENTICATION_ANNOTATION } from './peer-authentication';
import { renderDisruptionBudget, UnhealthyPodEvictionPolicy } from './disruption-budget';
import { podDnsName, serviceHost } from './dns';
import { scriptText } from './engines/common';
import { EnginePreset, IDatabaseEngine, SCRIPTS_DIR } from './engines/engine';
import { EXPORTER_CREDENTIALS_DIR, exporterCredentialsInit, MAVEN_CENTRAL, METRICS_PORT_NAME, onDatabaseImage } from './engines/exporters';
import { withPreset } from './engines/overrides';
import { EngineConfig, engineSettings, InitScripts, settingsConfigMap } from './engines/settings';
import { PodMonitor, renderPodMonitor } from './metrics';
import { Certificate, certificateDnsNames, DatabaseTlsProps, presetWithTls, renderCertificate, resolveTls, tlsVolume, withTlsReload } from './tls';
import { DatabaseNetworkPolicyProps, renderNetworkPolicy } from './network-policy';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { assertObjectSizes } from './object-size';
import { renderService } from './service';
import * as validate from './validate';
import { checkPropsObject, ExtraPort, PodVolume, resolveIdentity, ResolvedWorkload, resolveWorkload, ScopeContext, WORKLOAD_PROP_KEYS, WorkloadProps } from './workload';

/**
 * Whether StatefulSet pods are created and removed one at a time, in ordinal order.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
 */
export enum PodManagementPolicy {
  /** Create `{name}-0`, wait until it is Ready, then `{name}-1`...; remove in reverse order. */
  ORDERED_READY = 'OrderedReady',
  /** Create and remove all pods at once (for servers that form their cluster themselves). */
  PARALLEL = 'Parallel',
}

/**
 * What happens to the per-pod PersistentVolumeClaims.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export enum PersistentVolumeClaimRetentionPolicyType {
  /** Keep the claims (and the data): a pod that comes back re-attaches its own claim. */
  RETAIN = 'Retain',
  /** Delete the claims, and with most storage classes the data. */
  DELETE = 'Delete',
}

/**
 * The StatefulSet's `persistentVolumeClaimRetentionPolicy`.
 */
export interface PersistentVolumeClaimRetentionPolicy {
  /**
   * When the StatefulSet is deleted.
   * @default PersistentVolumeClaimRetentionPolicyType.RETAIN
   */
  readonly whenDeleted?: PersistentVolumeClaimRetentionPolicyType;
  /**
   * When the StatefulSet is scaled down (the claims of the removed ordinals).
   * @default PersistentVolumeClaimRetentionPolicyType.RETAIN
   */
  readonly whenScaled?: PersistentVolumeClaimRetentionPolicyType;
}

/** Options of the RollingUpdate strategy. */
export interface RollingUpdateOptions {
  /**
   * Only pods with an ordinal >= partition are updated (staged rollouts, canaries).
   * @default 0
   */
  readonly partition?: number;
}

/**
 * How the StatefulSet updates its pods when the template changes (`spec.updateStrategy`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
 */
export class StatefulSetUpdateStrategy {
  /**
   * Replace pods one at a time, highest ordinal first, each after the previous one is Ready.
   * @param options the partition
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): StatefulSetUpdateStrategy {
    return new StatefulSetUpdateStrategy('RollingUpdate', options);
  }

  /** Never replace pods automatically: a pod is updated when you delete it. */
  public static onDelete(): StatefulSetUpdateStrategy {
    return new StatefulSetUpdateStrategy('OnDelete', undefined);
  }

  private constructor(
    /** `RollingUpdate` or `OnDelete`. */
    public readonly type: string,
    /** The options as given; validated when rendered, where the construct path is known. */
    private readonly options: RollingUpdateOptions | undefined,
  ) {}

  /** @internal */
  public _render(scope: string): KubeUpdateStrategy {
    if (this.type !== 'RollingUpdate') {
      return { type: this.type };
    }
    const options = validate.object(scope, 'updateStrategy options', this.options);
    validate.knownKeys(scope, 'updateStrategy', options, ['partition']);
    return { type: this.type, rollingUpdate: { partition: validate.integer(scope, 'updateStrategy.partition', options.partition ?? 0, 0) } };
  }
}

/**
 * The per-pod volume: one PersistentVolumeClaim per pod from a `volumeClaimTemplates` entry,
 * named `{volumeName}-{name}-{ordinal}`. A pod that is rescheduled re-attaches the claim of
 * the same ordinal.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/stateful-set-v1/#StatefulSetSpec
 */
export interface StorageProps {
  /**
   * Capacity requested for each pod's claim, a quantity in bytes: `10Gi`, `500Mi`.
   * Changing it later is a planned migration: the claim template is immutable, so `kubectl
   * apply` is refused; the Pulumi component replaces the StatefulSet and keeps pods and claims
   * (growing the claims themselves is a volume resize).
   * @default - the engine's default; required without an engine
   */
  readonly size?: string;
  /**
   * Where the volume is mounted in the container, an absolute path, e.g. `/var/lib/postgresql/data`.
   * @default - the engine's data path; required without an engine
   */
  readonly mountPath?: string;
  /**
   * The StorageClass of the claims. `''` disables dynamic provisioning (pre-created volumes).
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access modes of each claim. One pod uses each claim, so ReadWriteOnce is right for almost
   * every server; ReadWriteOncePod is stricter. ReadOnlyMany alone is refused: a database
   * writes.
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: AccessMode[];
  /**
   * The volumeClaimTemplate name (a DNS-1123 label): the volume name in the pod and the prefix
   * of each claim's name.
   * @default 'data'
   */
  readonly volumeName?: string;
  /**
   * Extra labels for the claims (the selector labels are always set). Part of the claim
   * template, which the API server never updates: existing claims keep the labels they were
   * created with, and a change is a planned migration (the Pulumi component replaces the
   * StatefulSet, keeping pods and claims).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations for the claims. Part of the claim template, fixed at creation like `labels`;
   * a change is refused by the API server (and by `pulumi up`). `kube-patterns.io/data-format`
   * is set by engine presets and may not be given.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Props of {@link StatefulDatabase}. */
export interface StatefulDatabaseProps extends WorkloadProps {
  /**
   * A preset for the official image of a database engine: image, port, paths, UID, probes,
   * credentials, clustering. Every other prop given here overrides the preset's value
   * (nested objects such as `storage`, `securityContext`, `resources` and `env` per field).
   * @default - no preset: `image`, `port` and `storage` must be given
   */
  readonly engine?: IDatabaseEngine;
  /**
   * The container image, e.g. `postgres:16.4`.
   * @default - the engine's image; required without an engine
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly image?: string;
  /**
   * The TCP port the server listens on (`containerPort`), 1-65535. Both Services, probes and
   * network policies refer to it by `portName`.
   * @default - the engine's port; required without an engine
   */
  readonly port?: number;
  /**
   * Number of pods, an integer from 0 to 10,000. Pods are `{name}-0` ... `{name}-{replicas-1}`.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The per-pod persistent volume.
   * @default - the engine's size and path; required without an engine
   */
  readonly storage?: StorageProps;
  /**
   * Ordered or parallel pod creation and removal.
   * @default PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: PodManagementPolicy;
  /**
   * How pods are updated when the template changes.
   * @default StatefulSetUpdateStrategy.rollingUpdate() (partition 0)
   */
  readonly updateStrategy?: StatefulSetUpdateStrategy;
  /**
   * What happens to the per-pod claims on delete and scale-down.
   * @default - Retain on both: data is never deleted by Kubernetes
   */
  readonly persistentVolumeClaimRetentionPolicy?: PersistentVolumeClaimRetentionPolicy;
  /**
   * Server settings by name, rendered into the engine's own mechanism: PostgreSQL `-c name=value`,
   * MySQL and MariaDB `--name=value`, Redis directives as arguments, MongoDB a `mongod.conf`
   * (dotted names, from the ConfigMap `{name}-config`, whose checksum rolls the pods), ZooKeeper
   * `ZOO_CFG_EXTRA`, Kafka `KAFKA_*` variables. Booleans are written in the engine's syntax.
   * Settings the preset owns (data directory, port, credentials, replication) are refused;
   * Cassandra and presets-less databases refuse `config` with what to do instead.
   * Settings are rendered in key order, whatever order the map was built in. A change rolls the pods.
   * @default - the image's defaults
   */
  readonly config?: EngineConfig;
  /**
   * Scripts the image runs once, when it initializes an empty data directory, from
   * `/docker-entrypoint-initdb.d` (PostgreSQL, MySQL, MariaDB, MongoDB): files by name (the
   * ConfigMap `{name}-initdb`), or an existing ConfigMap. Changing them later runs nothing:
   * they are for the first start only.
   * @default - none
   */
  readonly initScripts?: InitScripts;
  /**
   * The NetworkPolicy `{name}` that isolates the pods: the set's own pods on the ports of the
   * headless Service (replication), `allowFrom` on the client Service's ports, with `backup` the
   * instance's backup and restore pods on those ports too, `metricsFrom` on the metrics port;
   * every other connection to the pods is refused by a cluster that enforces NetworkPolicies
   * (most CNI plugins; a cluster without one ignores the object). Egress is not restricted.
   * `{ enabled: false }` creates none.
   * @default - a policy admitting clients from the database's own namespace only
   * @throws ValidationError for an unknown key, an empty peer list or a malformed peer
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly networkPolicy?: DatabaseNetworkPolicyProps;
  /**
   * Scheduled logical backups with the engine's dump tool into the claim `{name}-backups`
   * (CronJob `{name}-backup`), and their restore (the suspended CronJob `{name}-restore`, run
   * with `kubectl create job --from=cronjob/{name}-restore restore-1`). PostgreSQL, MySQL,
   * MariaDB, MongoDB and Redis presets (MongoDB: `mongodump --oplog` from the last member,
   * `mongorestore --drop --oplogReplay` through the replica set; Redis: an RDB snapshot from the
   * last replica; the restore makes the primary replicate the backup, then promotes it back).
   * @default - no backups
   * @throws ValidationError on other presets (naming the right tool) or without a preset
   */
  readonly backup?: BackupProps;
  /**
   * TLS for client connections, opt-in: the server's certificate from a `kubernetes.io/tls`
   * Secret, or from a cert-manager Certificate the construct creates for every Service and pod
   * name (`issuerRef`); `required` refuses clients without TLS. The preset serves it on the
   * client port and `connectionString` asks clients to verify the server
   * (`sslmode=verify-full`, `ssl-mode=VERIFY_IDENTITY`, `rediss://`). Without a preset, the Secret is mounted
   * at `/etc/kube-patterns/tls` for your own arguments. Turning it on or off rolls the pods; a
   * renewed certificate is reloaded by the presets' sidecar `tls-reload`, without a restart.
   * @default - no TLS
   * @throws ValidationError on the preset that does not serve TLS yet (ZooKeeper, naming what to
   *   do), for `required` without a preset, `required: false` on Redis or Kafka, `backup` on
   *   Redis, a TLS setting in `config` or `args`, or a malformed value
   */
  readonly tls?: DatabaseTlsProps;
}

/**
 * Everything a StatefulDatabase synthesizes, plus the names and DNS names it implies.
 */
export interface StatefulDatabaseModel {
  /** `metadata.name` of the StatefulSet. */
  readonly name: string;
  /** The namespace written into metadata, if any. */
  readonly namespace?: string;
  /** Name of the governing headless Service (`spec.serviceName`): `{name}-headless`. */
  readonly headlessServiceName: string;
  /** Name of the client Service: `{name}`. */
  readonly serviceName: string;
  /** Number of pods. */
  readonly replicas: number;
  /** The container port. */
  readonly port: number;
  /** Pod names `{name}-{ordinal}`. */
  readonly podNames: string[];
  /** The cluster DNS domain the DNS names use. */
  readonly clusterDomain: string;
  /** `{name}-{ordinal}.{headless}.{namespace}.svc.{clusterDomain}` for each ordinal. */
  readonly podDnsNames: string[];
  /** The client Service's FQDN: `{name}.{namespace}.svc.{clusterDomain}`. */
  readonly host: string;
  /** Selector labels of the pods. */
  readonly selectorLabels: { [key: string]: string };
  /** The governing headless Service (`clusterIP: None`, `publishNotReadyAddresses: true`). */
  readonly headlessService: Service;
  /** The ClusterIP Service clients connect to. */
  readonly service: Service;
  /** The StatefulSet, with its volumeClaimTemplates. */
  readonly statefulSet: StatefulSet;
  /** Present when replicas > 1. */
  readonly podDisruptionBudget?: PodDisruptionBudget;
  /** The engine's scripts (`{name}-scripts`), when its preset runs any. */
  readonly configMap?: ConfigMap;
  /** `{name}-primary`: selects pod 0 only, for engines whose pod 0 is the primary. */
  readonly primaryService?: Service;
  /** `{name}-read`: selects every pod, for engines whose pod 0 is the primary. */
  readonly readService?: Service;
  /** The engine preset's name (`postgresql`...), when one is used. */
  readonly engineName?: string;
  /** Where the engine keeps its data (`PGDATA`...), on the data volume, when a preset is used. */
  readonly dataDirectory?: string;
  /** The Secret the engine reads its credentials from, when it has any. */
  readonly credentialsSecretName?: string;
  /** Where writes go: the primary Service, or the client Service of a single-primary engine. */
  readonly primaryHost?: string;
  /** Where reads may go: the read Service, or the client Service. */
  readonly readHost?: string;
  /** The engine's connection URI or connect string (no password), when it has one. */
  readonly connectionString?: string;
  /** The ServiceAccount `{name}`, with `serviceAccount`. */
  readonly serviceAccount?: ServiceAccount;
  /** The PodMonitor `{name}`, with `metrics.podMonitor`. */
  readonly podMonitor?: PodMonitor;
  /** The generated engine configuration (`{name}-config`), when `config` renders a file. */
  readonly engineConfigMap?: ConfigMap;
  /** The NetworkPolicy `{name}`, unless `networkPolicy.enabled` is false. */
  readonly networkPolicy?: NetworkPolicy;
  /** The first-initialization scripts (`{name}-initdb`), with `initScripts.files`. */
  readonly initScriptsConfigMap?: ConfigMap;
  /** The backup claim (unless `backup.storage.existingClaimName`), scripts and CronJobs, with `backup`. */
  readonly backup?: RenderedBackup;
  /** The cert-manager Certificate `{name}-tls`, with `tls.issuerRef`. */
  readonly certificate?: Certificate;
  /** The `kubernetes.io/tls` Secret the server's certificate is read from, with `tls`. */
  readonly tlsSecretName?: string;
  /** All objects, in the order they are emitted. */
  readonly objects: ReadonlyArray<Service | StatefulSet | PodDisruptionBudget | ConfigMap | ServiceAccount | PodMonitor | NetworkPolicy | PersistentVolumeClaim | CronJob | Certificate>;
}

/** Every key of {@link StatefulDatabaseProps}; the compiler checks that none is missing. */
const STATEFUL_DATABASE_PROP_KEYS = [
  ...WORKLOAD_PROP_KEYS,
  ...(['engine', 'image', 'port', 'replicas', 'storage', 'podManagementPolicy', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'config', 'initScripts', 'networkPolicy', 'backup', 'tls'] as const),
] satisfies readonly (keyof StatefulDatabaseProps)[];
/** Fails to compile when StatefulDatabaseProps gains a prop the list above does not have. */
const STATEFUL_DATABASE_KEYS_COMPLETE: Exclude<keyof StatefulDatabaseProps, (typeof STATEFUL_DATABASE_PROP_KEYS)[number]> extends never ? true : never = true;
void STATEFUL_DATABASE_KEYS_COMPLETE;

const MAX_STATEFULSET_NAME = 52;
/** The most pods one StatefulDatabase may have. */
export const MAX_REPLICAS = 10000;

/**
 * Validates the props, applies defaults, and builds the objects.
 * @throws ValidationError naming the first invalid prop
 */
export function buildStatefulDatabase(props: StatefulDatabaseProps, context: ScopeContext): StatefulDatabaseModel {
  const scope = context.path;
  checkPropsObject(scope, 'StatefulDatabase', props, STATEFUL_DATABASE_PROP_KEYS, "{ engine: DatabaseEngine.postgres() } or { image, port, storage: { size: '10Gi', mountPath: '/data' } }");
  const nameRule = { maxNameLength: MAX_STATEFULSET_NAME, maxNameLengthReason: STATEFULSET_NAME_REASON };
  const identity = resolveIdentity(props, context, nameRule);
  const replicas = resolveReplicas(scope, props.replicas);
  const headlessServiceName = `${identity.name}-headless`;
  const podNames = Array.from({ length: replicas }, (_, ordinal) => `${identity.name}-${ordinal}`);
  const podDnsNames = podNames.map((pod) => podDnsName(pod, headlessServiceName, identity.dnsNamespace, identity.clusterDomain));

  const userStorage = validate.object(scope, 'storage', props.storage);
  const userMountPath = userStorage.mountPath;
  const tls = resolveTls(scope, identity.name, props.tls);
  const presetWithoutTls: EnginePreset | undefined = props.engine === undefined ? undefined : enginePreset(scope, props.engine, {
    scope,
    name: identity.name,
    replicas,
    headlessServiceName,
    podDomain: serviceHost(headlessServiceName, identity.dnsNamespace, identity.clusterDomain),
    podDnsNames,
    port: props.port,
    mountPath: userMountPath === undefined ? undefined : validate.mountPath(scope, 'storage.mountPath', userMountPath),
    volumeName: validate.dns1123Label(scope, 'storage.volumeName', userStorage.volumeName ?? 'data'),
  });
  const engineName = props.engine?.engineName ?? 'database';
  if (!presetWithoutTls && tls?.files.required) {
    validate.fail(scope, 'tls.required', true, 'needs an engine preset, which configures the server to refuse clients without TLS; without one, configure your server through args or config files');
  }
  const preset = presetWithoutTls && presetWithTls(scope, engineName, presetWithoutTls, tls);
  const settings = engineSettings(scope, engineName, identity.name, preset, props.config, props.initScripts);
  const userEnv = validate.object(scope, 'env', props.env);
  for (const variable of Object.keys(settings.env)) {
    if (variable in userEnv) {
      validate.fail(scope, `env['${variable}']`, '(given)', 'is also set through config; give the setting once, in config');
    }
  }
  const presetWithSettings: EnginePreset | undefined = preset && {
    ...preset,
    props: {
      ...preset.props,
      ...(preset.props.args !== undefined || settings.args.length > 0 ? { args: [...(preset.props.args ?? []), ...settings.args] } : {}),
      env: { ...preset.props.env, ...settings.env },
    },
  };
  const merged: StatefulDatabaseProps = presetWithSettings ? withPreset(scope, engineName, presetWithSettings, props) : props;
  const exporter = presetExporter(scope, engineName, preset, merged);
  const withExporter: StatefulDatabaseProps = exporter ? exporter.props : merged;
  const effective = preset?.tlsReload ? withTlsReload(scope, withExporter, preset.tlsReload) : withExporter;

  const w = resolveWorkload(effective, context, {
    pattern: 'stateful-database',
    containerName: 'database',
    component: 'database',
    portName: 'db',
    ...nameRule,
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    terminationGracePeriodSeconds: 60,
    startupFailureThreshold: 60,
    topologySpread: [],
    spreadMatchLabelKeys: [],
  });
  const podManagementPolicy = validate.oneOf(scope, 'podManagementPolicy', effective.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY, PodManagementPolicy);
  const updateStrategy = effective.updateStrategy ?? StatefulSetUpdateStrategy.rollingUpdate();
  if (!(updateStrategy instanceof StatefulSetUpdateStrategy)) {
    validate.fail(scope, 'updateStrategy', updateStrategy, 'is not a StatefulSetUpdateStrategy; use StatefulSetUpdateStrategy.rollingUpdate() or .onDelete()');
  }
  const retention = validate.object(scope, 'persistentVolumeClaimRetentionPolicy', effective.persistentVolumeClaimRetentionPolicy);
  const whenDeleted = validate.oneOf(
    scope,
    'persistentVolumeClaimRetentionPolicy.whenDeleted',
    retention.whenDeleted ?? PersistentVolumeClaimRetentionPolicyType.RETAIN,
    PersistentVolumeClaimRetentionPolicyType,
  );
  const whenScaled = validate.oneOf(
    scope,
    'persistentVolumeClaimRetentionPolicy.whenScaled',
    retention.whenScaled ?? PersistentVolumeClaimRetentionPolicyType.RETAIN,
    PersistentVolumeClaimRetentionPolicyType,
  );
  const claimTemplate = renderClaimTemplate(w, effective.storage, preset?.dataFormat);
  const volumeName = claimTemplate.metadata!.name!;
  const scripts = [...(preset?.scripts ?? []), ...(exporter?.scripts ?? [])];
  const files = preset?.files || exporter?.files ? { ...preset?.files, ...exporter?.files } : undefined;
  const configMap = scripts.length > 0 || files ? renderScripts(w, scripts, files) : undefined;
  const engineConfigMap = settings.configData && settingsConfigMap(w.metadata(`${w.name}-config`), settings.configData);
  const initScriptsConfigMap = settings.initdbData && settingsConfigMap(w.metadata(`${w.name}-initdb`), settings.initdbData);
  const dataVolume: PodVolume = { prop: 'storage.mountPath', mount: { name: volumeName, mountPath: effective.storage!.mountPath! } };
  const volumes: PodVolume[] = [dataVolume, ...(preset?.extraVolumes ?? []), ...(exporter?.volumes ?? []), ...(configMap ? [scriptsVolume(configMap)] : []), ...settings.volumes, ...(tls ? [tlsVolume(tls, preset?.tlsCa ?? false)] : [])];
  const extraPorts = [...(preset?.extraPorts ?? []), ...(exporter?.ports ?? [])];
  const template = w.podTemplate(volumes, {
    ports: extraPorts,
    // A change to a script or to the generated configuration changes the template, so pods roll onto it.
    annotations: {
      ...(configMap ? { [SCRIPTS_CHECKSUM_ANNOTATION]: checksum(configMap.data!) } : {}),
      ...(engineConfigMap ? { [ENGINE_CONFIG_CHECKSUM_ANNOTATION]: checksum(engineConfigMap.data!) } : {}),
    },
  });
  assertDataOnVolume(scope, dataVolume.mount.mountPath, template, preset?.dataDirectory);

  const serviceName = w.name;
  const headlessService = renderService(w, { name: headlessServiceName, headless: true, extraPorts });
  const service = renderService(w, { name: serviceName, client: w.clientService });
  const podZeroPrimary = preset?.roles === 'pod-zero-primary';
  const primaryService = podZeroPrimary
    ? renderService(w, { name: `${w.name}-primary`, extraSelector: { [POD_NAME_LABEL]: `${w.name}-0` } })
    : undefined;
  const readService = podZeroPrimary ? renderService(w, { name: `${w.name}-read` }) : undefined;
  const upgrade = preset?.dataUpgrade;
  const statefulSetAnnotations = {
    ...(upgrade && { [DATA_UPGRADE_ANNOTATION]: upgradeAnnotation(upgrade.fromFormat, upgrade.description) }),
    ...(preset?.peerAuthentication && { [PEER_AUTHENTICATION_ANNOTATION]: preset.peerAuthentication }),
  };
  const statefulSetMetadata = w.metadata(w.name, Object.keys(statefulSetAnnotations).length > 0 ? { annotations: statefulSetAnnotations } : undefined);
  const statefulSet: StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: statefulSetMetadata,
    spec: {
      replicas,
      serviceName: headlessServiceName,
      selector: { matchLabels: { ...w.labels.selector } },
      podManagementPolicy,
      updateStrategy: updateStrategy._render(scope),
      persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled },
      revisionHistoryLimit: w.revisionHistoryLimit,
      minReadySeconds: w.minReadySeconds,
      template,
      volumeClaimTemplates: [claimTemplate],
    },
  };
  const certificate = renderCertificate(
    w.metadata(`${w.name}-tls`),
    tls,
    certificateDnsNames(
      [service, primaryService, readService].flatMap((svc) => (svc ? [svc.metadata!.name!] : [])),
      headlessServiceName,
      w.dnsNamespace,
      w.clusterDomain,
    ),
    preset?.tlsClientAuth,
  );
  const podDisruptionBudget = replicas > 1 ? renderDisruptionBudget(w, UnhealthyPodEvictionPolicy.IF_HEALTHY_BUDGET) : undefined;
  const podMonitor = renderPodMonitor(w, effective.metrics, extraPorts.map((p) => p.name));
  const networkPolicy = renderNetworkPolicy(scope, props.networkPolicy, {
    metadata: w.metadata(w.name),
    selector: w.labels.selector,
    headlessService,
    clientService: service,
    metricsPort: effective.metrics?.port,
    // The backup and restore pods reach the server on the client ports whatever allowFrom admits.
    ...(props.backup === undefined ? {} : { backupSelector: backupSelector(w) }),
  });
  const backup = renderBackup(w, props.backup, preset?.logicalBackup, {
    // The Service's short name (the jobs run in the database's namespace): the primary's, where
    // the roles are by pod.
    host: (primaryService ?? service).metadata!.name!,
    ...(replicas > 1 ? { replicaHost: podDnsNames[replicas - 1] } : {}),
    port: w.port,
    pod: template.spec!,
    credentialsSecretName: preset?.credentialsSecretName ?? '',
    dataSize: claimTemplate.spec!.resources!.requests!.storage as string,
  });
  const objects = [
    ...(w.serviceAccount ? [w.serviceAccount] : []),
    ...(configMap ? [configMap] : []),
    ...(engineConfigMap ? [engineConfigMap] : []),
    ...(initScriptsConfigMap ? [initScriptsConfigMap] : []),
    headlessService,
    service,
    ...(primaryService ? [primaryService] : []),
    ...(readService ? [readService] : []),
    statefulSet,
    ...(podDisruptionBudget ? [podDisruptionBudget] : []),
    ...(podMonitor ? [podMonitor] : []),
    ...(certificate ? [certificate] : []),
    ...(networkPolicy ? [networkPolicy] : []),
    ...(backup ? [...(backup.claim ? [backup.claim] : []), backup.scripts, backup.backupCronJob, backup.restoreCronJob] : []),
  ];
  assertObjectSizes(scope, objects);
  const host = serviceHost(serviceName, w.dnsNamespace, w.clusterDomain);
  const hostOf = (svc: Service | undefined) => svc && serviceHost(svc.metadata!.name!, w.dnsNamespace, w.clusterDomain);
  return {
    name: w.name,
    namespace: w.namespace,
    headlessServiceName,
    serviceName,
    replicas,
    port: w.port,
    podNames,
    clusterDomain: w.clusterDomain,
    podDnsNames,
    host,
    selectorLabels: { ...w.labels.selector },
    headlessService,
    service,
    statefulSet,
    podDisruptionBudget,
    configMap,
    primaryService,
    readService,
    engineName: props.engine?.engineName,
    dataDirectory: preset?.dataDirectory,
    credentialsSecretName: preset?.credentialsSecretName,
    primaryHost: hostOf(primaryService) ?? (preset?.roles === 'single-primary' ? host : undefined),
    readHost: hostOf(readService) ?? (preset ? host : undefined),
    connectionString: preset?.connectionString?.(hostOf(primaryService) ?? host, w.port),
    serviceAccount: w.serviceAccount,
    engineConfigMap,
    initScriptsConfigMap,
    podMonitor,
    networkPolicy,
    backup,
    certificate,
    tlsSecretName: tls?.secretName,
    objects,
  };
}

/** The label the StatefulSet controller puts on each pod with its name. */
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** Pod annotation holding the SHA-256 of the generated engine configuration file. */
const ENGINE_CONFIG_CHECKSUM_ANNOTATION = 'kube-patterns.io/engine-config-sha256';
/** Pod annotation holding the SHA-256 of the engine scripts. */
const SCRIPTS_CHECKSUM_ANNOTATION = 'kube-patterns.io/scripts-sha256';
const STATEFULSET_NAME_REASON =
  " for a StatefulSet: each pod gets the label controller-revision-hash='{name}-{10-character hash}', and label values are limited to 63 characters";

function resolveReplicas(scope: string, given: number | undefined): number {
  const replicas = validate.integer(scope, 'replicas', given ?? 1, 0);
  if (replicas > MAX_REPLICAS) {
    validate.fail(
      scope,
      'replicas',
      replicas,
      `is more than ${MAX_REPLICAS}, the most one StatefulDatabase supports: every pod is named and given a DNS name at synth time; shard larger fleets into several databases`,
    );
  }
  return replicas;
}

function enginePreset(scope: string, engine: IDatabaseEngine, ctx: Parameters<IDatabaseEngine['_preset']>[0]): EnginePreset {
  if (engine === null || typeof engine !== 'object' || typeof engine._preset !== 'function') {
    validate.fail(scope, 'engine', engine, 'is not a database engine; use DatabaseEngine.postgres(), .mysql(), .mariadb(), .mongodb(), .redis(), .zookeeper(), .kafka() or .cassandra()');
  }
  return engine._preset(ctx);
}

/**
 * The data must live on the claim: the engine's data directory lies on the data volume's mount,
 * and no other volume (a writable path, a user's volume) is mounted inside the data volume,
 * where it would hide part of the data behind an empty directory.
 */
function assertDataOnVolume(scope: string, dataMount: string, template: PodTemplateSpec, dataDirectory: string | undefined): void {
  const inside = (path: string) => path === dataMount || path.startsWith(`${dataMount.replace(/\/+$/, '')}/`);
  if (dataDirectory !== undefined && !inside(dataDirectory)) {
    validate.fail(scope, 'storage.mountPath', dataMount, `does not contain the engine's data directory ${dataDirectory}; the data would be written to the container's file system and lost with the pod`);
  }
  for (const mount of template.spec!.containers[0].volumeMounts ?? []) {
    if (mount.mountPath !== dataMount && inside(mount.mountPath)) {
      validate.fail(
        scope,
        mount.name.startsWith('writable-') ? 'securityContext.writablePaths' : `volume '${mount.name}'`,
        mount.mountPath,
        `is inside the data volume mounted at ${dataMount}; a volume there would hide that part of the data (an emptyDir starts empty with every pod), so choose a path outside ${dataMount}`,
      );
    }
  }
}

/**
 * With `metrics` and no port on a preset that has an exporter: the props with the exporter
 * sidecar first among the sidecars, the init container that prepares its credentials file (on the
 * database's image) first among the init containers, and `metrics.port` set to its port; plus the
 * scripts and the volume that need. For a server's built-in metrics: its variables in env and its
 * port among the database container's extra ports. For a Java agent: the same, and the init
 * container that fetches the agent from `metrics.mavenRepository`, first among the init containers.
 * @throws ValidationError for `metrics` without a port on a preset without exporter, or without
 *   a preset; `exporterImage` or `mavenRepository` beside a port of the user's, `exporterImage`
 *   without a sidecar to replace, `mavenRepository` without a Java agent or not an HTTP URL
 */
function presetExporter(
  scope: string,
  engineName: string,
  preset: EnginePreset | undefined,
  props: StatefulDatabaseProps,
): { props: StatefulDatabaseProps; scripts: string[]; files?: { readonly [name: string]: string }; volumes: PodVolume[]; ports?: ExtraPort[] } | undefined {
  if (props.metrics === undefined) return undefined;
  const metrics = validate.record(scope, 'metrics', props.metrics);
  if (metrics.port !== undefined) {
    if (metrics.exporterImage !== undefined) {
      validate.fail(scope, 'metrics.exporterImage', metrics.exporterImage, "replaces the preset's exporter, which a metrics.port of your own turns off; remove one of them");
    }
    if (metrics.mavenRepository !== undefined) {
      validate.fail(scope, 'metrics.mavenRepository', metrics.mavenRepository, "is where the preset's exporter agent comes from, which a metrics.port of your own turns off; remove one of them");
    }
    return undefined;
  }
  if (preset === undefined) return undefined; // renderPodMonitor says the port is required
  const exporter = preset.exporter;
  if (exporter === undefined) {
    validate.fail(scope, 'metrics.port', undefined, `is required: the ${engineName} preset has no exporter yet; add one in sidecars with a named port and give that name`);
  }
  if (metrics.mavenRepository !== undefined && !('javaAgent' in exporter)) {
    validate.fail(scope, 'metrics.mavenRepository', metrics.mavenRepository, `has nothing to fetch: the ${engineName} preset's exporter is not a Java agent (only the cassandra preset's is)`);
  }
  if ('builtin' in exporter) {
    if (metrics.exporterImage !== undefined) {
      validate.fail(scope, 'metrics.exporterImage', metrics.exporterImage, `has nothing to replace: the ${engineName} server serves its metrics itself, without an exporter sidecar`);
    }
    return {
      props: { ...props, metrics: { ...metrics, port: METRICS_PORT_NAME }, env: { ...exporter.builtin.env, ...props.env } },
      scripts: [],
      volumes: [],
      ports: [{ name: METRICS_PORT_NAME, containerPort: exporter.builtin.containerPort }],
    };
  }
  if ('javaAgent' in exporter) {
    if (metrics.exporterImage !== undefined) {
      validate.fail(scope, 'metrics.exporterImage', metrics.exporterImage, `has nothing to replace: the ${engineName} preset's exporter is a Java agent the server loads, fetched from a Maven repository; set metrics.mavenRepository for a mirror`);
    }
    const agent = exporter.javaAgent;
    const repository = validate.httpUrl(scope, 'metrics.mavenRepository', metrics.mavenRepository ?? MAVEN_CENTRAL, 'https://nexus.example.com/repository/maven-central').replace(/\/+$/, '');
    const fetch = onDatabaseImage({ ...agent.fetch, env: { ...agent.fetch.env, KP_AGENT_URL: EnvValue.fromValue(`${repository}/${agent.mavenPath}`) } }, props.image!, props.imagePullPolicy);
    return {
      props: {
        ...props,
        metrics: { ...metrics, port: METRICS_PORT_NAME },
        env: { ...agent.env, ...props.env },
        initContainers: [fetch, ...validate.list(scope, 'initContainers', props.initContainers)],
      },
      scripts: [...agent.scripts],
      files: agent.files,
      volumes: [],
      ports: [{ name: METRICS_PORT_NAME, containerPort: agent.containerPort }],
    };
  }
  const image = metrics.exporterImage === undefined ? exporter.sidecar.image : validate.image(scope, 'metrics.exporterImage', metrics.exporterImage);
  const prepare = exporter.prepare && exporterCredentialsInit(props.image!, props.imagePullPolicy, exporter.prepare);
  return {
    props: {
      ...props,
      metrics: { ...metrics, port: METRICS_PORT_NAME },
      sidecars: [{ ...exporter.sidecar, image }, ...validate.list(scope, 'sidecars', props.sidecars)],
      ...(prepare ? { initContainers: [prepare, ...validate.list(scope, 'initContainers', props.initContainers)] } : {}),
    },
    scripts: prepare ? ['exporter-credentials.sh'] : [],
    volumes: prepare
      ? [
          {
            prop: 'metrics (exporter credentials)',
            volume: { name: 'exporter-credentials', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
            mount: { name: 'exporter-credentials', mountPath: EXPORTER_CREDENTIALS_DIR, readOnly: true },
          },
        ]
      : [],
  };
}

function renderScripts(w: ResolvedWorkload, scripts: readonly string[], files: { readonly [name: string]: string } = {}): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: w.metadata(`${w.name}-scripts`),
    data: { ...Object.fromEntries(scripts.map((file) => [file, scriptText(file)])), ...files },
  };
}

function scriptsVolume(configMap: ConfigMap): PodVolume {
  return {
    prop: 'engine (scripts)',
    volume: { name: 'scripts', configMap: { name: configMap.metadata!.name!, defaultMode: 0o555 } },
    mount: { name: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
  };
}

function checksum(data: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(data).sort()) {
    hash.update(key).update('\0').update(data[key]).update('\0');
  }
  return hash.digest('hex');
}

function renderClaimTemplate(w: ResolvedWorkload, storage: StorageProps | undefined, dataFormat: string | undefined): PersistentVolumeClaim {
  const scope = w.scope;
  if (storage === undefined) {
    validate.fail(scope, 'storage', storage, "is required without an engine: give at least { size: '10Gi', mountPath: '/data' }");
  }
  validate.object(scope, 'storage', storage);
  validate.knownKeys(scope, 'storage', storage, ['size', 'mountPath', 'storageClassName', 'accessModes', 'volumeName', 'labels', 'annotations']);
  if (storage.size === undefined) {
    validate.fail(scope, 'storage.size', storage.size, "is required without an engine: give the capacity of each pod's claim, e.g. '10Gi'");
  }
  const size = validate.positiveQuantity(scope, 'storage.size', storage.size);
  validate.mountPath(scope, 'storage.mountPath', storage.mountPath);
  const volumeName = validate.dns1123Label(scope, 'storage.volumeName', storage.volumeName ?? 'data');
  const accessModes = storage.accessModes ?? [AccessMode.READ_WRITE_ONCE];
  if (!Array.isArray(accessModes) || accessModes.length === 0) {
    validate.fail(scope, 'storage.accessModes', accessModes, "must list at least one access mode, usually ['ReadWriteOnce']");
  }
  accessModes.forEach((mode, i) => validate.oneOf(scope, `storage.accessModes[${i}]`, mode, AccessMode));
  if (new Set(accessModes).size !== accessModes.length) {
    validate.fail(scope, 'storage.accessModes', accessModes, 'lists an access mode twice');
  }
  if (accessModes.includes(AccessMode.READ_WRITE_ONCE_POD) && accessModes.length > 1) {
    validate.fail(scope, 'storage.accessModes', accessModes, "combines ReadWriteOncePod with other modes, which the API server refuses for a claim (every pod would fail with FailedCreate); use ['ReadWriteOncePod'] alone");
  }
  if (accessModes.every((mode) => mode === AccessMode.READ_ONLY_MANY)) {
    validate.fail(scope, 'storage.accessModes', accessModes, "gives each pod a read-only volume, but a database writes its data; use ['ReadWriteOnce']");
  }
  validate.storageClassName(scope, 'storage.storageClassName', storage.storageClassName);
  const annotations = validate.annotations(scope, 'storage.annotations', storage.annotations);
  if (DATA_FORMAT_ANNOTATION in annotations) {
    validate.fail(scope, `storage.annotations['${DATA_FORMAT_ANNOTATION}']`, annotations[DATA_FORMAT_ANNOTATION], 'is set by the engine preset: it records the on-disk format of the data');
  }
  if (dataFormat !== undefined) {
    annotations[DATA_FORMAT_ANNOTATION] = dataFormat;
  }
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: volumeName,
      labels: { ...validate.labels(scope, 'storage.labels', storage.labels), ...w.labels.selector },
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
    },
    spec: {
      accessModes: [...accessModes],
      ...(storage.storageClassName === undefined ? {} : { storageClassName: storage.storageClassName }),
      resources: { requests: { storage: size } },
    },
  };
}
