/**
 * The shell that presets put in containers: every script passes ShellCheck, and what a script
 * computes from the pod name (ordinals, ids, peers) is checked by running it in dry-run mode,
 * or against fake tools on PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellcheckPath } from '../support/python-tools';

const SCRIPTS = join(__dirname, '..', '..', 'lib', 'core', 'engines', 'scripts');

/** Runs a script with POSIX sh (dash here, as in most images' /bin/sh) and the given environment only. */
function run(script: string, env: Record<string, string>, path = '/usr/bin:/bin'): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', [join(SCRIPTS, script)], { env: { PATH: path, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'kube-patterns-scripts-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A fake command on a PATH of its own, printing `output`. */
function fakeTool(name: string, output: string): string {
  const file = join(work, name);
  writeFileSync(file, `#!/bin/sh\ncat <<'OUT'\n${output}\nOUT\n`);
  chmodSync(file, 0o755);
  return `${work}:/usr/bin:/bin`;
}

test('every script passes ShellCheck as POSIX sh', () => {
  const scripts = readdirSync(SCRIPTS).filter((f) => f.endsWith('.sh'));
  expect(scripts.length).toBeGreaterThanOrEqual(7);
  const result = spawnSync(shellcheckPath(), ['--shell=sh', '--severity=style', '--external-sources', ...scripts.map((f) => join(SCRIPTS, f))], { encoding: 'utf8' });
  expect(result.error).toBeUndefined();
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
});

