/**
 * Engine settings: `config` rendered into each engine's own mechanism, `initScripts` mounted
 * where the image runs them, what the preset owns refused, and the rolling checksum.
 */
import { buildStatefulDatabase, DatabaseEngine, EngineConfig, EnvValue, IDatabaseEngine, StatefulDatabaseProps, ValidationError } from '../../lib';
import { kafkaVariable } from '../../lib/core/engines/kafka';
import fc from 'fast-check';
import { schemaErrors } from '../support/schema';

const context = { path: 'app/db', defaultName: 'db' };
const build = (props: StatefulDatabaseProps) => buildStatefulDatabase(props, context);
const containerOf = (props: StatefulDatabaseProps) => build(props).statefulSet.spec!.template.spec!.containers[0];
const envOf = (props: StatefulDatabaseProps) => Object.fromEntries((containerOf(props).env ?? []).map((e) => [e.name, e.value]));
function message(props: StatefulDatabaseProps): string {
  try {
    build(props);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message.replace(/^\[app\/db\] /, '');
  }
  throw new Error('expected a ValidationError');
}

describe('config, in each engine\'s own mechanism', () => {
  test('PostgreSQL: -c name=value, booleans as on/off, in key order', () => {
    expect(containerOf({ engine: DatabaseEngine.postgres(), config: { shared_buffers: '256MB', log_min_duration_statement: 500, ssl: false } }).args).toEqual([
      '-c', 'log_min_duration_statement=500', '-c', 'shared_buffers=256MB', '-c', 'ssl=off',
    ]);
  });

  test('MySQL: --name=value after the preset args, before the user args', () => {
    expect(containerOf({ engine: DatabaseEngine.mysql(), config: { max_connections: 500, 'skip-name-resolve': true }, args: ['--log-bin=off'] }).args).toEqual([
      '--datadir=/var/lib/mysql/data', '--port=3306', '--max_connections=500', '--skip-name-resolve=ON', '--log-bin=off',
    ]);
  });

  test.each<[string, () => IDatabaseEngine, EngineConfig]>([
    ['PostgreSQL', () => DatabaseEngine.postgres(), { shared_buffers: '256MB', log_min_duration_statement: 500, ssl: false, work_mem: '8MB' }],
    ['MySQL', () => DatabaseEngine.mysql(), { max_connections: 100, 'innodb-buffer-pool-size': '1G', skip_name_resolve: true }],
    ['Redis', () => DatabaseEngine.redis(), { maxmemory: '256mb', appendonly: false, 'maxmemory-policy': 'allkeys-lru' }],
    ['MongoDB', () => DatabaseEngine.mongodb(), { 'storage.wiredTiger.engineConfig.cacheSizeGB': 0.5, 'operationProfiling.mode': 'slowOp', 'net.maxIncomingConnections': 500 }],
    ['ZooKeeper', () => DatabaseEngine.zookeeper(), { maxClientCnxns: 100, 'autopurge.purgeInterval': 24, tickTime: 3000 }],
    ['Kafka', () => DatabaseEngine.kafka(), { 'num.partitions': 3, 'log.retention.hours': 72, 'auto.create.topics.enable': false }],
  ])('%s: the same settings in any order give the same objects', (_name, engine, config) => {
    const expected = build({ engine: engine(), replicas: 1, config }).objects;
    fc.assert(
      fc.property(fc.shuffledSubarray(Object.entries(config), { minLength: Object.keys(config).length }), (entries) => {
        expect(build({ engine: engine(), replicas: 1, config: Object.fromEntries(entries) }).objects).toEqual(expected);
      }),
      { numRuns: 20 },
    );
  });

  test('Redis: directives as arguments to redis-server, booleans as yes/no', () => {
    expect(containerOf({ engine: DatabaseEngine.redis(), config: { maxmemory: '256mb', appendonly: false } }).args).toEqual(['--appendonly', 'no', '--maxmemory', '256mb']);
  });

  test('MongoDB: a mongod.conf from the ConfigMap {name}-config, whose checksum rolls the pods', () => {
    const props = (cacheSizeGB: number): StatefulDatabaseProps => ({ engine: DatabaseEngine.mongodb(), config: { 'storage.wiredTiger.engineConfig.cacheSizeGB': cacheSizeGB, 'operationProfiling.mode': 'slowOp' } });
    const m = build(props(0.5));
    expect(m.engineConfigMap!.metadata!.name).toBe('db-config');
    expect(m.engineConfigMap!.data).toEqual({ 'mongod.conf': 'operationProfiling:\n  mode: "slowOp"\nstorage:\n  wiredTiger:\n    engineConfig:\n      cacheSizeGB: 0.5\n' });
    const container = m.statefulSet.spec!.template.spec!.containers[0];
    expect(container.args).toEqual(['--config', '/etc/kube-patterns/config/mongod.conf']);
    expect(container.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/kube-patterns/config', readOnly: true });
    const checksum = (p: StatefulDatabaseProps) => build(p).statefulSet.spec!.template.metadata!.annotations!['kube-patterns.io/engine-config-sha256'];
    expect(checksum(props(0.5))).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(props(1))).not.toBe(checksum(props(0.5)));
    expect(schemaErrors(m.objects)).toEqual([]);
  });

  test('ZooKeeper: zoo.cfg lines through ZOO_CFG_EXTRA', () => {
    expect(envOf({ engine: DatabaseEngine.zookeeper(), config: { maxClientCnxns: 100, 'autopurge.purgeInterval': 24, tickTime: 3000 } }).ZOO_CFG_EXTRA).toBe('autopurge.purgeInterval=24 maxClientCnxns=100 tickTime=3000');
  });

  test.each([
    ['num.partitions', 'KAFKA_NUM_PARTITIONS'],
    ['log.retention.hours', 'KAFKA_LOG_RETENTION_HOURS'],
    ['log.cleaner.dedupe_buffer-size', 'KAFKA_LOG_CLEANER_DEDUPE__BUFFER___SIZE'],
  ])('Kafka: %s is the variable %s (the image turns _ into ., __ into _ and ___ into -)', (setting, variable) => {
    expect(kafkaVariable(setting)).toBe(variable);
    expect(envOf({ engine: DatabaseEngine.kafka(), config: { [setting]: 1 } })[variable]).toBe('1');
  });
});

