/**
 * StatefulDatabase in the Pulumi component package (`kube-patterns:index:StatefulDatabase`):
 * args as plain data, so that every Pulumi language and Pulumi YAML can give them; the resources
 * are those of the TypeScript class, built by the same function.
 */
import * as pulumi from '@pulumi/pulumi';
import type { BackupProps } from '../../core/backup';
import { StatefulSetUpdateStrategy } from '../../core/stateful-database';
import type { PersistentVolumeClaimRetentionPolicy, PodManagementPolicy, StorageProps } from '../../core/stateful-database';
import type { DatabaseTlsProps } from '../../core/tls';
import type { InitScripts } from '../../core/engines/settings';
import * as validate from '../../core/validate';
import { createStatefulDatabase, STATEFUL_DATABASE_TYPE, statefulDatabaseOutputs, StatefulDatabaseArgs as ClassArgs, StatefulSetDeletion } from '../stateful-database';
import { EngineSpec, engineFromSpec } from './engine-spec';
import { NetworkPeerSpec, networkPeerFromSpec } from './network-peer-spec';
import { checkKindParameters, eachSpec, KindParameter, optional } from './data';
import { WorkloadPackageArgs, workloadArgsFromData } from './workload-args';

/** How the StatefulSet replaces its pods (`spec.updateStrategy.type`). */
export enum UpdateStrategyType {
  /** Replace pods one at a time, from the highest ordinal down to `partition`. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Replace a pod only when it is deleted. */
  ON_DELETE = 'OnDelete',
}

/**
 * The StatefulSet's update strategy as data (see `StatefulSetUpdateStrategy`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
 */
export interface UpdateStrategySpec {
  /** The strategy. */
  readonly type: UpdateStrategyType;
  /**
   * `RollingUpdate` only: only pods with an ordinal >= partition are updated.
   * @default 0
   */
  readonly partition?: number;
}

/**
 * The NetworkPolicy as data (see `DatabaseNetworkPolicyProps`).
 */
export interface NetworkPolicySpec {
  /**
   * Whether to create the NetworkPolicy at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The clients admitted on the client ports.
   * @default - the same namespace (for ZooKeeper, Kafka and Cassandra without authentication too)
   */
  readonly allowFrom?: NetworkPeerSpec[];
  /**
   * The scrapers admitted on the metrics port.
   * @default - the clients in `allowFrom`'s default
   */
  readonly metricsFrom?: NetworkPeerSpec[];
}

/**
 * Args of the package's StatefulDatabase: the props of the TypeScript class, as plain data.
 * What only TypeScript has: another instance as a network peer (`NetworkPeer.pods(db)`; give its
 * `selectorLabels` output as a `pods` peer instead).
 */
export interface StatefulDatabasePackageArgs extends WorkloadPackageArgs {
  /**
   * The engine preset: its image, port, probes, credentials and replication.
   * @default - none: give `image` and `port`
   */
  readonly engine?: EngineSpec;
  /**
   * The container image (see `StatefulDatabaseProps.image`).
   * @default - the engine's image
   */
  readonly image?: string;
  /**
   * The server port (see `StatefulDatabaseProps.port`).
   * @default - the engine's port
   */
  readonly port?: number;
  /**
   * Number of pods, `{name}-0` ... `{name}-{replicas-1}`.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The per-pod claim template (see `StorageProps`).
   * @default - 10Gi ReadWriteOnce of the default StorageClass
   */
  readonly storage?: StorageProps;
  /**
   * `spec.podManagementPolicy`.
   * @default - the engine's, or OrderedReady
   */
  readonly podManagementPolicy?: PodManagementPolicy;
  /**
   * `spec.updateStrategy`.
   * @default - RollingUpdate with partition 0
   */
  readonly updateStrategy?: UpdateStrategySpec;
  /**
   * `spec.persistentVolumeClaimRetentionPolicy`.
   * @default - Retain when deleted and when scaled
   */
  readonly persistentVolumeClaimRetentionPolicy?: PersistentVolumeClaimRetentionPolicy;
  /**
   * Engine settings, by name, as strings (see `StatefulDatabaseProps.config`).
   * @default - the preset's
   */
  readonly config?: { [setting: string]: string };
  /**
   * First-initialization scripts (see `StatefulDatabaseProps.initScripts`).
   * @default - none
   */
  readonly initScripts?: InitScripts;
  /**
   * The NetworkPolicy (see `StatefulDatabaseProps.networkPolicy`).
   * @default - created, admitting the same namespace
   */
  readonly networkPolicy?: NetworkPolicySpec;
  /**
   * Scheduled logical backups (see `StatefulDatabaseProps.backup`).
   * @default - none
   */
  readonly backup?: BackupProps;
  /**
   * TLS for client connections (see `StatefulDatabaseProps.tls`).
   * @default - none
   */
  readonly tls?: DatabaseTlsProps;
  /**
   * The engine's credentials by Secret key, as Pulumi secrets (see the class's `credentials`).
   * @default - no Secret is created; the engine's Secret must exist
   */
  readonly credentials?: { [key: string]: pulumi.Input<string> };
  /**
   * How the provider deletes the StatefulSet (see the class's `statefulSetDeletion`).
   * @default StatefulSetDeletion.ORPHAN
   */
  readonly statefulSetDeletion?: StatefulSetDeletion;
}

/**
 * The TypeScript class's args for `args`: engine, probes, update strategy and peers built from
 * their data; everything else passed on, to be validated by the core as the class does.
 * @param scope the component's name, for error messages
 * @throws ValidationError when a data arg is invalid
 */
