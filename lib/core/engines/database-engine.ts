/**
 * Presets for the official images of common stateful servers. Pass one as
 * `StatefulDatabaseProps.engine`; every prop given alongside it overrides the preset's value.
 */
import { CassandraEngine, CassandraOptions } from './cassandra';
import { IDatabaseEngine } from './engine';
import { KafkaEngine, KafkaOptions } from './kafka';
import { MongodbEngine, MongodbOptions } from './mongodb';
import { MysqlEngine, MysqlOptions } from './mysql';
import { PostgresEngine, PostgresOptions } from './postgres';
import { RedisEngine, RedisOptions } from './redis';
import { ZookeeperEngine, ZookeeperOptions } from './zookeeper';

/**
 * Database engine presets. Each sets the official image (pinned tag), port, data path, a
 * non-root UID/GID/fsGroup the image supports, writable scratch paths, engine-native probes,
 * credentials from a Secret, grace period and resources, and either real clustering or a clear
 * error for replicas > 1.
 */
export class DatabaseEngine {
  /**
   * PostgreSQL (`postgres:17` by default); replicas: 1 only. Secret key `password`.
   * @param options version and credentials Secret
   * @throws ValidationError (at construction) for replicas > 1: streaming replication needs an operator
   */
  public static postgres(options: PostgresOptions = {}): IDatabaseEngine {
    return new PostgresEngine(options);
  }

  /**
   * MySQL (`mysql:8.4` by default); replicas: 1 only. Secret key `password` (root).
   * @param options version and credentials Secret
   * @throws ValidationError (at construction) for replicas > 1
   */
  public static mysql(options: MysqlOptions = {}): IDatabaseEngine {
    return MysqlEngine.mysql(options);
  }

  /**
   * MariaDB (`mariadb:11.4` by default); replicas: 1 only. Secret key `password` (root).
   * @param options version and credentials Secret
   * @throws ValidationError (at construction) for replicas > 1
   */
  public static mariadb(options: MysqlOptions = {}): IDatabaseEngine {
    return MysqlEngine.mariadb(options);
  }

  /**
   * MongoDB (`mongo:8.0` by default); a key-file-authenticated replica set for replicas > 1.
   * Secret keys `username`, `password`, and `keyfile` for a replica set.
   * @param options version, credentials Secret and replica set name
   */
  public static mongodb(options: MongodbOptions = {}): IDatabaseEngine {
    return new MongodbEngine(options);
  }

  /**
   * Redis (`redis:7.4` by default); pod 0 is the primary, other pods replicate it (no automatic
   * failover). Secret key `password`.
   * @param options version and credentials Secret
   */
  public static redis(options: RedisOptions = {}): IDatabaseEngine {
    return new RedisEngine(options);
  }

  /**
   * Apache ZooKeeper (`zookeeper:3.9` by default); an ensemble for replicas > 1. SASL
   * authentication of clients and members by default: Secret keys `username`, `password`.
   * @param options version, credentials Secret, authentication
   * @throws ValidationError (at construction) for an even number of replicas
   */
  public static zookeeper(options: ZookeeperOptions = {}): IDatabaseEngine {
    return new ZookeeperEngine(options);
  }

  /**
   * Apache Kafka (`apache/kafka:3.9.1` by default) in KRaft mode; every pod is broker and
   * controller. SASL/PLAIN authentication on every listener by default: Secret keys
   * `username`, `password`.
   * @param options version, cluster id, credentials Secret, authentication
   * @throws ValidationError (at construction) for an even number of replicas
   */
  public static kafka(options: KafkaOptions = {}): IDatabaseEngine {
    return new KafkaEngine(options);
  }

  /**
   * Apache Cassandra (`cassandra:5.0` by default); a ring seeded by its first pod, clients
   * logging in as the credentials Secret's user unless `authentication: false`.
   * @param options version, datacenter, credentials Secret, authentication
   * @throws ValidationError (at construction) for a datacenter name it cannot write
   */
  public static cassandra(options: CassandraOptions = {}): IDatabaseEngine {
    return new CassandraEngine(options);
  }

  private constructor() {}
}