test('every script is executable and starts with #!/bin/sh', () => {
  for (const file of readdirSync(SCRIPTS)) {
    expect(readFileSync(join(SCRIPTS, file), 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
    expect(statSync(join(SCRIPTS, file)).mode & 0o111).not.toBe(0);
  }
});

describe('redis-start.sh', () => {
  const env = (pod: string) => ({ KP_POD_NAME: pod, KP_PORT: '6379', KP_DATA_DIR: '/data', KP_PRIMARY_HOST: 'cache-0.cache-headless.shop.svc.cluster.local', REDIS_PASSWORD: 'p w"d\\x', KP_CONFIG: join(work, 'redis.conf'), KP_DRY_RUN: '1' });

  test('pod 0 is the primary: no replicaof, password in a private config file', () => {
    const result = run('redis-start.sh', env('cache-0'));
    expect(result).toMatchObject({ status: 0, stdout: `redis-server ${join(work, 'redis.conf')}\n` });
    const config = readFileSync(join(work, 'redis.conf'), 'utf8');
    // Quotes and backslashes in the password are escaped for redis.conf's quoted strings.
    expect(config).toBe('port 6379\ndir "/data"\nappendonly yes\nrequirepass "p w\\"d\\\\x"\nmasterauth "p w\\"d\\\\x"\n');
    expect(statSync(join(work, 'redis.conf')).mode & 0o077).toBe(0);
  });

  test('the container args go to redis-server after the config file, and the data directory follows KP_DATA_DIR', () => {
    const result = spawnSync('sh', [join(SCRIPTS, 'redis-start.sh'), '--maxmemory', '256mb'], { env: { PATH: '/usr/bin:/bin', ...env('cache-0'), KP_DATA_DIR: '/srv/redis' }, encoding: 'utf8' });
    expect(result.stdout).toBe(`redis-server ${join(work, 'redis.conf')} --maxmemory 256mb\n`);
    expect(readFileSync(join(work, 'redis.conf'), 'utf8')).toContain('dir "/srv/redis"\n');
  });

  test('any other ordinal replicates pod 0', () => {
    expect(run('redis-start.sh', env('cache-12')).status).toBe(0);
    expect(readFileSync(join(work, 'redis.conf'), 'utf8')).toContain('replicaof cache-0.cache-headless.shop.svc.cluster.local 6379\nreplica-read-only yes\n');
  });

  test('a password with a line break is refused', () => {
    expect(run('redis-start.sh', { ...env('cache-0'), REDIS_PASSWORD: 'a\nb' })).toMatchObject({ status: 1, stderr: 'redis-start: the password contains a line break, which redis.conf cannot hold\n' });
  });

  test('a pod name without an ordinal is refused', () => {
    expect(run('redis-start.sh', env('cache'))).toMatchObject({ status: 1, stderr: "redis-start: cannot read a pod ordinal from pod name 'cache'\n" });
    expect(run('kafka-start.sh', { KP_POD_NAME: 'events-x1' })).toMatchObject({ status: 1, stderr: "kafka-start: cannot read a pod ordinal from pod name 'events-x1'\n" });
  });
});

describe('redis-ping.sh', () => {
  test('passes on PONG and fails on an error reply, which redis-cli exits 0 for', () => {
    expect(run('redis-ping.sh', { KP_PORT: '6379', REDIS_PASSWORD: 'x' }, fakeTool('redis-cli', 'PONG')).status).toBe(0);
    const failed = run('redis-ping.sh', { KP_PORT: '6379', REDIS_PASSWORD: 'x' }, fakeTool('redis-cli', 'NOAUTH Authentication required.'));
    expect(failed).toMatchObject({ status: 1, stderr: 'redis-ping: NOAUTH Authentication required.\n' });
  });
});

describe('mongodb-start.sh', () => {
  const env = (pod: string, replicaSet: string) => ({
    KP_POD_NAME: pod,
    KP_PORT: '27017',
    KP_DATA_DIR: '/data/db',
    KP_REPLICA_SET: replicaSet,
    KP_KEYFILE: '/etc/mongodb-keyfile/keyfile',
    KP_SCRIPTS: '/opt/kube-patterns',
    MONGO_INITDB_ROOT_USERNAME: 'root',
    MONGO_INITDB_ROOT_PASSWORD: 'secret',
    KP_DRY_RUN: '1',
  });

  test('pod 0 of a replica set creates the root user and initiates the set', () => {
    expect(run('mongodb-start.sh', env('docs-0', 'rs0')).stdout).toBe(
      'background: /opt/kube-patterns/mongodb-initiate.sh\nmongod --bind_ip_all --port 27017 --dbpath /data/db --replSet rs0 --keyFile /tmp/mongodb-keyfile\nroot user: root\n',
    );
  });

  test('other members start empty (a member with data cannot join the initiation)', () => {
    expect(run('mongodb-start.sh', env('docs-2', 'rs0')).stdout).toBe('mongod --bind_ip_all --port 27017 --dbpath /data/db --replSet rs0 --keyFile /tmp/mongodb-keyfile\nroot user: none\n');
  });

  test('the container args follow the preset options, and --dbpath follows KP_DATA_DIR', () => {
    const result = spawnSync('sh', [join(SCRIPTS, 'mongodb-start.sh'), '--wiredTigerCacheSizeGB', '0.5'], { env: { PATH: '/usr/bin:/bin', ...env('docs-0', ''), KP_DATA_DIR: '/srv/mongo' }, encoding: 'utf8' });
    expect(result.stdout).toBe('mongod --bind_ip_all --port 27017 --dbpath /srv/mongo --wiredTigerCacheSizeGB 0.5\nroot user: root\n');
  });

  test('a standalone server has no replica set and keeps its root user', () => {
    expect(run('mongodb-start.sh', env('docs-0', '')).stdout).toBe('mongod --bind_ip_all --port 27017 --dbpath /data/db\nroot user: root\n');
  });
});

describe('mongodb-initiate.sh', () => {
  test('lists every member in order, pod 0 with the higher priority', () => {
    const result = run('mongodb-initiate.sh', { KP_PORT: '27017', KP_REPLICA_SET: 'rs0', KP_MEMBERS: 'a-0.h:27017,a-1.h:27017,a-2.h:27017', KP_DRY_RUN: '1' });
    expect(result.stdout).toBe(
      "{ _id: 'rs0', members: [{ _id: 0, host: 'a-0.h:27017', priority: 2 }, { _id: 1, host: 'a-1.h:27017', priority: 1 }, { _id: 2, host: 'a-2.h:27017', priority: 1 }] }\n",
    );
  });
});

describe('zookeeper-start.sh', () => {
  test.each([
    ['zk-0', 1],
    ['zk-2', 3],
    ['my-zk-10', 11],
  ])('%s gets myid %d (ordinal + 1)', (pod, myid) => {
    expect(run('zookeeper-start.sh', { KP_POD_NAME: pod, ZOO_DATA_DIR: '/d', ZOO_DATA_LOG_DIR: '/l', KP_DRY_RUN: '1' }).stdout).toBe(`ZOO_MY_ID=${myid}\n`);
  });
});

describe('kafka-start.sh', () => {
  test('the node id is the ordinal and the listener advertises the pod DNS name', () => {
    expect(run('kafka-start.sh', { KP_POD_NAME: 'events-1', KP_PORT: '9092', KP_DOMAIN: 'events-headless.data.svc.cluster.local', KP_DRY_RUN: '1' }).stdout).toBe(
      'KAFKA_NODE_ID=1\nKAFKA_ADVERTISED_LISTENERS=PLAINTEXT://events-1.events-headless.data.svc.cluster.local:9092\n',
    );
  });
});

describe('cassandra-ready.sh', () => {
  const status = ['Datacenter: dc1', '=======================', 'Status=Up/Down', '--  Address     Load   Tokens  Owns  Host ID  Rack', 'UN  10.0.0.10   1 MiB  16      ?     abc      rack1', 'UJ  10.0.0.2    1 MiB  16      ?     def      rack1'].join('\n');

  test('passes when this node is Up/Normal', () => {
    expect(run('cassandra-ready.sh', { POD_IP: '10.0.0.10' }, fakeTool('nodetool', status)).status).toBe(0);
  });

  test('fails while the node is joining, and does not match another IP that starts alike', () => {
    expect(run('cassandra-ready.sh', { POD_IP: '10.0.0.2' }, fakeTool('nodetool', status))).toMatchObject({ status: 1, stderr: 'cassandra-ready: 10.0.0.2 is not Up/Normal yet\n' });
    expect(run('cassandra-ready.sh', { POD_IP: '10.0.0.1' }, fakeTool('nodetool', status)).status).toBe(1);
  });
});