export function statefulDatabaseArgsFromData(scope: string, args: StatefulDatabasePackageArgs): ClassArgs {
  const { engine, updateStrategy, networkPolicy, ...rest } = validate.record(scope, 'args', args);
  return {
    ...workloadArgsFromData(scope, rest),
    ...optional('engine', engine === undefined ? undefined : engineFromSpec(scope, engine)),
    ...optional('updateStrategy', updateStrategyFromSpec(scope, updateStrategy)),
    ...optional('networkPolicy', networkPolicy === undefined ? undefined : networkPolicyFromSpec(scope, networkPolicy)),
  };
}

/** `partition` belongs to RollingUpdate. */
const UPDATE_STRATEGY_PARAMETERS: ReadonlyArray<KindParameter<UpdateStrategySpec>> = [['partition', [UpdateStrategyType.ROLLING_UPDATE], false]];

function updateStrategyFromSpec(scope: string, args: UpdateStrategySpec | undefined): StatefulSetUpdateStrategy | undefined {
  if (args === undefined) {
    return undefined;
  }
  const given = validate.record(scope, 'updateStrategy', args);
  validate.knownKeys(scope, 'updateStrategy', given, ['type', 'partition']);
  const type = validate.oneOf(scope, 'updateStrategy.type', given.type, UpdateStrategyType);
  checkKindParameters(scope, 'updateStrategy', given, 'type', type, UPDATE_STRATEGY_PARAMETERS);
  return type === UpdateStrategyType.ON_DELETE ? StatefulSetUpdateStrategy.onDelete() : StatefulSetUpdateStrategy.rollingUpdate({ partition: given.partition });
}

function networkPolicyFromSpec(scope: string, args: NetworkPolicySpec): NonNullable<ClassArgs['networkPolicy']> {
  const { allowFrom, metricsFrom, ...rest } = validate.record(scope, 'networkPolicy', args);
  const peers = (prop: string, list: NetworkPeerSpec[] | undefined) => eachSpec(scope, `networkPolicy.${prop}`, list, networkPeerFromSpec);
  return { ...rest, ...optional('allowFrom', peers('allowFrom', allowFrom)), ...optional('metricsFrom', peers('metricsFrom', metricsFrom)) };
}

/**
 * A stateful server (`kube-patterns:index:StatefulDatabase`), for every Pulumi language: the
 * StatefulSet, governing headless Service, client Service, claims and the rest, exactly as the
 * TypeScript `StatefulDatabase` creates them from the same props.
 * @throws ValidationError at construction when an arg is invalid
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulDatabase extends pulumi.ComponentResource {
  /** `metadata.name` of the StatefulSet, also the client Service's name. */
  public readonly name: pulumi.Output<string>;
  /** The namespace DNS names use (`default` when none is set). */
  public readonly namespace: pulumi.Output<string>;
  /** The governing headless Service's name (`spec.serviceName`): `{name}-headless`. */
  public readonly headlessServiceName: pulumi.Output<string>;
  /** The client Service's name: `{name}`. */
  public readonly serviceName: pulumi.Output<string>;
  /** Number of pods. */
  public readonly replicas: pulumi.Output<number>;
  /** The server port. */
  public readonly port: pulumi.Output<number>;
  /** Pod names: `{name}-0` ... `{name}-{replicas-1}`. */
  public readonly podNames: pulumi.Output<string[]>;
  /** Stable pod DNS names: `{name}-{i}.{name}-headless.{namespace}.svc.cluster.local`. */
  public readonly podDnsNames: pulumi.Output<string[]>;
  /** The labels that select this instance's pods (a `pods` network peer's `podLabels`). */
  public readonly selectorLabels: pulumi.Output<{ [key: string]: string }>;
  /** The client Service's DNS name. */
  public readonly host: pulumi.Output<string>;
  /** Where writes go; empty without roles. */
  public readonly primaryHost: pulumi.Output<string | undefined>;
  /** Where reads may go; empty without an engine. */
  public readonly readHost: pulumi.Output<string | undefined>;
  /** The engine's connection URI or connect string, without password; empty without an engine. */
  public readonly connectionString: pulumi.Output<string | undefined>;

  /**
   * @param name the resource name, also the default `metadata.name`
   * @param args the props, as data
   * @param opts Pulumi options (parent, provider, protect...)
   * @throws ValidationError when an arg is invalid
   */
  public constructor(name: string, args: StatefulDatabasePackageArgs, opts?: pulumi.ComponentResourceOptions) {
    super(STATEFUL_DATABASE_TYPE, name, {}, opts);
    const created = createStatefulDatabase(this, name, statefulDatabaseArgsFromData(name, args));
    this.name = pulumi.output(created.name);
    this.namespace = created.namespace;
    this.headlessServiceName = pulumi.output(created.headlessServiceName);
    this.serviceName = pulumi.output(created.serviceName);
    this.replicas = pulumi.output(created.replicas);
    this.port = pulumi.output(created.port);
    this.podNames = pulumi.output(created.podNames);
    this.podDnsNames = created.podDnsNames;
    this.selectorLabels = pulumi.output(created.selectorLabels);
    this.host = created.host;
    this.primaryHost = created.primaryHost;
    this.readHost = created.readHost;
    this.connectionString = created.connectionString;
    this.registerOutputs({ ...statefulDatabaseOutputs(created), selectorLabels: this.selectorLabels });
  }
}
