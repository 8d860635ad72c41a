/**
 * The API of the jsii bindings (Python, Java, Go, .NET): the cdk8s constructs, their props, the
 * engine presets, and every type those reference. It leaves out what jsii cannot carry to other
 * languages: the core's model builders (`buildStatefulDatabase`...), whose results are
 * Kubernetes model types, and the Pulumi components. Free functions and constants, which jsii
 * drops, have static twins here (`KubernetesDns`, `KubernetesLabels`, `Quantity`,
 * `TopologyKeys`, `StatefulDatabase.MAX_REPLICAS`).
 * TypeScript keeps the whole API at `kube-patterns` (`lib/index.ts`).
 *
 * `test/package/jsii.test.ts` compiles this entry point with jsii, so that the surface stays
 * translatable.
 * @see https://aws.github.io/jsii/
 */
export * from './cdk8s';
export { AccessMode } from './core/access-mode';
export { KubernetesDns } from './core/dns';
export { KubernetesLabels } from './core/labels';
export { Quantity } from './core/quantity';
export { BackupProps, BackupS3Props, BackupStorageProps } from './core/backup';
export { ContainerDataProps, ContainerMountProps, ContainerSecurityProps, ContainerSpecProps, PreStopHttpGetProps, PreStopProps, SidecarPortProps } from './core/containers';
export { CassandraOptions } from './core/engines/cassandra';
export { DatabaseEngine } from './core/engines/database-engine';
export { EngineOptions, IDatabaseEngine } from './core/engines/engine';
export { KafkaOptions } from './core/engines/kafka';
export { MongodbOptions } from './core/engines/mongodb';
export { MysqlOptions } from './core/engines/mysql';
export { PostgresOptions } from './core/engines/postgres';
export { PgUpgradeOptions, PgUpgradeTransfer, PostgresMajorUpgrade } from './core/engines/postgres-upgrade';
export { RedisOptions } from './core/engines/redis';
export { InitScripts } from './core/engines/settings';
export { ZookeeperOptions } from './core/engines/zookeeper';
export { EnvFromProps, EnvValue } from './core/env';
export { MetricsProps } from './core/metrics';
export { DatabaseNetworkPolicyProps, ILabeledPods, IPodSelectorConfigSource, NetworkPeer } from './core/network-policy';
export { Probe, ProbeOptions } from './core/probe';
export { ResourceProps, ResourceQuantities } from './core/resources';
export { AntiAffinity, NodeAffinityProps, TopologyKeys, NodeLabelRequirement, PreferredNodeTerm, TaintEffect, TolerationProps, TopologySpreadProps, WhenUnsatisfiable } from './core/scheduling';
export { SecurityContextProps } from './core/security';
export { ClientServiceProps, ServiceType } from './core/service';
export { PersistentVolumeClaimRetentionPolicy, PersistentVolumeClaimRetentionPolicyType, PodManagementPolicy, RollingUpdateOptions, StatefulDatabaseProps, StatefulSetUpdateStrategy, StorageProps } from './core/stateful-database';
export { AutoscalingProps, DeploymentRollingUpdateOptions, DeploymentStrategy, PercentOrAbsolute, SharedVolumeProps, StatelessWebProps, StatelessWebServerProps } from './core/stateless-web';
export { DatabaseTlsProps, TlsIssuerRef } from './core/tls';
export { ClaimVolumeOptions, ConfigVolumeOptions, DownwardApiFileProps, EmptyDirOptions, IConfigSource, IConfigSourceNode, KeyToPathProps, PodVolumeProps, ProjectedSourceProps, ProjectedVolumeOptions, ServiceAccountTokenProjectionProps, VolumeSource } from './core/volumes';
export { ImagePullPolicy, ServiceAccountProps, WorkloadProps } from './core/workload';