describe('initScripts', () => {
  test('files become the ConfigMap {name}-initdb, mounted read-only where the image runs them; no checksum (they only run on first start)', () => {
    const m = build({ engine: DatabaseEngine.postgres(), initScripts: { files: { '01-schema.sql': 'CREATE TABLE orders (id bigint);', '02-seed.sh': 'echo seeded' } } });
    expect(m.initScriptsConfigMap!.metadata!.name).toBe('db-initdb');
    expect(Object.keys(m.initScriptsConfigMap!.data!)).toEqual(['01-schema.sql', '02-seed.sh']);
    expect(m.statefulSet.spec!.template.spec!.volumes).toContainEqual({ name: 'initdb', configMap: { name: 'db-initdb' } });
    expect(m.statefulSet.spec!.template.spec!.containers[0].volumeMounts).toContainEqual({ name: 'initdb', mountPath: '/docker-entrypoint-initdb.d', readOnly: true });
    expect(Object.keys(m.statefulSet.spec!.template.metadata!.annotations!)).not.toContain('kube-patterns.io/engine-config-sha256');
  });

  test('an existing ConfigMap, for MySQL, MariaDB and MongoDB too', () => {
    for (const engine of [DatabaseEngine.mysql(), DatabaseEngine.mariadb(), DatabaseEngine.mongodb()]) {
      const m = build({ engine, initScripts: { configMap: 'seed' } });
      expect(m.initScriptsConfigMap).toBeUndefined();
      expect(m.statefulSet.spec!.template.spec!.volumes).toContainEqual({ name: 'initdb', configMap: { name: 'seed' } });
    }
  });
});

