/**
 * The database engine as data, for the Pulumi component package: a kind and its options instead
 * of a `DatabaseEngine` instance, which other languages cannot build.
 */
import { DatabaseEngine, IDatabaseEngine } from '../../core/engines';
import { PostgresMajorUpgrade } from '../../core/engines/postgres-upgrade';
import type { PgUpgradeOptions } from '../../core/engines/postgres-upgrade';
import * as validate from '../../core/validate';
import { checkKindParameters, KindParameter } from './data';

/** The engine presets, by name (the `DatabaseEngine` factory of the same name). */
export enum EngineKind {
  /** PostgreSQL, official `postgres` image (`DatabaseEngine.postgres`). */
  POSTGRES = 'postgres',
  /** MySQL, official `mysql` image (`DatabaseEngine.mysql`). */
  MYSQL = 'mysql',
  /** MariaDB, official `mariadb` image (`DatabaseEngine.mariadb`). */
  MARIADB = 'mariadb',
  /** MongoDB replica set, official `mongo` image (`DatabaseEngine.mongodb`). */
  MONGODB = 'mongodb',
  /** Redis primary and replicas, official `redis` image (`DatabaseEngine.redis`). */
  REDIS = 'redis',
  /** ZooKeeper ensemble, official `zookeeper` image (`DatabaseEngine.zookeeper`). */
  ZOOKEEPER = 'zookeeper',
  /** Kafka in KRaft mode, `apache/kafka` image (`DatabaseEngine.kafka`). */
  KAFKA = 'kafka',
  /** Cassandra ring, official `cassandra` image (`DatabaseEngine.cassandra`). */
  CASSANDRA = 'cassandra',
}

/**
 * A database engine preset and its options, as plain data.
 * Each option applies to the kinds listed on it; any other kind refuses it.
 */
export interface EngineSpec {
  /** The preset. */
  readonly kind: EngineKind;
  /**
   * The image tag, e.g. `16.4` (see `EngineOptions.version`).
   * @default - the preset's default tag, listed in the README
   */
  readonly version?: string;
  /**
   * The existing Secret holding the engine's credentials (see `EngineOptions.credentialsSecretName`).
   * @default - `{name}-credentials`
   */
  readonly credentialsSecretName?: string;
  /**
   * `mongodb` only: the replica set name (`MongodbOptions.replicaSetName`).
   * @default 'rs0'
   */
  readonly replicaSetName?: string;
  /**
   * `zookeeper`, `kafka` and `cassandra` only: clients (and, for ZooKeeper and Kafka, members)
   * log in as the credentials Secret's user (`ZookeeperOptions.authentication`,
   * `KafkaOptions.authentication`, `CassandraOptions.authentication`).
   * @default true
   */
  readonly authentication?: boolean;
  /**
   * `kafka` only: the KRaft cluster ID, 22 characters of base64url (`KafkaOptions.clusterId`).
   * @default - derived from the name and namespace
   */
  readonly clusterId?: string;
  /**
   * `cassandra` only: the datacenter name (`CassandraOptions.datacenter`).
   * @default 'dc1'
   */
  readonly datacenter?: string;
  /**
   * `postgres` only: upgrade the data on the claims from an older major with pg_upgrade
   * (`PostgresOptions.majorUpgrade`, as `PostgresMajorUpgrade.pgUpgrade(...)` with these options).
   * @default - none: a change of major is refused
   * @see https://www.postgresql.org/docs/current/pgupgrade.html
   */
  readonly majorUpgrade?: PgUpgradeOptions;
}

/** The options that apply to some kinds only (none requires one). */
const KIND_OPTIONS: ReadonlyArray<KindParameter<EngineSpec>> = [
  ['replicaSetName', [EngineKind.MONGODB], false],
  ['authentication', [EngineKind.ZOOKEEPER, EngineKind.KAFKA, EngineKind.CASSANDRA], false],
  ['clusterId', [EngineKind.KAFKA], false],
  ['datacenter', [EngineKind.CASSANDRA], false],
  ['majorUpgrade', [EngineKind.POSTGRES], false],
];

/**
 * The engine preset that `args` describes.
 * @param scope the component's name, for error messages
 * @throws ValidationError when `engine.kind` is unknown, an option is not known, or applies to another kind
 */
export function engineFromSpec(scope: string, args: EngineSpec): IDatabaseEngine {
  const given = validate.record(scope, 'engine', args);
  validate.knownKeys(scope, 'engine', given, ['kind', 'version', 'credentialsSecretName', ...KIND_OPTIONS.map(([option]) => option)]);
  const kind = validate.oneOf(scope, 'engine.kind', given.kind, EngineKind);
  checkKindParameters(scope, 'engine', given, 'kind', kind, KIND_OPTIONS);
  const { kind: _kind, majorUpgrade, ...options } = given;
  // The options are checked where the upgrade is rendered, as in TypeScript.
  return DatabaseEngine[kind]({ ...options, ...(majorUpgrade === undefined ? {} : { majorUpgrade: PostgresMajorUpgrade.pgUpgrade(majorUpgrade) }) });
}
