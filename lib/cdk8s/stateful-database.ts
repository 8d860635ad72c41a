import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { buildStatefulDatabase, MAX_REPLICAS, StatefulDatabaseProps } from '../core/stateful-database';
import { PodSelectingConstruct } from './pod-selector';
import { emit, scopeContext } from './scope';

/**
 * A stateful server (PostgreSQL, MySQL, Redis, Kafka...) as a cdk8s construct: a StatefulSet
 * whose pods `{name}-0..N-1` each get their own PersistentVolumeClaim from a
 * volumeClaimTemplate and a stable DNS name from the governing headless Service, plus a client
 * Service and, for more than one replica, a PodDisruptionBudget.
 *
 * Names are deterministic (`props.name` or the construct id, no hash suffix), so DNS names are
 * known at synth time.
 *
 * Implements cdk8s-plus-28's `IPodSelector` and `INetworkPolicyPeer`: pass it to
 * `kplus.NetworkPolicy` rules or `workload.connections.allowTo(db)`.
 *
 * @throws ValidationError at construction when a prop is invalid
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulDatabase extends PodSelectingConstruct {
  /** The most pods one StatefulDatabase may have (`replicas`); more is refused at synth time. */
  public static readonly MAX_REPLICAS = MAX_REPLICAS;

  /** `metadata.name` of the StatefulSet, also the client Service's name. */
  public readonly name: string;
  /** The namespace of every object, when one is set (by props or the chart). */
  public readonly namespace?: string;
  /** The governing headless Service's name, the StatefulSet's `spec.serviceName`: `{name}-headless`. */
  public readonly headlessServiceName: string;
  /** The client Service's name: `{name}`. */
  public readonly serviceName: string;
  /** Number of pods. */
  public readonly replicas: number;
  /** The server port, on the pods and on both Services. */
  public readonly port: number;
  /** Pod names: `{name}-0` ... `{name}-{replicas-1}`. */
  public readonly podNames: string[];
  /** Stable pod DNS names: `{name}-{i}.{name}-headless.{namespace}.svc.cluster.local`. */
  public readonly podDnsNames: string[];
  /** The client Service's DNS name: `{name}.{namespace}.svc.cluster.local`. */
  public readonly host: string;
  /** The labels that select this database's pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** The governing headless Service (`clusterIP: None`). */
  public readonly headlessService: ApiObject;
  /** The ClusterIP Service applications connect to. */
  public readonly service: ApiObject;
  /** The StatefulSet. */
  public readonly statefulSet: ApiObject;
  /** The PodDisruptionBudget (`maxUnavailable: 1`), present when replicas > 1. */
  public readonly podDisruptionBudget?: ApiObject;
  /** The ConfigMap of the engine's scripts (`{name}-scripts`), when its preset runs any. */
  public readonly configMap?: ApiObject;
  /** `{name}-primary`, selecting pod 0 only, for engines whose pod 0 is the primary (Redis, MongoDB replica sets). */
  public readonly primaryService?: ApiObject;
  /** `{name}-read`, selecting every pod, for engines whose pod 0 is the primary. */
  public readonly readService?: ApiObject;
  /** Where writes go: the primary Service's DNS name, or `host` for a single-primary engine; undefined without roles. */
  public readonly primaryHost?: string;
  /** Where reads may go: the read Service's DNS name, or `host`; undefined without an engine. */
  public readonly readHost?: string;
  /** The engine's connection URI or connect string, without password (e.g. `postgresql://postgres@host:5432/postgres`). */
  public readonly connectionString?: string;
  /** The ServiceAccount `{name}`, with `serviceAccount`. */
  public readonly serviceAccount?: ApiObject;
  /** The PodMonitor `{name}` (`monitoring.coreos.com/v1`), with `metrics.podMonitor`. */
  public readonly podMonitor?: ApiObject;
  /** The generated engine configuration (`{name}-config`), when `config` renders a file. */
  public readonly engineConfigMap?: ApiObject;
  /** The first-initialization scripts (`{name}-initdb`), with `initScripts.files`. */
  public readonly initScriptsConfigMap?: ApiObject;
  /** The NetworkPolicy `{name}` (see `networkPolicy`), unless `networkPolicy.enabled` is false. */
  public readonly networkPolicy?: ApiObject;
  /** The backup claim `{name}-backups` (unless `backup.storage.existingClaimName`), with `backup`. */
  public readonly backupClaim?: ApiObject;
  /** The CronJob `{name}-backup`, with `backup`. */
  public readonly backupCronJob?: ApiObject;
  /** The suspended CronJob `{name}-restore`, the restore's Job template, with `backup`. */
  public readonly restoreCronJob?: ApiObject;
  /** The cert-manager Certificate `{name}-tls` (`cert-manager.io/v1`), with `tls.issuerRef`. */
  public readonly certificate?: ApiObject;
  /** The `kubernetes.io/tls` Secret the server's certificate is read from, with `tls`; its `ca.crt` (cert-manager writes one) is what clients verify the server with. */
  public readonly tlsSecretName?: string;

  /**
   * @param scope the parent construct, inside a cdk8s Chart
   * @param id the construct id, also the default name
   * @param props an engine preset, or image, port and storage; see {@link StatefulDatabaseProps}
   * @throws ValidationError when a prop is invalid
   */
  public constructor(scope: Construct, id: string, props: StatefulDatabaseProps) {
    super(scope, id);
    const model = buildStatefulDatabase(props, scopeContext(this, id));
    this.name = model.name;
    this.namespace = model.namespace;
    this.headlessServiceName = model.headlessServiceName;
    this.serviceName = model.serviceName;
    this.replicas = model.replicas;
    this.port = model.port;
    this.podNames = model.podNames;
    this.podDnsNames = model.podDnsNames;
    this.host = model.host;
    this.selectorLabels = model.selectorLabels;
    this.primaryHost = model.primaryHost;
    this.readHost = model.readHost;
    this.connectionString = model.connectionString;
    this.serviceAccount = model.serviceAccount && emit(this, 'ServiceAccount', model.serviceAccount);
    this.configMap = model.configMap && emit(this, 'Scripts', model.configMap);
    this.engineConfigMap = model.engineConfigMap && emit(this, 'EngineConfig', model.engineConfigMap);
    this.initScriptsConfigMap = model.initScriptsConfigMap && emit(this, 'InitScripts', model.initScriptsConfigMap);
    this.headlessService = emit(this, 'HeadlessService', model.headlessService);
    this.service = emit(this, 'Service', model.service);
    this.primaryService = model.primaryService && emit(this, 'PrimaryService', model.primaryService);
    this.readService = model.readService && emit(this, 'ReadService', model.readService);
    this.statefulSet = emit(this, 'StatefulSet', model.statefulSet);
    this.podDisruptionBudget = model.podDisruptionBudget && emit(this, 'PodDisruptionBudget', model.podDisruptionBudget);
    this.podMonitor = model.podMonitor && emit(this, 'PodMonitor', model.podMonitor);
    this.certificate = model.certificate && emit(this, 'Certificate', model.certificate);
    this.tlsSecretName = model.tlsSecretName;
    this.networkPolicy = model.networkPolicy && emit(this, 'NetworkPolicy', model.networkPolicy);
    if (model.backup) {
      this.backupClaim = model.backup.claim && emit(this, 'BackupClaim', model.backup.claim);
      emit(this, 'BackupScripts', model.backup.scripts);
      this.backupCronJob = emit(this, 'BackupCronJob', model.backup.backupCronJob);
      this.restoreCronJob = emit(this, 'RestoreCronJob', model.backup.restoreCronJob);
    }
  }
}