describe('refused, with what to do', () => {
  test.each<[string, IDatabaseEngine | undefined, EngineConfig, string]>([
    ['a PostgreSQL setting the preset owns', DatabaseEngine.postgres(), { port: 5433 }, "config['port'] 5433 is set by the postgresql preset (its data directory, port, credentials or cluster wiring); change the matching prop instead (storage.mountPath, port, engine options, replicas)"],
    ['a MySQL owned setting spelt with _', DatabaseEngine.mysql(), { bind_address: '0.0.0.0' }, "config['bind_address'] '0.0.0.0' is set by the mysql preset (its data directory, port, credentials or cluster wiring); change the matching prop instead (storage.mountPath, port, engine options, replicas)"],
    ['Redis replication', DatabaseEngine.redis(), { replicaof: 'other 6379' }, "config['replicaof'] 'other 6379' is set by the redis preset (its data directory, port, credentials or cluster wiring); change the matching prop instead (storage.mountPath, port, engine options, replicas)"],
    ['the ZooKeeper ensemble', DatabaseEngine.zookeeper(), { 'server.4': 'x' }, "config['server.4'] 'x' is set by the zookeeper preset (its data directory, port, credentials or cluster wiring); change the matching prop instead (storage.mountPath, port, engine options, replicas)"],
    ['ZooKeeper authentication', DatabaseEngine.zookeeper(), { 'quorum.auth.enableSasl': false }, "config['quorum.auth.enableSasl'] false is set by the zookeeper preset (its data directory, port, credentials or cluster wiring); change the matching prop instead (storage.mountPath, port, engine options, replicas)"],
    ['Kafka SASL settings', DatabaseEngine.kafka(), { 'listener.name.sasl_plaintext.plain.sasl.jaas.config': 'x' }, "config['listener.name.sasl_plaintext.plain.sasl.jaas.config'] 'x' is set by the kafka preset (its data directory, port, credentials or cluster wiring); change the matching prop instead (storage.mountPath, port, engine options, replicas)"],
    ['Kafka listeners', DatabaseEngine.kafka(), { listeners: 'PLAINTEXT://:9094' }, "config['listeners'] 'PLAINTEXT://:9094' is set by the kafka preset (its data directory, port, credentials or cluster wiring); change the matching prop instead (storage.mountPath, port, engine options, replicas)"],
    ['Cassandra, which has no mechanism', DatabaseEngine.cassandra(), { num_tokens: 8 }, 'config {"num_tokens":8} is not supported by the cassandra preset: the cassandra image reads cassandra.yaml and offers variables for a few settings only (CASSANDRA_NUM_TOKENS...); mount your own cassandra.yaml with volumes, or set JVM options with JVM_EXTRA_OPTS in env'],
    ['a value with a line break', DatabaseEngine.postgres(), { work_mem: 'a\nb' }, "config['work_mem'] 'a\nb' must be a non-empty string without line breaks, a finite number or a boolean"],
    ['a name the engine does not accept', DatabaseEngine.postgres(), { 'Work-Mem': '4MB' }, "config['Work-Mem'] '4MB' is not a setting name postgresql accepts (postgresql.conf settings, passed as -c name=value)"],
    ['the same MySQL setting twice', DatabaseEngine.mysql(), { max_connections: 1, 'max-connections': 2 }, "config['max_connections'] 1 is the same setting as config['max-connections']"],
  ])('%s', (_name, engine, config, expected) => {
    expect(message({ engine, config })).toBe(expected);
  });

  test('config without an engine', () => {
    expect(message({ image: 'postgres:17', port: 5432, storage: { size: '1Gi', mountPath: '/data' }, config: { a: 1 } })).toBe(
      'config {"a":1} needs an engine preset, which knows how its server reads settings; without one, pass them through args or env',
    );
  });

  test('a setting given both in config and env', () => {
    expect(message({ engine: DatabaseEngine.zookeeper(), config: { maxClientCnxns: 10 }, env: { ZOO_CFG_EXTRA: EnvValue.fromValue('x=1') } })).toBe(
      "env['ZOO_CFG_EXTRA'] '(given)' is also set through config; give the setting once, in config",
    );
  });

  test('init scripts the image would not run, or an engine without the directory', () => {
    expect(message({ engine: DatabaseEngine.postgres(), initScripts: { files: { 'a.txt': '' } } })).toBe(
      "initScripts.files['a.txt'] 'a.txt' would be ignored by the postgresql image, which runs .sh, .sql, .sql.gz, .sql.xz, .sql.zst files only",
    );
    expect(message({ engine: DatabaseEngine.redis(), initScripts: { files: { 'a.sql': '' } } })).toBe(
      'initScripts {"files":{"a.sql":""}} are not supported by the redis preset: its image runs nothing from /docker-entrypoint-initdb.d; use initContainers or a Job instead',
    );
    expect(message({ engine: DatabaseEngine.postgres(), initScripts: { files: {}, configMap: 'x' } })).toBe('initScripts {"files":{},"configMap":"x"} must have exactly one of files and configMap');
  });
});
