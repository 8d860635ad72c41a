/**
 * Props given with a preset: what merges, and what the preset owns (data directory, port,
 * credentials, clustering). Each refusal asserts the whole message; each merge asserts the
 * container the server actually gets.
 */
import { buildStatefulDatabase, DatabaseEngine, EnvValue, StatefulDatabaseProps, ValidationError } from '../../lib';

const context = { path: 'app/db', defaultName: 'db' };
const container = (props: StatefulDatabaseProps) => buildStatefulDatabase(props, context).statefulSet.spec!.template.spec!.containers[0];
const envOf = (props: StatefulDatabaseProps) => Object.fromEntries((container(props).env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
function message(props: StatefulDatabaseProps): string {
  try {
    buildStatefulDatabase(props, context);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('the data directory lies on the claim, whatever the props', () => {
  test.each<[string, StatefulDatabaseProps, string, string]>([
    ['postgresql', { engine: DatabaseEngine.postgres(), storage: { mountPath: '/pgdata' } }, 'PGDATA', '/pgdata/pgdata'],
    ['redis', { engine: DatabaseEngine.redis(), storage: { mountPath: '/srv/redis' } }, 'KP_DATA_DIR', '/srv/redis'],
    ['mongodb', { engine: DatabaseEngine.mongodb(), storage: { mountPath: '/srv/mongo' } }, 'KP_DATA_DIR', '/srv/mongo'],
    ['zookeeper', { engine: DatabaseEngine.zookeeper(), storage: { mountPath: '/srv/zk' } }, 'ZOO_DATA_DIR', '/srv/zk/data'],
    ['kafka', { engine: DatabaseEngine.kafka(), storage: { mountPath: '/srv/kafka' } }, 'KAFKA_LOG_DIRS', '/srv/kafka/logs'],
  ])('%s: moving storage.mountPath moves the data directory with it', (_engine, props, variable, path) => {
    expect(container(props).volumeMounts).toContainEqual({ name: 'data', mountPath: props.storage!.mountPath });
    expect(envOf(props)[variable]).toBe(path);
  });

  test('mysql: --datadir follows storage.mountPath', () => {
    expect(container({ engine: DatabaseEngine.mysql(), storage: { mountPath: '/srv/mysql' } }).args).toEqual(['--datadir=/srv/mysql/data', '--port=3306']);
  });

  test('cassandra: the image cannot move its data, so storage.mountPath is refused', () => {
    expect(message({ engine: DatabaseEngine.cassandra(), storage: { mountPath: '/cass' } })).toBe(
      "[app/db] storage.mountPath '/cass' cannot be moved with the cassandra preset: the image's cassandra.yaml keeps every data directory under /var/lib/cassandra, so anywhere else the data would not be on the volume; leave storage.mountPath unset",
    );
  });

  test('an env override of the data directory is refused (it would put the database on the container file system)', () => {
    expect(message({ engine: DatabaseEngine.postgres(), env: { PGDATA: EnvValue.fromValue('/tmp/pgdata') } })).toBe(
      "[app/db] env['PGDATA'] '(a literal value)' is set by the postgresql preset: it is the data directory (/var/lib/postgresql/pgdata), which must lie on the data volume; set storage.mountPath and the data directory follows it",
    );
    expect(message({ engine: DatabaseEngine.zookeeper(), env: { ZOO_DATA_DIR: EnvValue.fromValue('/tmp') } })).toBe(
      "[app/db] env['ZOO_DATA_DIR'] '(a literal value)' is set by the zookeeper preset: it is the data directory (/data/data), which must lie on the data volume; set storage.mountPath and the data directory follows it",
    );
  });

  test('a writable path inside the data volume is refused (an emptyDir would hide the data)', () => {
    expect(message({ engine: DatabaseEngine.postgres(), securityContext: { writablePaths: ['/var/lib/postgresql/pgdata'] } })).toBe(
      "[app/db] securityContext.writablePaths '/var/lib/postgresql/pgdata' is inside the data volume mounted at /var/lib/postgresql; a volume there would hide that part of the data (an emptyDir starts empty with every pod), so choose a path outside /var/lib/postgresql",
    );
  });

  test('a writable path at the data mount itself is refused', () => {
    expect(message({ engine: DatabaseEngine.redis(), securityContext: { writablePaths: ['/data'] } })).toBe(
      "[app/db] securityContext.writablePaths '/data' is already mounted by storage.mountPath; a container cannot mount two volumes at one path",
    );
  });
});

describe('args, env and writable paths merge with the preset', () => {
  test('mysql: user args follow the preset args instead of replacing --datadir', () => {
    expect(container({ engine: DatabaseEngine.mysql(), args: ['--max-connections=500'] }).args).toEqual(['--datadir=/var/lib/mysql/data', '--port=3306', '--max-connections=500']);
  });

  test('redis and mongodb: user args reach the server through the start script', () => {
    expect(container({ engine: DatabaseEngine.redis(), args: ['--maxmemory', '256mb'] }).args).toEqual(['--maxmemory', '256mb']);
    expect(container({ engine: DatabaseEngine.mongodb(), args: ['--wiredTigerCacheSizeGB', '0.5'] }).args).toEqual(['--wiredTigerCacheSizeGB', '0.5']);
  });

  test('writablePaths adds to the preset list instead of replacing it', () => {
    const mounts = container({ engine: DatabaseEngine.postgres(), securityContext: { writablePaths: ['/var/log/postgresql', '/tmp'] } }).volumeMounts!.map((m) => m.mountPath);
    expect(mounts).toEqual(['/var/lib/postgresql', '/dev/shm', '/etc/kube-patterns/credentials', '/tmp', '/var/run/postgresql', '/var/log/postgresql']);
  });

  test('tuning variables may be overridden', () => {
    expect(envOf({ engine: DatabaseEngine.zookeeper(), env: { JVMFLAGS: EnvValue.fromValue('-Xmx1g') } }).JVMFLAGS).toBe('-Xmx1g');
    expect(envOf({ engine: DatabaseEngine.kafka(), env: { KAFKA_HEAP_OPTS: EnvValue.fromValue('-Xmx1g') } }).KAFKA_HEAP_OPTS).toBe('-Xmx1g');
  });

  test('a flag that only mentions a password is not a secret', () => {
    expect(envOf({ engine: DatabaseEngine.mysql(), env: { MYSQL_ALLOW_EMPTY_PASSWORD: EnvValue.fromValue('no') } }).MYSQL_ALLOW_EMPTY_PASSWORD).toBe('no');
  });
});

describe('what the preset owns is refused, with what to do', () => {
  test('a data directory in args', () => {
    expect(message({ engine: DatabaseEngine.mysql(), args: ['--max-connections=500', '--datadir=/tmp'] })).toBe(
      "[app/db] args[1] '--datadir=/tmp' is not allowed with the mysql preset: the data directory follows storage.mountPath",
    );
  });

  test('a listen port in args (the port prop moves server, Services and probes together)', () => {
    expect(message({ engine: DatabaseEngine.postgres(), args: ['-c', 'port=6000'] })).toBe(
      "[app/db] args[1] 'port=6000' is not allowed with the postgresql preset: set the port prop, which moves the listen port, the Services and the probes together",
    );
  });

  test('a port override moves the listen port too', () => {
    expect(envOf({ engine: DatabaseEngine.postgres(), port: 5433 }).PGPORT).toBe('5433');
    expect(container({ engine: DatabaseEngine.mysql(), port: 3307 }).args).toContain('--port=3307');
    expect(envOf({ engine: DatabaseEngine.redis(), port: 6380 }).KP_PORT).toBe('6380');
    expect(message({ engine: DatabaseEngine.cassandra(), port: 9043 })).toBe(
      "[app/db] port 9043 cannot be changed with the cassandra preset: the image's cassandra.yaml listens for CQL on 9042 and its entrypoint cannot move it; leave port unset",
    );
  });

  test('command on a preset whose start script replicates (3 independent primaries otherwise)', () => {
    expect(message({ engine: DatabaseEngine.redis(), replicas: 3, command: ['redis-server'] })).toBe(
      '[app/db] command ["redis-server"] cannot replace the redis preset\'s start script (/opt/kube-patterns/redis-start.sh), which sets up its data directory, port, credentials and replication from the pod\'s ordinal; without it every pod would start as an independent server. Pass server options through args or env instead',
    );
  });

  test('args on a preset whose start script takes none (they used to vanish silently)', () => {
    expect(message({ engine: DatabaseEngine.kafka(), args: ['--override', 'x=y'] })).toBe(
      '[app/db] args ["--override","x=y"] are not passed on by the kafka preset: the start script takes no args; set broker settings as KAFKA_* variables in env (KAFKA_NUM_PARTITIONS for num.partitions)',
    );
  });

  test('credentials: the preset variable, and any literal password', () => {
    expect(message({ engine: DatabaseEngine.postgres(), env: { POSTGRES_PASSWORD: EnvValue.fromValue('hunter2') } })).toBe(
      "[app/db] env['POSTGRES_PASSWORD'] '(a literal value)' conflicts with the postgresql preset's POSTGRES_PASSWORD_FILE, which reads it from the credentials Secret 'db-credentials' mounted as files (the image refuses both); put the value into that Secret, or choose another Secret with the engine's credentialsSecretName option",
    );
    // From a Secret too: the image would refuse the variable and its _FILE twin together.
    expect(message({ engine: DatabaseEngine.mariadb(), env: { MARIADB_ROOT_PASSWORD: EnvValue.fromSecretKeyRef('mine', 'pw') } })).toBe(
      "[app/db] env['MARIADB_ROOT_PASSWORD'] {\"secretKeyRef\":{\"name\":\"mine\",\"key\":\"pw\"}} conflicts with the mariadb preset's MARIADB_ROOT_PASSWORD_FILE, which reads it from the credentials Secret 'db-credentials' mounted as files (the image refuses both); put the value into that Secret, or choose another Secret with the engine's credentialsSecretName option",
    );
    expect(message({ engine: DatabaseEngine.redis(), env: { KP_PASSWORD_FILE: EnvValue.fromValue('/tmp/pw') } })).toBe(
      "[app/db] env['KP_PASSWORD_FILE'] '(a literal value)' is set by the redis preset: it names the file of key 'password' of the credentials Secret 'db-credentials'; put the value there (or choose the Secret with the engine's credentialsSecretName option)",
    );
    const literal = message({ engine: DatabaseEngine.mysql(), env: { MYSQL_PASSWORD: EnvValue.fromValue('hunter2') } });
    expect(literal).toBe(
      "[app/db] env['MYSQL_PASSWORD'] '(a literal value)' would write a password into the manifest in plain text; keep it in a Secret and use EnvValue.fromSecretKeyRef('<secret>', '<key>') (the mysql preset reads its own credentials from the engine's credentials Secret)",
    );
    expect(literal).not.toContain('hunter2');
  });

  test('cluster wiring', () => {
    expect(message({ engine: DatabaseEngine.kafka(), env: { KAFKA_CONTROLLER_QUORUM_VOTERS: EnvValue.fromValue('0@x:9093') } })).toBe(
      "[app/db] env['KAFKA_CONTROLLER_QUORUM_VOTERS'] '(a literal value)' is set by the kafka preset: it wires the listen port, replication or cluster membership from the name, namespace, port and replicas props; change those props instead",
    );
    expect(message({ engine: DatabaseEngine.redis(), env: { KP_POD_NAME: EnvValue.fromValue('x-0') } })).toBe(
      "[app/db] env['KP_POD_NAME'] '(a literal value)' is set by the redis preset: it tells the preset's scripts which pod they run in (metadata.name); the scripts cannot work without it",
    );
  });
});
