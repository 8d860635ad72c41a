export * from './database-engine';
export * from './engine';
export type { CassandraOptions } from './cassandra';
export type { KafkaOptions } from './kafka';
export type { MongodbOptions } from './mongodb';
export type { MysqlOptions } from './mysql';
export type { PostgresOptions } from './postgres';
export type { RedisOptions } from './redis';
export type { ZookeeperOptions } from './zookeeper';
