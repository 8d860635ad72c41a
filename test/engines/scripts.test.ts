/**
 * The shell that presets put in containers: every script passes ShellCheck, and what a script
 * computes from the pod name (ordinals, ids, peers) is checked by running it in dry-run mode,
 * or against fake tools on PATH.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellcheckPath } from '../support/python-tools';

const SCRIPTS = join(__dirname, '..', '..', 'lib', 'core', 'engines', 'scripts');

/** Runs a script with POSIX sh (dash here, as in most images' /bin/sh) and the given environment only. */
function run(script: string, env: Record<string, string>, path = '/usr/bin:/bin', args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', [join(SCRIPTS, script), ...args], { env: { PATH: path, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'kube-patterns-scripts-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A file holding `content`, as a Secret volume mounts a key. */
function secretFile(key: string, content: string): string {
  const file = join(work, key);
  writeFileSync(file, content);
  return file;
}

/** A fake command on a PATH of its own, printing `output`. */
function fakeTool(name: string, output: string): string {
  const file = join(work, name);
  writeFileSync(file, `#!/bin/sh\ncat <<'OUT'\n${output}\nOUT\n`);
  chmodSync(file, 0o755);
  return `${work}:/usr/bin:/bin`;
}

/** PEM blocks as a `tls` Secret holds them (the scripts copy them; their contents do not matter). */
const PEM = {
  key: '-----BEGIN PRIVATE KEY-----\nMIIkey\n-----END PRIVATE KEY-----\n',
  cert: '-----BEGIN CERTIFICATE-----\nMIIcert\n-----END CERTIFICATE-----\n',
  ca: '-----BEGIN CERTIFICATE-----\nMIIca1\n-----END CERTIFICATE-----\n',
};

/** The `tls` Secret's files, mode 0440 as the kubelet mounts them with the preset's defaultMode. */
function tlsSecretDir(key = PEM.key): string {
  const dir = join(work, 'tls');
  mkdirSync(dir);
  for (const [name, content] of [['tls.key', key], ['tls.crt', PEM.cert], ['ca.crt', PEM.ca]]) writeFileSync(join(dir, name), content, { mode: 0o440 });
  return dir;
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
  const env = (pod: string, password = 'p w"d\\x\n') => ({
    KP_POD_NAME: pod,
    KP_PORT: '6379',
    KP_DATA_DIR: '/data',
    KP_PRIMARY_HOST: 'cache-0.cache-headless.shop.svc.cluster.local',
    KP_PASSWORD_FILE: secretFile('password', password),
    KP_CONFIG: join(work, 'redis.conf'),
    KP_DRY_RUN: '1',
  });

  test('pod 0 is the primary: no replicaof, password in a private config file', () => {
    const result = run('redis-start.sh', env('cache-0'));
    expect(result).toMatchObject({ status: 0, stdout: `redis-server ${join(work, 'redis.conf')}\n` });
    const config = readFileSync(join(work, 'redis.conf'), 'utf8');
    // Quotes and backslashes in the password are escaped for redis.conf's quoted strings; the
    // file's trailing line break is dropped.
    expect(config).toBe('port 6379\ndir "/data"\nappendonly yes\nrequirepass "p w\\"d\\\\x"\nmasterauth "p w\\"d\\\\x"\nrepl-timeout 20\n');
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

  test('with KP_TLS_DIR: TLS only on the port, from the mounted files; replicas replicate over TLS; no client certificates asked', () => {
    expect(run('redis-start.sh', { ...env('cache-1'), KP_TLS_DIR: '/etc/kube-patterns/tls' }).status).toBe(0);
    const config = readFileSync(join(work, 'redis.conf'), 'utf8');
    expect(config).toContain(
      'port 0\ntls-port 6379\ntls-cert-file "/etc/kube-patterns/tls/tls.crt"\ntls-key-file "/etc/kube-patterns/tls/tls.key"\ntls-ca-cert-file "/etc/kube-patterns/tls/ca.crt"\ntls-auth-clients no\ntls-replication yes\n',
    );
    expect(config).not.toContain('port 6379\ndir');
    expect(config).toContain('replicaof cache-0.cache-headless.shop.svc.cluster.local 6379\n');
  });

  test('a password with a line break is refused', () => {
    expect(run('redis-start.sh', env('cache-0', 'a\nb'))).toMatchObject({ status: 1, stderr: 'redis-start: the password contains a line break, which redis.conf cannot hold\n' });
  });

  test('a pod name without an ordinal is refused', () => {
    expect(run('redis-start.sh', env('cache'))).toMatchObject({ status: 1, stderr: "redis-start: cannot read a pod ordinal from pod name 'cache'\n" });
    expect(run('kafka-start.sh', { KP_POD_NAME: 'events-x1' })).toMatchObject({ status: 1, stderr: "kafka-start: cannot read a pod ordinal from pod name 'events-x1'\n" });
  });
});

describe('redis-ping.sh', () => {
  test('passes on PONG and fails on an error reply, which redis-cli exits 0 for', () => {
    const env = { KP_PORT: '6379', KP_PASSWORD_FILE: secretFile('password', 'x') };
    expect(run('redis-ping.sh', env, fakeTool('redis-cli', 'PONG')).status).toBe(0);
    const failed = run('redis-ping.sh', env, fakeTool('redis-cli', 'NOAUTH Authentication required.'));
    expect(failed).toMatchObject({ status: 1, stderr: 'redis-ping: NOAUTH Authentication required.\n' });
  });

  test('with KP_TLS_DIR, connects with TLS, not verifying its own pod over loopback', () => {
    const cli = join(work, 'redis-cli');
    writeFileSync(cli, '#!/bin/sh\nif [ "$*" = "--tls --insecure -h 127.0.0.1 -p 6379 ping" ]; then echo PONG; else echo "unexpected: $*"; fi\n');
    chmodSync(cli, 0o755);
    const env = { KP_PORT: '6379', KP_PASSWORD_FILE: secretFile('password', 'x') };
    expect(run('redis-ping.sh', { ...env, KP_TLS_DIR: '/etc/kube-patterns/tls' }, `${work}:/usr/bin:/bin`).status).toBe(0);
    expect(run('redis-ping.sh', env, `${work}:/usr/bin:/bin`)).toMatchObject({ status: 1, stderr: 'redis-ping: unexpected: -h 127.0.0.1 -p 6379 ping\n' });
  });

  test("authenticates with the password file's content (without its line break), through REDISCLI_AUTH", () => {
    const cli = join(work, 'redis-cli');
    writeFileSync(cli, '#!/bin/sh\nif [ "$REDISCLI_AUTH" = s3cret ]; then echo PONG; else echo NOAUTH; fi\n');
    chmodSync(cli, 0o755);
    expect(run('redis-ping.sh', { KP_PORT: '6379', KP_PASSWORD_FILE: secretFile('password', 's3cret\n') }, `${work}:/usr/bin:/bin`).status).toBe(0);
    expect(run('redis-ping.sh', { KP_PORT: '6379', KP_PASSWORD_FILE: secretFile('password', 'other') }, `${work}:/usr/bin:/bin`).status).toBe(1);
  });

  test('--alive (the liveness probe) also passes while the dataset loads; readiness does not', () => {
    const env = { KP_PORT: '6379', KP_PASSWORD_FILE: secretFile('password', 'x') };
    const loading = () => fakeTool('redis-cli', 'LOADING Redis is loading the dataset in memory');
    expect(run('redis-ping.sh', env, loading(), ['--alive']).status).toBe(0);
    expect(run('redis-ping.sh', env, loading())).toMatchObject({ status: 1, stderr: 'redis-ping: LOADING Redis is loading the dataset in memory\n' });
    expect(run('redis-ping.sh', env, fakeTool('redis-cli', 'NOAUTH Authentication required.'), ['--alive']).status).toBe(1);
    expect(run('redis-ping.sh', env, fakeTool('redis-cli', 'PONG'), ['--alive']).status).toBe(0);
  });
});

/** mongodb-start.sh's variables as the preset sets them, in dry-run mode. */
const mongodbStartEnv = (pod: string, replicaSet: string) => ({
  KP_POD_NAME: pod,
  KP_PORT: '27017',
  KP_DATA_DIR: '/data/db',
  KP_REPLICA_SET: replicaSet,
  KP_KEYFILE: '/etc/mongodb-keyfile/keyfile',
  KP_SCRIPTS: '/opt/kube-patterns',
  MONGO_INITDB_ROOT_USERNAME_FILE: '/etc/kube-patterns/credentials/username',
  MONGO_INITDB_ROOT_PASSWORD_FILE: '/etc/kube-patterns/credentials/password',
  KP_DRY_RUN: '1',
});

describe('mongodb-start.sh', () => {
  const env = mongodbStartEnv;

  test('pod 0 of a replica set creates the root user and initiates the set', () => {
    expect(run('mongodb-start.sh', env('docs-0', 'rs0')).stdout).toBe(
      'background: /opt/kube-patterns/mongodb-initiate.sh\nmongod --bind_ip_all --port 27017 --dbpath /data/db --replSet rs0 --keyFile /tmp/mongodb-keyfile\nroot user: /etc/kube-patterns/credentials/username\n',
    );
  });

  test('other members start empty (a member with data cannot join the initiation)', () => {
    expect(run('mongodb-start.sh', env('docs-2', 'rs0')).stdout).toBe('mongod --bind_ip_all --port 27017 --dbpath /data/db --replSet rs0 --keyFile /tmp/mongodb-keyfile\nroot user: none\n');
  });

  test('the container args follow the preset options, and --dbpath follows KP_DATA_DIR', () => {
    const result = spawnSync('sh', [join(SCRIPTS, 'mongodb-start.sh'), '--wiredTigerCacheSizeGB', '0.5'], { env: { PATH: '/usr/bin:/bin', ...env('docs-0', ''), KP_DATA_DIR: '/srv/mongo' }, encoding: 'utf8' });
    expect(result.stdout).toBe('mongod --bind_ip_all --port 27017 --dbpath /srv/mongo --wiredTigerCacheSizeGB 0.5\nroot user: /etc/kube-patterns/credentials/username\n');
  });

  test('a standalone server has no replica set and keeps its root user', () => {
    expect(run('mongodb-start.sh', env('docs-0', '')).stdout).toBe('mongod --bind_ip_all --port 27017 --dbpath /data/db\nroot user: /etc/kube-patterns/credentials/username\n');
  });
});

describe('mongodb-start.sh with tls', () => {
  const { key: KEY, cert: CERT, ca: CA } = PEM;
  const setup = (mode: string) => {
    const dir = tlsSecretDir();
    const stores = join(work, 'mongodb-tls');
    const env = { ...mongodbStartEnv('docs-1', 'rs0'), KP_TLS_DIR: dir, KP_STORES_DIR: stores, KP_TLS_MODE: mode };
    return { dir, stores, env };
  };

  test('mongod serves TLS from the key and chain as one private file, trusts the CA, and accepts clients without a certificate', () => {
    const { stores, env } = setup('requireTLS');
    const result = run('mongodb-start.sh', env);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toBe(
      `mongod --bind_ip_all --port 27017 --dbpath /data/db --replSet rs0 --keyFile /tmp/mongodb-keyfile --tlsMode requireTLS --tlsCertificateKeyFile ${stores}/keystore.pem --tlsCAFile ${stores}/truststore.pem --tlsAllowConnectionsWithoutCertificates\nroot user: none\n`,
    );
    expect(readFileSync(join(stores, 'keystore.pem'), 'utf8')).toBe(KEY + CERT);
    expect(readFileSync(join(stores, 'truststore.pem'), 'utf8')).toBe(CA);
    for (const file of readdirSync(stores)) expect(statSync(join(stores, file)).mode & 0o777).toBe(0o600);
  });

  test('restarted during a CA rotation: it trusts the CA loaded before and the new one (members not yet renewed stay reachable)', () => {
    const { dir, stores, env } = setup('preferTLS');
    expect(run('mongodb-start.sh', env).status).toBe(0);
    const CA2 = CA.replace('ca1', 'ca2');
    rmSync(join(dir, 'ca.crt'));
    writeFileSync(join(dir, 'ca.crt'), CA2, { mode: 0o440 });
    const result = run('mongodb-start.sh', env);
    expect(result.stdout).toContain('--tlsMode preferTLS ');
    expect(readFileSync(join(stores, 'truststore.pem'), 'utf8')).toBe(CA + CA2);
    expect(readFileSync(join(stores, 'ca-loaded.pem'), 'utf8')).toBe(CA2);
  });
});

describe('mongodb-initiate.sh', () => {
  test('logs in as root with the password in mongosh\'s environment, not its command line; over TLS (not verified, over loopback) with tls', () => {
    const mongosh = join(work, 'mongosh');
    // Records its first two arguments, the login it sees in its environment, and whether the
    // password is anywhere on its command line.
    writeFileSync(mongosh, `#!/bin/sh\ncase "$*" in *p@ss*) where=argv;; *) where=env;; esac\nprintf '%s\\n' "$1 $2" "user=$KP_ROOT_USERNAME password=$KP_ROOT_PASSWORD in=$where" >> "${join(work, 'calls')}"\n`);
    chmodSync(mongosh, 0o755);
    const env = {
      KP_PORT: '27017',
      KP_REPLICA_SET: 'rs0',
      KP_MEMBERS: 'a-0.h:27017',
      MONGO_INITDB_ROOT_USERNAME_FILE: secretFile('username', 'root'),
      MONGO_INITDB_ROOT_PASSWORD_FILE: secretFile('password', 'p@ss'),
    };
    expect(run('mongodb-initiate.sh', env, `${work}:/usr/bin:/bin`).status).toBe(0);
    expect(run('mongodb-initiate.sh', { ...env, KP_TLS_DIR: '/etc/kube-patterns/tls' }, `${work}:/usr/bin:/bin`).status).toBe(0);
    expect(readFileSync(join(work, 'calls'), 'utf8')).toBe(
      '--quiet mongodb://127.0.0.1:27017/admin\nuser=root password=p@ss in=env\n' +
        '--quiet mongodb://127.0.0.1:27017/admin?tls=true&tlsAllowInvalidCertificates=true\nuser=root password=p@ss in=env\n',
    );
  });

  test('lists every member in order, pod 0 with the higher priority', () => {
    const result = run('mongodb-initiate.sh', { KP_PORT: '27017', KP_REPLICA_SET: 'rs0', KP_MEMBERS: 'a-0.h:27017,a-1.h:27017,a-2.h:27017', KP_DRY_RUN: '1' });
    expect(result.stdout).toBe(
      "{ _id: 'rs0', members: [{ _id: 0, host: 'a-0.h:27017', priority: 2 }, { _id: 1, host: 'a-1.h:27017', priority: 1 }, { _id: 2, host: 'a-2.h:27017', priority: 1 }] }\n",
    );
  });
});

describe('zookeeper-start.sh', () => {
  const base = { ZOO_DATA_DIR: '/d', ZOO_DATA_LOG_DIR: '/l', KP_DRY_RUN: '1' };
  test.each([
    ['zk-0', 1],
    ['zk-2', 3],
    ['my-zk-10', 11],
  ])('%s gets myid %d (ordinal + 1)', (pod, myid) => {
    expect(run('zookeeper-start.sh', { ...base, KP_POD_NAME: pod }).stdout).toBe(`ZOO_MY_ID=${myid}\nZOO_CFG_EXTRA=\nSERVER_JVMFLAGS=\n`);
  });

  test('KP_METRICS_PORT turns on the Prometheus metrics provider, before the user config lines', () => {
    const env = { ...base, KP_POD_NAME: 'zk-0', KP_METRICS_PORT: '7000' };
    const provider = 'metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider metricsProvider.httpPort=7000';
    expect(run('zookeeper-start.sh', env).stdout).toBe(`ZOO_MY_ID=1\nZOO_CFG_EXTRA=${provider}\nSERVER_JVMFLAGS=\n`);
    expect(run('zookeeper-start.sh', { ...env, ZOO_CFG_EXTRA: 'tickTime=3000' }).stdout).toBe(`ZOO_MY_ID=1\nZOO_CFG_EXTRA=${provider} tickTime=3000\nSERVER_JVMFLAGS=\n`);
  });

  describe('with credentials: SASL for every client session and, in an ensemble, between members', () => {
    const sasl = (extra: Record<string, string> = {}, password = 'p"w\\d\n') => {
      const jaas = join(work, 'jaas.conf');
      const env = { ...base, KP_POD_NAME: 'zk-1', KP_USERNAME_FILE: secretFile('username', 'zk-admin\n'), KP_PASSWORD_FILE: secretFile('password', password), KP_JAAS_FILE: jaas, ...extra };
      const result = run('zookeeper-start.sh', env);
      return { result, jaas, text: () => readFileSync(jaas, 'utf8') };
    };
    const clients = 'authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider enforce.auth.enabled=true enforce.auth.schemes=sasl';
    const quorum = 'quorum.auth.enableSasl=true quorum.auth.learnerRequireSasl=true quorum.auth.serverRequireSasl=true';

    test('an ensemble: client and quorum authentication in zoo.cfg, the JAAS file named in SERVER_JVMFLAGS before the user\'s flags', () => {
      const { result, jaas } = sasl({ ZOO_SERVERS: 'server.1=a:2888:3888;2181', ZOO_CFG_EXTRA: 'tickTime=3000', SERVER_JVMFLAGS: '-Dx=1' });
      expect(result.stdout).toBe(`ZOO_MY_ID=2\nZOO_CFG_EXTRA=${clients} ${quorum} tickTime=3000\nSERVER_JVMFLAGS=-Djava.security.auth.login.config=${jaas} -Dx=1\n`);
    });

    test('standalone: client authentication only (no quorum)', () => {
      const { result, jaas } = sasl();
      expect(result.stdout).toBe(`ZOO_MY_ID=2\nZOO_CFG_EXTRA=${clients}\nSERVER_JVMFLAGS=-Djava.security.auth.login.config=${jaas}\n`);
    });

    test('the JAAS file: the user accepted by the server and the quorum server, logged in as learner and client; quotes and backslashes escaped; private', () => {
      const { text, jaas } = sasl();
      const module = 'org.apache.zookeeper.server.auth.DigestLoginModule';
      expect(text()).toBe(
        [
          `Server {\n  ${module} required\n  user_zk-admin="p\\"w\\\\d";\n};`,
          `QuorumServer {\n  ${module} required\n  user_zk-admin="p\\"w\\\\d";\n};`,
          `QuorumLearner {\n  ${module} required\n  username="zk-admin"\n  password="p\\"w\\\\d";\n};`,
          `Client {\n  ${module} required\n  username="zk-admin"\n  password="p\\"w\\\\d";\n};`,
          '',
        ].join('\n'),
      );
      expect(statSync(jaas).mode & 0o777).toBe(0o600);
    });

    test.each([
      ['a user name that cannot name a JAAS option', { KP_USERNAME_FILE: 'user name' }, "zookeeper-start: the credentials Secret's key 'username' must be letters, digits, '.', '_' or '-' (it names a JAAS option)\n"],
      ['a password with a line break', { KP_PASSWORD_FILE: 'two\nlines' }, "zookeeper-start: the credentials Secret's key 'password' contains a line break, which a JAAS configuration cannot hold\n"],
      ['an empty password', { KP_PASSWORD_FILE: '\n' }, "zookeeper-start: the credentials Secret's key 'password' is empty\n"],
    ])('refuses %s, before writing anything', (_, files, message) => {
      const env: Record<string, string> = {};
      for (const [variable, content] of Object.entries(files)) env[variable] = secretFile(`${variable}.bad`, content);
      const { result, jaas } = sasl(env);
      expect(result).toMatchObject({ status: 1, stderr: message, stdout: '' });
      expect(existsSync(jaas)).toBe(false);
    });

    test('refuses an unreadable credentials file, naming the key', () => {
      const { result } = sasl({ KP_PASSWORD_FILE: join(work, 'missing') });
      expect(result).toMatchObject({ status: 1, stderr: `zookeeper-start: cannot read the credentials Secret's key 'password' (${join(work, 'missing')})\n` });
    });
  });
});

describe('kafka-start.sh', () => {
  test('with credentials: the SASL_PLAINTEXT listener; a private JAAS file for the server, the other nodes and the tools; client settings without a secret', () => {
    const jaas = join(work, 'kafka_jaas.conf');
    const client = join(work, 'client.properties');
    const env = {
      KP_POD_NAME: 'events-2',
      KP_PORT: '9092',
      KP_DOMAIN: 'events-headless.data.svc.cluster.local',
      KP_LISTENER: 'SASL_PLAINTEXT',
      KP_USERNAME_FILE: secretFile('username', 'events'),
      KP_PASSWORD_FILE: secretFile('password', 'p"w\\d'),
      KP_JAAS_FILE: jaas,
      KP_CLIENT_CONFIG: client,
      KP_DRY_RUN: '1',
    };
    expect(run('kafka-start.sh', env).stdout).toBe('KAFKA_NODE_ID=2\nKAFKA_ADVERTISED_LISTENERS=SASL_PLAINTEXT://events-2.events-headless.data.svc.cluster.local:9092\n');
    const module = 'org.apache.kafka.common.security.plain.PlainLoginModule';
    expect(readFileSync(jaas, 'utf8')).toBe(
      `KafkaServer {\n  ${module} required\n  username="events"\n  password="p\\"w\\\\d"\n  user_events="p\\"w\\\\d";\n};\nKafkaClient {\n  ${module} required\n  username="events"\n  password="p\\"w\\\\d";\n};\n`,
    );
    expect(statSync(jaas).mode & 0o777).toBe(0o600);
    expect(readFileSync(client, 'utf8')).toBe('security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n');
  });

  test('the node id is the ordinal and the listener advertises the pod DNS name', () => {
    expect(run('kafka-start.sh', { KP_POD_NAME: 'events-1', KP_PORT: '9092', KP_DOMAIN: 'events-headless.data.svc.cluster.local', KP_DRY_RUN: '1' }).stdout).toBe(
      'KAFKA_NODE_ID=1\nKAFKA_ADVERTISED_LISTENERS=PLAINTEXT://events-1.events-headless.data.svc.cluster.local:9092\n',
    );
  });

  describe('with tls', () => {
    const { key: KEY, cert: CERT, ca: CA } = PEM;
    const tlsDir = tlsSecretDir;
    let stores: string;
    beforeEach(() => {
      stores = join(work, 'kafka-tls');
    });
    const env = (dir: string, extra: Record<string, string> = {}) => ({
      KP_POD_NAME: 'events-0',
      KP_PORT: '9092',
      KP_DOMAIN: 'events-headless.data.svc.cluster.local',
      KP_LISTENER: 'TLS',
      KP_CLIENT_PROTOCOL: 'SSL',
      KP_CLIENT_CONFIG: join(work, 'client.properties'),
      KP_TLS_DIR: dir,
      KP_STORES_DIR: stores,
      KP_DRY_RUN: '1',
      ...extra,
    });

    test('the PEM keystore is the key, then the chain; the truststore the CA; private to the broker; the tools trust it', () => {
      const dir = tlsDir(KEY);
      const result = run('kafka-start.sh', env(dir));
      expect(result).toMatchObject({ status: 0, stderr: '' });
      // Advertised as TLS: the image's configure script checks for "SSL://" (keystore password files).
      expect(result.stdout).toBe('KAFKA_NODE_ID=0\nKAFKA_ADVERTISED_LISTENERS=TLS://events-0.events-headless.data.svc.cluster.local:9092\n');
      expect(readFileSync(join(stores, 'keystore.pem'), 'utf8')).toBe(KEY + CERT);
      expect(readFileSync(join(stores, 'truststore.pem'), 'utf8')).toBe(CA);
      expect(readFileSync(join(stores, 'ca-loaded.pem'), 'utf8')).toBe(CA);
      for (const file of readdirSync(stores)) expect(statSync(join(stores, file)).mode & 0o777).toBe(0o600);
      expect(readdirSync(stores).sort()).toEqual(['ca-loaded.pem', 'keystore.pem', 'truststore.pem']);
      expect(readFileSync(join(work, 'client.properties'), 'utf8')).toBe(
        `security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=${stores}/truststore.pem\nssl.endpoint.identification.algorithm=\n`,
      );
    });

    test('with SASL: the client settings name both', () => {
      const dir = tlsDir(KEY);
      const extra = { KP_LISTENER: 'SASL_TLS', KP_CLIENT_PROTOCOL: 'SASL_SSL', KP_USERNAME_FILE: secretFile('username', 'events'), KP_PASSWORD_FILE: secretFile('password', 'pw'), KP_JAAS_FILE: join(work, 'jaas.conf') };
      expect(run('kafka-start.sh', env(dir, extra)).status).toBe(0);
      expect(readFileSync(join(work, 'client.properties'), 'utf8')).toBe(
        `security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nssl.truststore.type=PEM\nssl.truststore.location=${stores}/truststore.pem\nssl.endpoint.identification.algorithm=\n`,
      );
    });

    test('restarted during a CA rotation: the truststore holds the CA loaded before, then the new one', () => {
      const dir = tlsDir(KEY);
      expect(run('kafka-start.sh', env(dir)).status).toBe(0);
      const CA2 = CA.replace('ca1', 'ca2');
      rmSync(join(dir, 'ca.crt'));
      writeFileSync(join(dir, 'ca.crt'), CA2, { mode: 0o440 });
      expect(run('kafka-start.sh', env(dir)).status).toBe(0);
      expect(readFileSync(join(stores, 'truststore.pem'), 'utf8')).toBe(CA + CA2);
      expect(readFileSync(join(stores, 'ca-loaded.pem'), 'utf8')).toBe(CA2);
    });

    test('a key that is not unencrypted PKCS#8 is refused with what to do, before Kafka starts', () => {
      const dir = tlsDir('-----BEGIN RSA PRIVATE KEY-----\nMIIkey\n-----END RSA PRIVATE KEY-----\n');
      const result = run('kafka-start.sh', env(dir));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^kafka-start: the tls Secret's tls.key is not an unencrypted PKCS#8 key .*privateKey.encoding: PKCS8.*openssl pkcs8 -topk8 -nocrypt\n$/);
      expect(existsSync(join(stores, 'keystore.pem'))).toBe(false);
    });
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

  test('with authentication, passes only once cassandra-auth.sh has recorded that clients can log in', () => {
    const ready = join(work, 'auth-ready');
    const env = { POD_IP: '10.0.0.10', KP_PASSWORD_FILE: '/etc/kube-patterns/credentials/password', KP_AUTH_READY: ready };
    expect(run('cassandra-ready.sh', env, fakeTool('nodetool', status))).toMatchObject({
      status: 1,
      stderr: "cassandra-ready: clients cannot log in as the credentials Secret's user yet (cassandra-auth.sh has not finished; see the container's log)\n",
    });
    writeFileSync(ready, '');
    expect(run('cassandra-ready.sh', env, fakeTool('nodetool', status)).status).toBe(0);
  });
});

describe('cassandra-start.sh', () => {
  /** cassandra.yaml as Cassandra 5.0's distribution lays out the keys the script sets. */
  const yaml5 = [
    "cluster_name: 'Test Cluster'",
    '# Authentication backend...',
    'authenticator:',
    '  class_name : org.apache.cassandra.auth.AllowAllAuthenticator',
    '# MutualTlsAuthenticator can be configured using the following configuration.',
    '# authenticator:',
    '#   class_name : org.apache.cassandra.auth.MutualTlsAuthenticator',
    'authorizer:',
    '  class_name : AllowAllAuthorizer',
    '',
    'role_manager: CassandraRoleManager',
    'seed_provider:',
    '  - class_name: org.apache.cassandra.locator.SimpleSeedProvider',
    '',
  ].join('\n');
  /** The same keys as Cassandra 4 writes them. */
  const yaml4 = ['authenticator: AllowAllAuthenticator', 'authorizer: AllowAllAuthorizer', 'role_manager: CassandraRoleManager', 'num_tokens: 16', ''].join('\n');
  const start = (yaml: string, env: Record<string, string>) => {
    mkdirSync(join(work, 'conf'));
    writeFileSync(join(work, 'conf', 'cassandra.yaml'), yaml);
    const result = run('cassandra-start.sh', { KP_CASSANDRA_CONF: join(work, 'conf'), KP_DRY_RUN: '1', ...env });
    return { result, yaml: readFileSync(join(work, 'conf', 'cassandra.yaml'), 'utf8') };
  };
  const secured = { KP_USERNAME_FILE: '/c/username', KP_PASSWORD_FILE: '/c/password' };

  test('with authentication: Cassandra 5\'s class_name maps become PasswordAuthenticator and CassandraAuthorizer, comments and other keys kept; the auth script runs beside the entrypoint', () => {
    const { result, yaml } = start(yaml5, secured);
    expect(result.stdout).toBe(`background: ${SCRIPTS}/cassandra-auth.sh\ndocker-entrypoint.sh cassandra -f\n`);
    expect(yaml).toBe(
      [
        "cluster_name: 'Test Cluster'",
        '# Authentication backend...',
        'authenticator: PasswordAuthenticator',
        '# MutualTlsAuthenticator can be configured using the following configuration.',
        '# authenticator:',
        '#   class_name : org.apache.cassandra.auth.MutualTlsAuthenticator',
        'authorizer: CassandraAuthorizer',
        '',
        'role_manager: CassandraRoleManager',
        'seed_provider:',
        '  - class_name: org.apache.cassandra.locator.SimpleSeedProvider',
        '',
      ].join('\n'),
    );
  });

  test('with authentication: Cassandra 4\'s one-line keys are set the same way', () => {
    expect(start(yaml4, secured).yaml).toBe(['authenticator: PasswordAuthenticator', 'authorizer: CassandraAuthorizer', 'role_manager: CassandraRoleManager', 'num_tokens: 16', ''].join('\n'));
  });

  test('without authentication: the image\'s cassandra.yaml is left as it is, and only the entrypoint runs', () => {
    const { result, yaml } = start(yaml5, {});
    expect(result.stdout).toBe('docker-entrypoint.sh cassandra -f\n');
    expect(yaml).toBe(yaml5);
  });

  test('with tls: the keystore from the Secret (key, then chain; private), and client_encryption_options from it, optional unless KP_TLS_OPTIONAL is false', () => {
    const tls = tlsSecretDir();
    const stores = join(work, 'stores');
    const yaml = yaml5.replace('seed_provider:', 'client_encryption_options:\n  # Enable client-to-server encryption\n  enabled: false\n  keystore: conf/.keystore\n  keystore_password: cassandra\nseed_provider:');
    const encryption = (optional: string) =>
      `client_encryption_options: {enabled: true, optional: ${optional}, keystore: '${stores}/keystore.pem', require_client_auth: false, ssl_context_factory: {class_name: org.apache.cassandra.security.PEMBasedSslContextFactory}}\nseed_provider:`;
    const optional = start(yaml, { KP_TLS_DIR: tls, KP_STORES_DIR: stores });
    expect(optional.result.status).toBe(0);
    expect(optional.yaml).toContain(encryption('true'));
    expect(optional.yaml).not.toContain('keystore_password');
    expect(readFileSync(join(stores, 'keystore.pem'), 'utf8')).toBe(PEM.key + PEM.cert);
    expect(statSync(join(stores, 'keystore.pem')).mode & 0o777).toBe(0o600);
    rmSync(join(work, 'conf'), { recursive: true });
    expect(start(yaml, { KP_TLS_DIR: tls, KP_STORES_DIR: stores, KP_TLS_OPTIONAL: 'false', ...secured }).yaml).toContain(encryption('false'));
  });

  test('with tls: a PKCS#1 key is refused before the server (or the auth script) starts, saying how to fix it', () => {
    const { result } = start(yaml5, { KP_TLS_DIR: tlsSecretDir('-----BEGIN RSA PRIVATE KEY-----\nMIIkey\n-----END RSA PRIVATE KEY-----\n'), KP_STORES_DIR: join(work, 'stores'), ...secured });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^cassandra-start: the tls Secret's tls\.key is not an unencrypted PKCS#8 key .*privateKey\.encoding: PKCS8/);
    expect(result.stdout).toBe('');
  });

  test('a cassandra.yaml without one of the keys is refused, naming it', () => {
    expect(start('num_tokens: 16\n', secured).result).toMatchObject({ status: 1, stderr: expect.stringContaining("has no top-level 'authenticator:' to set") });
  });

  test("with metrics: the exporter's agent is appended to JVM_EXTRA_OPTS (the user's kept) when the init container fetched it; without the jar, the server starts without it and says why", () => {
    const jar = join(work, 'jmx_prometheus_javaagent-1.0.1.jar');
    const agent = { KP_METRICS_AGENT_JAR: jar, KP_METRICS_AGENT_PORT: '7070', KP_METRICS_AGENT_CONFIG: '/opt/kube-patterns/cassandra-jmx-exporter.yaml' };
    writeFileSync(jar, 'jar');
    expect(start(yaml5, agent).result.stdout).toBe(`docker-entrypoint.sh cassandra -f (JVM_EXTRA_OPTS=-javaagent:${jar}=7070:/opt/kube-patterns/cassandra-jmx-exporter.yaml)\n`);
    rmSync(join(work, 'conf'), { recursive: true });
    expect(start(yaml5, { ...agent, JVM_EXTRA_OPTS: '-XX:+AlwaysPreTouch -Dx=1' }).result.stdout).toBe(
      `docker-entrypoint.sh cassandra -f (JVM_EXTRA_OPTS=-XX:+AlwaysPreTouch -Dx=1 -javaagent:${jar}=7070:/opt/kube-patterns/cassandra-jmx-exporter.yaml)\n`,
    );
    rmSync(join(work, 'conf'), { recursive: true });
    rmSync(jar);
    const without = start(yaml5, agent).result;
    expect(without).toMatchObject({ status: 0, stdout: 'docker-entrypoint.sh cassandra -f\n' });
    expect(without.stderr).toBe(`cassandra-start: ${jar} was not fetched (see the init container metrics-agent's log): the server starts without its metrics\n`);
  });
});

describe('java-agent-fetch.sh', () => {
  /** A static file server on 127.0.0.1 (a free port), over TLS with `tls`; stopped after each test. */
  let server: ChildProcess | undefined;
  afterEach(() => server?.kill());
  const serve = async (root: string, tls?: { cert: string; key: string }): Promise<string> => {
    const code = [
      'import functools, http.server, ssl, sys',
      `handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=${JSON.stringify(root)})`,
      "httpd = http.server.HTTPServer(('127.0.0.1', 0), handler)",
      ...(tls ? ['c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)', `c.load_cert_chain(${JSON.stringify(tls.cert)}, ${JSON.stringify(tls.key)})`, 'httpd.socket = c.wrap_socket(httpd.socket, server_side=True)'] : []),
      'print(httpd.server_address[1], flush=True)',
      'httpd.serve_forever()',
    ].join('\n');
    server = spawn('/usr/bin/python3', ['-c', code], { stdio: ['ignore', 'pipe', 'ignore'] });
    const port = await new Promise<string>((resolve, reject) => {
      server!.stdout!.once('data', (data: Buffer) => resolve(data.toString().trim()));
      server!.once('exit', () => reject(new Error('the test server exited')));
    });
    return `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  };
  /** The repository: one jar at the Maven path, and its SHA-256. */
  const repository = (content = 'the agent jar') => {
    const root = join(work, 'repo');
    mkdirSync(join(root, 'io/prometheus/jmx/a/1.0'), { recursive: true });
    writeFileSync(join(root, 'io/prometheus/jmx/a/1.0/a-1.0.jar'), content);
    return { root, sha256: createHash('sha256').update(content).digest('hex') };
  };
  const fetchAgent = (env: Record<string, string>, path = '/usr/bin:/bin') => run('java-agent-fetch.sh', { KP_FETCH_PAUSE: '0', ...env }, path);
  const dir = () => join(work, 'data', '.kube-patterns');

  test('fetches the jar, checks its SHA-256, puts it in place and removes the other versions; a jar already in place is kept without a fetch', async () => {
    const { root, sha256 } = repository();
    const url = `${await serve(root)}/io/prometheus/jmx/a/1.0/a-1.0.jar`;
    mkdirSync(dir(), { recursive: true });
    writeFileSync(join(dir(), 'a-0.9.jar'), 'old');
    const jar = join(dir(), 'a-1.0.jar');
    const result = fetchAgent({ KP_AGENT_URL: url, KP_AGENT_SHA256: sha256, KP_AGENT_JAR: jar });
    expect(result).toMatchObject({ status: 0, stdout: `java-agent-fetch: ${jar} fetched from ${url}\n`, stderr: '' });
    expect(readdirSync(dir())).toEqual(['a-1.0.jar']);
    expect(readFileSync(jar, 'utf8')).toBe('the agent jar');
    // Again, from a repository that does not answer: nothing is fetched.
    expect(fetchAgent({ KP_AGENT_URL: 'http://127.0.0.1:1/a-1.0.jar', KP_AGENT_SHA256: sha256, KP_AGENT_JAR: jar })).toMatchObject({ status: 0, stdout: `java-agent-fetch: ${jar} is already there\n` });
  });

  test('another file under that name is not used, and not fetched again; the pod still starts', async () => {
    const { root } = repository('something else');
    const url = `${await serve(root)}/io/prometheus/jmx/a/1.0/a-1.0.jar`;
    const expected = createHash('sha256').update('the agent jar').digest('hex');
    const result = fetchAgent({ KP_AGENT_URL: url, KP_AGENT_SHA256: expected, KP_AGENT_JAR: join(dir(), 'a-1.0.jar') });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`java-agent-fetch: ${url} does not have the SHA-256 ${expected} (got ${createHash('sha256').update('something else').digest('hex')}); not used, the server starts without the agent\n`);
    expect(readdirSync(dir())).toEqual([]);
  });

  test('a repository that does not answer: the attempts, then no agent; the pod still starts', () => {
    const result = fetchAgent({ KP_AGENT_URL: 'http://127.0.0.1:1/a-1.0.jar', KP_AGENT_SHA256: 'ab', KP_AGENT_JAR: join(dir(), 'a-1.0.jar'), KP_FETCH_ATTEMPTS: '2' });
    expect(result.status).toBe(0);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('java-agent-fetch:'))).toEqual([
      'java-agent-fetch: fetching http://127.0.0.1:1/a-1.0.jar failed (attempt 1 of 2)',
      'java-agent-fetch: fetching http://127.0.0.1:1/a-1.0.jar failed (attempt 2 of 2)',
      "java-agent-fetch: no agent; the server starts without it, and the pod's next start tries again",
    ]);
    expect(readdirSync(dir())).toEqual([]);
  });

  test("https is verified against the JVM's trust store (keytool -cacerts): the server's CA there is trusted, another is not", async () => {
    const { root, sha256 } = repository();
    const [cert, key] = [join(work, 'server.crt'), join(work, 'server.key')];
    const openssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    expect(openssl.status).toBe(0);
    const url = `${await serve(root, { cert, key })}/io/prometheus/jmx/a/1.0/a-1.0.jar`;
    const jar = join(dir(), 'a-1.0.jar');
    // keytool -list -rfc prints each entry's alias and the certificate in PEM.
    const trusted = fakeTool('keytool', `Alias name: test\n${readFileSync(cert, 'utf8').trim()}`);
    expect(fetchAgent({ KP_AGENT_URL: url, KP_AGENT_SHA256: sha256, KP_AGENT_JAR: jar }, trusted)).toMatchObject({ status: 0, stdout: `java-agent-fetch: ${jar} fetched from ${url}\n` });
    rmSync(dir(), { recursive: true });
    const other = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=other', '-keyout', join(work, 'o.key'), '-out', join(work, 'o.crt')], { encoding: 'utf8' });
    expect(other.status).toBe(0);
    const untrusted = fakeTool('keytool', `Alias name: other\n${readFileSync(join(work, 'o.crt'), 'utf8').trim()}`);
    const refused = fetchAgent({ KP_AGENT_URL: url, KP_AGENT_SHA256: sha256, KP_AGENT_JAR: jar, KP_FETCH_ATTEMPTS: '1' }, untrusted);
    expect(refused.status).toBe(0);
    expect(refused.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
    expect(readdirSync(dir())).toEqual([]);
  });
});

describe('cassandra-auth.sh', () => {
  /**
   * A fake cqlsh that keeps a ring's roles and system_auth's replication in `state/`: it refuses
   * a login with unknown credentials as Cassandra does ("Bad credentials"), answers nothing until
   * `state/up` exists, runs the few statements the script sends, refuses a credentials file that
   * others can read (as cqlsh ignores it), and logs each call's user, its statements and whether
   * a password was on its command line.
   */
  const CQLSH = String.raw`#!/usr/bin/env python3
import configparser, json, os, re, stat, sys
state = os.environ['FAKE_STATE']
args = sys.argv[1:]
creds = args[args.index('--credentials') + 1]
if os.stat(creds).st_mode & 0o077:
    print('credentials file readable by others'); sys.exit(1)
cp = configparser.RawConfigParser(); cp.read(creds)
user, password = cp.get('plain_text_auth', 'username'), cp.get('plain_text_auth', 'password')
if not os.path.exists(os.path.join(state, 'up')):
    print("Connection error: ('Unable to connect to any servers', {'127.0.0.1:9042': ConnectionRefusedError(111, 'refused')})"); sys.exit(1)
roles_file = os.path.join(state, 'roles.json')
roles = json.load(open(roles_file))
if roles.get(user) != password:
    print("Connection error: ('Unable to connect to any servers', {'127.0.0.1:9042': AuthenticationFailed('Failed to authenticate to 127.0.0.1:9042: Error from server: code=0100 [Bad credentials] message=\"Provided username and/or password are incorrect\"')})"); sys.exit(1)
statements = open(args[args.index('-f') + 1]).read() if '-f' in args else args[args.index('-e') + 1]
leaked = any(password in a for a in args) or any(p in a for p in roles.values() for a in args if p != 'cassandra')
with open(os.path.join(state, 'log'), 'a') as log:
    log.write(json.dumps({'user': user, 'statements': statements, 'passwordInArgs': leaked, 'tls': ('--ssl' in args) and os.environ.get('SSL_VALIDATE')}) + '\n')
literal = r"'((?:[^']|'')*)'"
for s in [s.strip() for s in statements.split(';') if s.strip()]:
    m = re.match(r'CREATE ROLE IF NOT EXISTS ' + literal + ' WITH PASSWORD = ' + literal, s)
    if m:
        roles.setdefault(m[1].replace("''", "'"), m[2].replace("''", "'")); continue
    m = re.match(r'ALTER ROLE (?:' + literal + '|(\w+)) WITH PASSWORD = ' + literal, s)
    if m:
        roles[(m[1] or m[2]).replace("''", "'")] = m[3].replace("''", "'"); continue
    if s == 'DROP ROLE IF EXISTS cassandra':
        if os.path.exists(os.path.join(state, 'drop-fails')):
            os.remove(os.path.join(state, 'drop-fails'))
            print('<stdin>:1:NoHostAvailable: ... Cannot achieve consistency level QUORUM'); sys.exit(2)
        roles.pop('cassandra', None); continue
    if s.startswith('SELECT replication'):
        print(' replication\n---\n ' + open(os.path.join(state, 'replication')).read() + '\n(1 rows)'); continue
    m = re.match(r"ALTER KEYSPACE system_auth WITH replication = (.*)", s)
    if m:
        open(os.path.join(state, 'replication'), 'w').write(m[1].replace("'dc1': ", "'dc1': '").replace('}', "'}") if "'class'" in m[1] else m[1]); continue
    if s.startswith('SELECT release_version'):
        print(' release_version\n---\n 5.0.6'); continue
    print('unexpected statement: ' + s); sys.exit(2)
json.dump(roles, open(roles_file, 'w'))
`;
  /** A fake nodetool: `status` lists `state/nodes` nodes Up/Normal; `repair` is logged. */
  const NODETOOL = `#!/bin/sh
if [ "$1" = status ]; then
  i=0; while [ "$i" -lt "$(cat "$FAKE_STATE/nodes")" ]; do echo "UN  10.0.0.$i  1 MiB  16  ?  id-$i  rack1"; i=$((i + 1)); done
else
  echo "nodetool $*" >> "$FAKE_STATE/repairs"
fi
`;
  const SIMPLE = "{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '1'}";

  /** The ring's state before the script runs, and the script's environment. */
  function ring(options: { roles: Record<string, string>; nodes: number; replication?: string; up?: boolean; username?: string; password?: string }) {
    const state = join(work, 'state');
    mkdirSync(state);
    writeFileSync(join(state, 'roles.json'), JSON.stringify(options.roles));
    writeFileSync(join(state, 'nodes'), String(options.nodes));
    writeFileSync(join(state, 'replication'), options.replication ?? SIMPLE);
    if (options.up !== false) writeFileSync(join(state, 'up'), '');
    for (const [name, text] of [['cqlsh', CQLSH], ['nodetool', NODETOOL]]) {
      writeFileSync(join(work, name), text);
      chmodSync(join(work, name), 0o755);
    }
    const env = {
      FAKE_STATE: state,
      KP_USERNAME_FILE: secretFile('username', options.username ?? 'ring-admin\n'),
      KP_PASSWORD_FILE: secretFile('password', options.password ?? "p'w%d\"x y\n"),
      CASSANDRA_DC: 'dc1',
      KP_AUTH_READY: join(work, 'auth-ready'),
      KP_AUTH_DIR: join(work, 'private'),
      KP_AUTH_INTERVAL: '0.1',
      KP_AUTH_TIMEOUT: '2',
    };
    const read = (file: string) => (existsSync(join(state, file)) ? readFileSync(join(state, file), 'utf8') : '');
    return {
      env,
      run: () => run('cassandra-auth.sh', env, `${work}:/usr/bin:/bin`),
      roles: () => JSON.parse(read('roles.json')),
      calls: () => read('log').split('\n').filter(Boolean).map((line) => JSON.parse(line)),
      replication: () => read('replication'),
      repairs: () => read('repairs'),
      ready: () => existsSync(env.KP_AUTH_READY),
    };
  }
  const NTS = (n: number) => `{'class': 'NetworkTopologyStrategy', 'dc1': '${n}'}`;

  test('a fresh ring: creates the Secret\'s user as the default superuser, drops the default as the new user, records readiness, and moves system_auth to NetworkTopologyStrategy on the one node', () => {
    const r = ring({ roles: { cassandra: 'cassandra' }, nodes: 1 });
    const result = r.run();
    expect(result.status).toBe(0);
    expect(r.roles()).toEqual({ 'ring-admin': "p'w%d\"x y" });
    const calls = r.calls();
    expect(calls.map((c) => `${c.user}: ${c.statements.trim()}`)).toEqual([
      'cassandra: SELECT release_version FROM system.local',
      "cassandra: CREATE ROLE IF NOT EXISTS 'ring-admin' WITH PASSWORD = 'p''w%d\"x y' AND SUPERUSER = true AND LOGIN = true;\nALTER ROLE 'ring-admin' WITH PASSWORD = 'p''w%d\"x y' AND SUPERUSER = true AND LOGIN = true;",
      'ring-admin: SELECT release_version FROM system.local',
      // Is the default superuser still there? Then drop it.
      'cassandra: SELECT release_version FROM system.local',
      'ring-admin: DROP ROLE IF EXISTS cassandra',
      "ring-admin: SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'system_auth'",
      "ring-admin: ALTER KEYSPACE system_auth WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1}",
    ]);
    // The password never reached a command line.
    expect(calls.every((c) => c.passwordInArgs === false)).toBe(true);
    expect(r.ready()).toBe(true);
    expect(r.replication()).toBe(NTS(1));
    expect(r.repairs()).toBe('nodetool repair --full system_auth\n');
    expect(result.stderr).toContain("cassandra-auth: created the user 'ring-admin' (superuser) from the credentials Secret\n");
    expect(result.stderr).toContain("cassandra-auth: dropped the default superuser 'cassandra'\n");
    expect(result.stderr).toContain('cassandra-auth: system_auth replicated to 1 nodes in dc1, and repaired\n');
    // Its private files: the credentials files 0600 in a 0700 directory, the statements file removed.
    expect(statSync(join(work, 'private')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(work, 'private')).sort()).toEqual(['default', 'user']);
    expect(statSync(join(work, 'private', 'user')).mode & 0o777).toBe(0o600);
  });

  test('a node joining a ring whose user exists: logs in, leaves the roles alone, raises system_auth to the nodes Up/Normal (at most 3) and repairs it', () => {
    const r = ring({ roles: { 'ring-admin': "p'w%d\"x y" }, nodes: 2, replication: NTS(1) });
    expect(r.run().status).toBe(0);
    expect(r.roles()).toEqual({ 'ring-admin': "p'w%d\"x y" });
    expect(r.calls().map((c) => c.statements.trim())).toEqual([
      'SELECT release_version FROM system.local',
      "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'system_auth'",
      "ALTER KEYSPACE system_auth WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}",
    ]);
    expect(r.replication()).toBe(NTS(2));
    expect(r.ready()).toBe(true);

    rmSync(join(work, 'state'), { recursive: true });
    const five = ring({ roles: { 'ring-admin': "p'w%d\"x y" }, nodes: 5, replication: NTS(2) });
    expect(five.run().status).toBe(0);
    expect(five.replication()).toBe(NTS(3));
  });

  test('with tls: every cqlsh call connects with TLS, not verified (loopback is not a name the certificate holds)', () => {
    const r = ring({ roles: { cassandra: 'cassandra' }, nodes: 1 });
    const result = run('cassandra-auth.sh', { ...r.env, KP_TLS_DIR: '/etc/kube-patterns/tls' }, `${work}:/usr/bin:/bin`);
    expect(result.status).toBe(0);
    expect(r.calls().length).toBeGreaterThan(3);
    expect(r.calls().every((c) => c.tls === 'false')).toBe(true);
  });

  test('enough replicas already: no change and no repair', () => {
    const r = ring({ roles: { 'ring-admin': "p'w%d\"x y" }, nodes: 3, replication: NTS(3) });
    const result = r.run();
    expect(result.status).toBe(0);
    expect(r.calls()).toHaveLength(2);
    expect(r.repairs()).toBe('');
    expect(result.stderr).toContain('cassandra-auth: system_auth has 3 replicas in dc1 (3 nodes Up/Normal)\n');
  });

  test('a setup cut short (user created, default still there): the default is dropped at the next start', () => {
    const r = ring({ roles: { cassandra: 'cassandra', 'ring-admin': "p'w%d\"x y" }, nodes: 1, replication: NTS(1) });
    expect(r.run().status).toBe(0);
    expect(r.roles()).toEqual({ 'ring-admin': "p'w%d\"x y" });
  });

  test('a drop of the default superuser that fails (a write the ring cannot take yet) is retried; the node is marked ready only once it is gone', () => {
    const r = ring({ roles: { cassandra: 'cassandra', 'ring-admin': "p'w%d\"x y" }, nodes: 1, replication: NTS(1) });
    writeFileSync(join(work, 'state', 'drop-fails'), '');
    const result = r.run();
    expect(result.status).toBe(0);
    expect(r.calls().filter((c) => c.statements === 'DROP ROLE IF EXISTS cassandra')).toHaveLength(2);
    expect(r.roles()).toEqual({ 'ring-admin': "p'w%d\"x y" });
    expect(r.ready()).toBe(true);

    rmSync(join(work, 'state'), { recursive: true });
    rmSync(join(work, 'auth-ready'));
    // The drop never succeeds before the deadline: not ready, and it says why.
    const stuck = ring({ roles: { cassandra: 'cassandra', 'ring-admin': "p'w%d\"x y" }, nodes: 1, replication: NTS(1) });
    writeFileSync(join(stuck.env.FAKE_STATE, 'roles.json'), JSON.stringify({ cassandra: 'cassandra', 'ring-admin': "p'w%d\"x y" }));
    const cqlsh = join(work, 'cqlsh');
    writeFileSync(cqlsh, readFileSync(cqlsh, 'utf8').replace("os.remove(os.path.join(state, 'drop-fails'))", 'pass'));
    writeFileSync(join(stuck.env.FAKE_STATE, 'drop-fails'), '');
    const gaveUp = stuck.run();
    expect(gaveUp.status).toBe(1);
    expect(gaveUp.stderr).toContain("cassandra-auth: gave up after 2 s: the default superuser 'cassandra' could not be dropped: <stdin>:1:NoHostAvailable");
    expect(stuck.ready()).toBe(false);
  });

  test('a Secret naming cassandra: that role\'s password is set, and it is kept', () => {
    const r = ring({ roles: { cassandra: 'cassandra' }, nodes: 1, username: 'cassandra', password: 's3cret' });
    expect(r.run().status).toBe(0);
    expect(r.roles()).toEqual({ cassandra: 's3cret' });
    expect(r.calls()[1].statements).toBe("ALTER ROLE cassandra WITH PASSWORD = 's3cret';\n");
  });

  test('waits while CQL does not answer, and gives up after KP_AUTH_TIMEOUT when nobody can log in, saying why once', () => {
    const down = ring({ roles: {}, nodes: 1, up: false });
    expect(down.run()).toMatchObject({ status: 1, stderr: 'cassandra-auth: waiting for CQL on 127.0.0.1:9042\ncassandra-auth: gave up after 2 s: clients cannot log in as \'ring-admin\'\n' });
    rmSync(join(work, 'state'), { recursive: true });
    // Roles exist, but neither the Secret's password nor the default login works.
    const other = ring({ roles: { 'ring-admin': 'older' }, nodes: 1 });
    const result = other.run();
    expect(result.status).toBe(1);
    expect(result.stderr.match(/refuses both/g)).toHaveLength(1);
    expect(result.stderr).toContain("if 'ring-admin' exists with another password, set it with ALTER ROLE or put that password back in the Secret");
    expect(other.ready()).toBe(false);
  });

  test.each([
    ['username', 'ring admin', "the credentials Secret's key 'username' must be letters, digits, '.', '_' or '-'"],
    ['password', '', "the credentials Secret's key 'password' is empty"],
    ['password', 'two\nlines', "the credentials Secret's key 'password' contains a line break, which cqlsh's credentials file cannot hold"],
    ['password', ' padded', "the credentials Secret's key 'password' starts or ends with a blank, which cqlsh's credentials file drops"],
  ])('a Secret %s %j is refused at once: %s', (key, value, message) => {
    const r = ring({ roles: { cassandra: 'cassandra' }, nodes: 1, [key]: value });
    expect(r.run()).toMatchObject({ status: 1, stderr: `cassandra-auth: ${message}\n` });
    expect(r.calls()).toEqual([]);
  });
});

describe('postgres-upgrade.sh', () => {
  // Fake binaries of two majors under KP_BIN_ROOT: each logs its arguments; pg_controldata prints
  // CONTROL (a file); initdb creates the new cluster; pg_upgrade writes PG_VERSION into it.
  let mount: string;
  let calls: string;
  const tool = (major: string, name: string, body: string) => {
    const file = join(work, 'bin-root', major, 'bin', name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `#!/bin/sh\necho "${major}/${name} $*" >> "${calls}"\n${body}\n`);
    chmodSync(file, 0o755);
  };
  const control = (state: string, checksums = '0') =>
    writeFileSync(join(work, 'control'), `Database cluster state:               ${state}\nBytes per WAL segment:                16777216\nData page checksum version:           ${checksums}\n`);
  const upgrade = (extra: Record<string, string> = {}) =>
    run('postgres-upgrade.sh', { KP_PGDATA: join(mount, 'pgdata'), KP_FROM: '16', KP_TO: '17', KP_TRANSFER: 'link', KP_SUPERUSER: 'postgres', KP_BIN_ROOT: join(work, 'bin-root'), ...extra });
  const log = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);
  const dataVersion = (dir: string) => readFileSync(join(mount, dir, 'PG_VERSION'), 'utf8').trim();

  beforeEach(() => {
    mount = join(work, 'mount');
    calls = join(work, 'calls');
    mkdirSync(join(mount, 'pgdata'), { recursive: true });
    writeFileSync(join(mount, 'pgdata', 'PG_VERSION'), '16\n');
    writeFileSync(join(mount, 'pgdata', 'pg_hba.conf'), 'host all all all scram-sha-256\n');
    control('shut down');
    tool('16', 'pg_controldata', `cat "${join(work, 'control')}"`);
    tool('16', 'pg_ctl', '');
    tool('17', 'initdb', 'if [ "$1" = --help ]; then echo "  -k, --data-checksums"; exit 0; fi\nfor last; do :; done\nmkdir -p "$last"\necho "generated" > "$last/pg_hba.conf"');
    tool('17', 'pg_upgrade', 'for a; do case "$a" in --new-datadir=*) echo 17 > "${a#--new-datadir=}/PG_VERSION";; esac; done');
  });

  test('16 data: a new cluster with the same WAL segment size, pg_upgrade with the transfer mode, the old configuration files, the old cluster kept', () => {
    const result = upgrade();
    expect(result.status).toBe(0);
    expect(log()).toEqual([
      '16/pg_controldata -D ' + join(mount, 'pgdata'),
      '16/pg_controldata -D ' + join(mount, 'pgdata'),
      '16/pg_controldata -D ' + join(mount, 'pgdata'),
      '17/initdb --help',
      `17/initdb --username=postgres --auth-local=trust --auth-host=scram-sha-256 --wal-segsize=16 -D ${join(mount, 'pgdata-upgrade-17')}`,
      `17/pg_upgrade --old-bindir=${join(work, 'bin-root', '16', 'bin')} --new-bindir=${join(work, 'bin-root', '17', 'bin')} --old-datadir=${join(mount, 'pgdata')} --new-datadir=${join(mount, 'pgdata-upgrade-17')} --username=postgres --socketdir=${join(mount, 'pg_upgrade-work')} --link`,
    ]);
    expect(dataVersion('pgdata')).toBe('17');
    expect(dataVersion('pgdata-16')).toBe('16');
    expect(readFileSync(join(mount, 'pgdata', 'pg_hba.conf'), 'utf8')).toBe('host all all all scram-sha-256\n');
    expect(readdirSync(mount).sort()).toEqual(['pgdata', 'pgdata-16']);
    expect(existsSync(join(mount, 'pgdata', '.kube-patterns-upgraded'))).toBe(false);
  });

  test('an old cluster killed in production is recovered (started and stopped) first; checksums carry over', () => {
    control('in production', '1');
    expect(upgrade().status).toBe(0);
    expect(log().filter((l) => l.startsWith('16/pg_ctl'))).toEqual([
      `16/pg_ctl -D ${join(mount, 'pgdata')} -o -c listen_addresses='' -c unix_socket_directories='${join(mount, 'pg_upgrade-work')}' -w -t 3600 start`,
      `16/pg_ctl -D ${join(mount, 'pgdata')} -m fast -w stop`,
    ]);
    expect(log().find((l) => l.startsWith('17/initdb --username'))).toContain('--data-checksums');
  });

  test('a PostgreSQL 18 initdb (checksums on by default) is told --no-data-checksums for data without them', () => {
    tool('17', 'initdb', 'if [ "$1" = --help ]; then echo "      --no-data-checksums"; exit 0; fi\nfor last; do :; done\nmkdir -p "$last"');
    expect(upgrade().status).toBe(0);
    expect(log().find((l) => l.startsWith('17/initdb --username'))).toContain('--no-data-checksums');
  });

  test('nothing to do on an empty volume (a new instance) and on 17 data (every later start)', () => {
    rmSync(join(mount, 'pgdata'), { recursive: true });
    expect(upgrade()).toMatchObject({ status: 0, stderr: expect.stringContaining('nothing to upgrade') });
    mkdirSync(join(mount, 'pgdata'));
    writeFileSync(join(mount, 'pgdata', 'PG_VERSION'), '17\n');
    expect(upgrade()).toMatchObject({ status: 0, stderr: expect.stringContaining('is already PostgreSQL 17: nothing to do') });
    expect(log()).toEqual([]);
  });

  test('data of another major than declared: stops the pod with a message naming the option', () => {
    writeFileSync(join(mount, 'pgdata', 'PG_VERSION'), '15\n');
    expect(upgrade()).toMatchObject({ status: 1, stderr: expect.stringContaining("holds PostgreSQL 15 data, but the upgrade declared goes from 16 to 17; set majorUpgrade.fromVersion to '15'") });
  });

  test('an image without the old binaries: stops with a message naming an image that has both', () => {
    rmSync(join(work, 'bin-root', '16'), { recursive: true });
    expect(upgrade()).toMatchObject({ status: 1, stderr: expect.stringContaining('no PostgreSQL 16 binaries') });
  });

  test('interrupted between the renames: the next start finishes the upgrade instead of leaving no data directory', () => {
    mkdirSync(join(mount, 'pgdata-upgrade-17'));
    writeFileSync(join(mount, 'pgdata-upgrade-17', 'PG_VERSION'), '17\n');
    writeFileSync(join(mount, 'pgdata-upgrade-17', '.kube-patterns-upgraded'), '');
    renameSync(join(mount, 'pgdata'), join(mount, 'pgdata-16'));
    expect(upgrade()).toMatchObject({ status: 0, stderr: expect.stringContaining('finishing an interrupted upgrade') });
    expect(dataVersion('pgdata')).toBe('17');
    expect(readdirSync(mount).sort()).toEqual(['pgdata', 'pgdata-16']);
  });

  test('interrupted during pg_upgrade (no marker): the partial new cluster is discarded and the upgrade starts over', () => {
    mkdirSync(join(mount, 'pgdata-upgrade-17'));
    writeFileSync(join(mount, 'pgdata-upgrade-17', 'half-written'), '');
    expect(upgrade().status).toBe(0);
    expect(dataVersion('pgdata')).toBe('17');
    expect(existsSync(join(mount, 'pgdata', 'half-written'))).toBe(false);
  });

  test('the old cluster gone and the data directory missing: refuses to let the server initialize an empty cluster', () => {
    renameSync(join(mount, 'pgdata'), join(mount, 'pgdata-16'));
    expect(upgrade()).toMatchObject({ status: 1, stderr: expect.stringContaining('is missing but the old cluster is in') });
  });

  test('an earlier upgrade left pgdata-16: refuses rather than overwrite it', () => {
    mkdirSync(join(mount, 'pgdata-16'));
    expect(upgrade()).toMatchObject({ status: 1, stderr: expect.stringContaining('pgdata-16 already exists') });
  });
});

describe('backup.sh and restore.sh', () => {
  // Fake clients on PATH: each logs its arguments and the password file it was given.
  let dir: string;
  let calls: string;
  const client = (name: string, body: string) => {
    writeFileSync(join(work, name), `#!/bin/sh\necho "${name} $*" >> "${calls}"\n${body}\n`);
    chmodSync(join(work, name), 0o755);
  };
  const env = (engine: string, extra: Record<string, string> = {}) => ({
    KP_ENGINE: engine,
    KP_HOST: 'db',
    KP_PORT: '5432',
    KP_USER: engine === 'postgresql' ? 'postgres' : 'root',
    KP_PASSWORD_FILE: secretFile('password', 'p:w\\"d\n'),
    KP_INSTANCE: 'db',
    KP_BACKUP_DIR: dir,
    KP_KEEP: '2',
    ...extra,
  });
  const backup = (engine = 'postgresql', extra: Record<string, string> = {}) => run('backup.sh', env(engine, extra), `${work}:/usr/bin:/bin`);
  const restore = (file: string, engine = 'postgresql') => run('restore.sh', env(engine, { KP_RESTORE_FILE: file }), `${work}:/usr/bin:/bin`);
  const backups = () => readdirSync(dir).sort();
  const log = () => readFileSync(calls, 'utf8');

  beforeEach(() => {
    dir = join(work, 'backups');
    calls = join(work, 'calls');
    mkdirSync(dir);
    // The dump copies the password file it was handed into the log, to check its escaping.
    // (printf, not echo: dash's echo would interpret the backslashes.)
    client('pg_dumpall', 'printf "pgpass: %s\\n" "$(cat "$PGPASSFILE")" >> "' + join(work, 'calls') + '"\necho "CREATE TABLE kept (id int);"');
    client('psql', 'cat > "' + join(work, 'restored') + '"; echo "ERROR:  role \\"postgres\\" already exists" >&2');
    client('mariadb-dump', 'for a; do case "$a" in --defaults-extra-file=*) printf "cnf: %s\\n" "$(cat "${a#*=}")" >> "' + join(work, 'calls') + '";; esac; done\necho "CREATE TABLE kept (id int);"');
    client('mariadb', 'cat > "' + join(work, 'restored') + '"');
  });

  test('PostgreSQL: pg_dumpall --clean against the Service, the password through a private .pgpass with : and \\ escaped, a checked .sql.gz named by time', () => {
    const result = backup();
    expect(result.status).toBe(0);
    const [file] = backups();
    expect(file).toMatch(/^db-\d{8}T\d{6}Z\.sql\.gz$/);
    expect(result.stderr).toMatch(new RegExp(`^backup: wrote ${dir}/${file} \\(\\d+ bytes\\)\\n$`));
    expect(log()).toBe('pg_dumpall --host=db --port=5432 --username=postgres --no-password --clean --if-exists\npgpass: *:*:*:*:p\\:w\\\\"d\n');
    expect(spawnSync('sh', ['-c', `gunzip -c '${join(dir, file)}'`], { encoding: 'utf8' }).stdout).toBe('CREATE TABLE kept (id int);\n');
    expect(statSync(join(dir, file)).mode & 0o077).toBe(0);
  });

  test('MariaDB: mariadb-dump --single-transaction --all-databases with an option file holding the quoted password', () => {
    expect(backup('mariadb', { KP_PORT: '3306' }).status).toBe(0);
    expect(log()).toBe(`mariadb-dump --defaults-extra-file=/tmp/client.cnf --host=db --port=3306 --user=root --single-transaction --all-databases --routines --events --triggers\ncnf: [client]\npassword="p:w\\\\\\"d"\n`);
  });

  test('KP_CLIENT_TLS=require (the server serves tls): MariaDB and MySQL option files require TLS, PostgreSQL sslmode=require', () => {
    expect(backup('mariadb', { KP_PORT: '3306', KP_CLIENT_TLS: 'require' }).status).toBe(0);
    expect(log()).toMatch(/\ncnf: \[client\]\npassword="p:w\\\\\\"d"\nssl\n$/);
    writeFileSync(calls, '');
    client('mysqldump', 'for a; do case "$a" in --defaults-extra-file=*) printf "cnf: %s\\n" "$(cat "${a#*=}")" >> "' + join(work, 'calls') + '";; esac; done\necho "CREATE TABLE kept (id int);"');
    expect(backup('mysql', { KP_PORT: '3306', KP_CLIENT_TLS: 'require' }).status).toBe(0);
    expect(log()).toMatch(/\ncnf: \[client\]\npassword="p:w\\\\\\"d"\nssl-mode=REQUIRED\n$/);
    client('pg_dumpall', 'echo "sslmode: $PGSSLMODE" >> "' + join(work, 'calls') + '"');
    writeFileSync(calls, '');
    expect(backup('postgresql', { KP_CLIENT_TLS: 'require' }).status).toBe(0);
    expect(log()).toMatch(/\nsslmode: require\n$/);
  });

  test('retention keeps the newest KP_KEEP of this instance only; other files stay', () => {
    for (const name of ['db-20260101T000000Z.sql.gz', 'db-20260102T000000Z.sql.gz', 'other-20250101T000000Z.sql.gz', 'notes.txt']) writeFileSync(join(dir, name), '');
    const result = backup();
    expect(result.stderr).toContain('backup: removed db-20260101T000000Z.sql.gz (keeping the newest 2)');
    const kept = backups();
    expect(kept).toHaveLength(4);
    expect(kept).toEqual(expect.arrayContaining(['db-20260102T000000Z.sql.gz', 'notes.txt', 'other-20250101T000000Z.sql.gz']));
    expect(kept.filter((f) => /^db-\d{8}T\d{6}Z\.sql\.gz$/.test(f))).toHaveLength(2);
  });

  test('a failed dump: exit 1, no partial file, earlier backups untouched', () => {
    writeFileSync(join(dir, 'db-20260101T000000Z.sql.gz'), 'old');
    client('pg_dumpall', 'echo partial; exit 3');
    expect(backup()).toMatchObject({ status: 1, stderr: 'backup: the dump failed (exit 3); earlier backups are kept\n' });
    expect(backups()).toEqual(['db-20260101T000000Z.sql.gz']);
  });

  test('restore: latest is the newest backup of this instance; psql errors for existing roles are listed, not fatal', () => {
    for (const [name, sql] of [['db-20260101T000000Z.sql.gz', 'old'], ['db-20260102T000000Z.sql.gz', 'new'], ['other-20270101T000000Z.sql.gz', 'other']]) {
      spawnSync('sh', ['-c', `printf '${sql}' | gzip > '${join(dir, name)}'`]);
    }
    const result = restore('latest');
    expect(result.status).toBe(0);
    expect(readFileSync(join(work, 'restored'), 'utf8')).toBe('new');
    expect(log()).toBe('psql --host=db --port=5432 --username=postgres --no-password --dbname=postgres --quiet --output=/dev/null\n');
    expect(result.stderr).toBe(
      `restore: restoring ${dir}/db-20260102T000000Z.sql.gz into db:5432\nrestore: 1 statements failed (expected for roles and databases that exist, such as postgres):\nERROR:  role "postgres" already exists\nrestore: restored db-20260102T000000Z.sql.gz\n`,
    );
    expect(restore('other-20270101T000000Z.sql.gz', 'mariadb').status).toBe(0);
    expect(readFileSync(join(work, 'restored'), 'utf8')).toBe('other');
  });

  describe('MongoDB', () => {
    const mongoEnv = (extra: Record<string, string> = {}) => {
      const { KP_USER: _user, ...rest } = env('mongodb', { KP_HOST: 'db-2.db-headless', KP_PORT: '27017', KP_REPLICA_SET: 'rs0', KP_USER_FILE: secretFile('username', 'root\n'), ...extra });
      return rest;
    };
    beforeEach(() => {
      // Each tool logs the --config file it was handed, to check the password's escaping.
      const config = 'for a; do case "$a" in --config=*) printf "config: %s\\n" "$(cat "${a#*=}")" >> "' + join(work, 'calls') + '";; esac; done';
      client('mongodump', `${config}\nprintf 'archive-bytes'`);
      client('mongorestore', `${config}\ncat > "${join(work, 'restored')}"`);
    });

    test('backup: mongodump --oplog from the last member as a secondary, the password in a private --config file, a checked .archive.gz', () => {
      const result = run('backup.sh', mongoEnv(), `${work}:/usr/bin:/bin`);
      expect(result.status).toBe(0);
      const [file] = backups();
      expect(file).toMatch(/^db-\d{8}T\d{6}Z\.archive\.gz$/);
      expect(log()).toBe(
        'mongodump --host=db-2.db-headless:27017 --username=root --authenticationDatabase=admin --config=/tmp/mongo-tools.yaml --readPreference=secondaryPreferred --oplog --archive\nconfig: password: "p:w\\\\\\"d"\n',
      );
      expect(spawnSync('sh', ['-c', `gunzip -c '${join(dir, file)}'`], { encoding: 'utf8' }).stdout).toBe('archive-bytes');
    });

    test('with tls: the tools connect with TLS (encrypted, not verified: the seed list names the certificate may not hold)', () => {
      expect(run('backup.sh', mongoEnv({ KP_CLIENT_TLS: 'require' }), `${work}:/usr/bin:/bin`).status).toBe(0);
      expect(log().split('\n')[0]).toBe(
        'mongodump --host=db-2.db-headless:27017 --username=root --authenticationDatabase=admin --config=/tmp/mongo-tools.yaml --ssl --sslAllowInvalidCertificates --readPreference=secondaryPreferred --oplog --archive',
      );
    });

    test('one server: no oplog (it has none)', () => {
      expect(run('backup.sh', mongoEnv({ KP_HOST: 'db', KP_REPLICA_SET: '' }), `${work}:/usr/bin:/bin`).status).toBe(0);
      expect(log().split('\n')[0]).toBe('mongodump --host=db:27017 --username=root --authenticationDatabase=admin --config=/tmp/mongo-tools.yaml --archive');
    });

    test('restore: mongorestore --drop --oplogReplay through the seed list, as given', () => {
      spawnSync('sh', ['-c', `printf 'archive-bytes' | gzip > '${join(dir, 'db-20260102T000000Z.archive.gz')}'`]);
      const result = run('restore.sh', mongoEnv({ KP_HOST: 'rs0/db-0.h:27017,db-1.h:27017', KP_RESTORE_FILE: 'latest' }), `${work}:/usr/bin:/bin`);
      expect(result.status).toBe(0);
      expect(log().split('\n')[0]).toBe('mongorestore --host=rs0/db-0.h:27017,db-1.h:27017 --username=root --authenticationDatabase=admin --config=/tmp/mongo-tools.yaml --archive --drop --oplogReplay');
      expect(readFileSync(join(work, 'restored'), 'utf8')).toBe('archive-bytes');
    });

    test('a password with a line break is refused before any tool runs', () => {
      const result = run('backup.sh', mongoEnv({ KP_PASSWORD_FILE: secretFile('multi-line-password', 'two\nlines') }), `${work}:/usr/bin:/bin`);
      expect(result).toMatchObject({ status: 1, stderr: "backup: the password contains a line break, which the tools' --config file cannot hold\n" });
      expect(existsSync(calls)).toBe(false);
    });
  });

  describe('Redis', () => {
    // redis-cli HOST PORT: logs the password it read on stdin (--askpass), answers as a server would.
    const redisEnv = (extra: Record<string, string> = {}) => env('redis', { KP_HOST: 'db-2.db-headless', KP_PORT: '6379', ...extra });
    const restoreRedis = (extra: Record<string, string> = {}) =>
      run('restore.sh', redisEnv({ KP_HOST: 'db-primary', KP_RESTORE_FILE: 'latest', KP_RESTORE_HOST: '10.0.0.9', KP_RESTORE_PORT: '6379', ...extra }), `${work}:/usr/bin:/bin`);
    beforeEach(() => {
      client(
        'redis-cli',
        [
          `printf 'stdin: %s\\n' "$(cat)" >> "${join(work, 'calls')}"`,
          'shift 6',
          'case "$1" in',
          '  --rdb) printf "REDIS0011-snapshot" > "$2"; echo "Transfer finished with success" ;;',
          '  PING) echo PONG ;;',
          '  DBSIZE) echo 3 ;;',
          '  REPLICAOF) echo OK ;;',
          `  INFO) if [ -e "${join(work, 'link-down')}" ]; then printf 'role:slave\\r\\nmaster_link_status:down\\r\\n'; else printf 'role:slave\\r\\nmaster_link_status:up\\r\\n'; fi ;;`,
          'esac',
        ].join('\n'),
      );
      client('redis-server', `cp "$1" "${join(work, 'restore.conf')}"; exec sleep 30`);
    });

    test('backup: redis-cli --rdb from the replica, the password on stdin (--askpass), a checked .rdb.gz named by time', () => {
      const result = run('backup.sh', redisEnv(), `${work}:/usr/bin:/bin`);
      expect(result.status).toBe(0);
      const [file] = backups();
      expect(file).toMatch(/^db-\d{8}T\d{6}Z\.rdb\.gz$/);
      expect(log()).toBe('redis-cli -h db-2.db-headless -p 6379 --askpass --no-auth-warning --rdb /tmp/dump.rdb\nstdin: p:w\\"d\n');
      expect(spawnSync('sh', ['-c', `gunzip -c '${join(dir, file)}'`], { encoding: 'utf8' }).stdout).toBe('REDIS0011-snapshot');
      expect(result.stderr).toBe(`Transfer finished with success\nbackup: wrote ${dir}/${file} (${statSync(join(dir, file)).size} bytes)\n`);
    });

    test('restore: a local server loads the snapshot, the primary replicates it, then is promoted back', () => {
      spawnSync('sh', ['-c', `printf 'REDIS0011-snapshot' | gzip > '${join(dir, 'db-20260102T000000Z.rdb.gz')}'`]);
      const result = restoreRedis();
      expect(result.stderr).toBe(
        `restore: restoring ${dir}/db-20260102T000000Z.rdb.gz into db-primary:6379\nrestore: loaded db-20260102T000000Z.rdb.gz (3 keys); db-primary:6379 replicates it\nrestore: restored db-20260102T000000Z.rdb.gz\n`,
      );
      expect(result.status).toBe(0);
      const commands = log().split('\n').filter((l) => l.startsWith('redis-cli')).map((l) => l.replace(' --askpass --no-auth-warning', ''));
      expect(commands).toEqual([
        'redis-cli -h 127.0.0.1 -p 6379 PING',
        'redis-cli -h 127.0.0.1 -p 6379 DBSIZE',
        'redis-cli -h db-primary -p 6379 REPLICAOF 10.0.0.9 6379',
        'redis-cli -h db-primary -p 6379 INFO replication',
        'redis-cli -h db-primary -p 6379 REPLICAOF NO ONE',
        'redis-cli -h db-primary -p 6379 DBSIZE',
      ]);
      // The local server: the snapshot, no persistence of its own, the same password (escaped).
      expect(readFileSync(join(work, 'restore.conf'), 'utf8')).toBe(
        'port 6379\nbind 0.0.0.0\nprotected-mode no\ndaemonize no\ndir "/tmp/restore"\ndbfilename dump.rdb\nappendonly no\nsave ""\nrequirepass "p:w\\\\\\"d"\n',
      );
    });

    test('restore: a primary that never finishes the copy is promoted back, and the Job fails', () => {
      spawnSync('sh', ['-c', `printf 'REDIS0011-snapshot' | gzip > '${join(dir, 'db-20260102T000000Z.rdb.gz')}'`]);
      writeFileSync(join(work, 'link-down'), '');
      const result = restoreRedis({ KP_RESTORE_TIMEOUT: '2' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('restore: db-primary:6379 did not copy the snapshot in 2 s; it was promoted back\n');
      expect(log().split('\n').filter((l) => l.startsWith('redis-cli')).pop()).toBe('redis-cli -h db-primary -p 6379 --askpass --no-auth-warning REPLICAOF NO ONE');
    });

    test('restore only considers .rdb.gz backups of this instance', () => {
      spawnSync('sh', ['-c', `printf x | gzip > '${join(dir, 'db-20270101T000000Z.sql.gz')}'`]);
      expect(restoreRedis()).toMatchObject({ status: 1, stderr: `restore: no backup of db in ${dir}\n` });
    });
  });

  test('restore refuses a path, a missing file (listing the backups) and an empty volume', () => {
    expect(restore('latest')).toMatchObject({ status: 1, stderr: `restore: no backup of db in ${dir}\n` });
    spawnSync('sh', ['-c', `printf x | gzip > '${join(dir, 'db-20260101T000000Z.sql.gz')}'`]);
    expect(restore('../etc/passwd')).toMatchObject({ status: 1, stderr: `restore: KP_RESTORE_FILE '../etc/passwd' must be a file name in ${dir}\n` });
    expect(restore('db-1.sql.gz')).toMatchObject({ status: 1, stderr: `restore: no backup ${dir}/db-1.sql.gz; the backups of db are: db-20260101T000000Z.sql.gz \n` });
  });
});

describe('exporter-credentials.sh', () => {
  const write = (format: Record<string, string>) => {
    const out = join(work, 'out');
    mkdirSync(out, { recursive: true });
    const result = run('exporter-credentials.sh', { KP_PASSWORD_FILE: secretFile('password', 'p"w\\d\n'), KP_OUTPUT_DIR: out, ...format });
    return { result, out };
  };

  test('redis_exporter: a JSON map from the address to the password, quotes and backslashes escaped, mode 0440', () => {
    const { result, out } = write({ KP_FORMAT: 'redis-json', KP_REDIS_ADDR: 'redis://127.0.0.1:6379' });
    expect(result.status).toBe(0);
    const file = join(out, 'redis-passwords.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'redis://127.0.0.1:6379': 'p"w\\d' });
    expect(statSync(file).mode & 0o777).toBe(0o440);
    expect(readdirSync(out)).toEqual(['redis-passwords.json']);
  });

  test('mysqld_exporter: a [client] section with user, quoted password, host and port', () => {
    const { out } = write({ KP_FORMAT: 'my-cnf', KP_USER: 'root', KP_PORT: '3307' });
    expect(readFileSync(join(out, 'my.cnf'), 'utf8')).toBe('[client]\nuser=root\npassword="p\\"w\\\\d"\nhost=127.0.0.1\nport=3307\n');
  });

  test("mysqld_exporter with KP_SOCKET: the server's Unix socket instead of host and port", () => {
    const { out } = write({ KP_FORMAT: 'my-cnf', KP_USER: 'root', KP_PORT: '3307', KP_SOCKET: '/run/kube-patterns/mysqld/mysqld.sock' });
    expect(readFileSync(join(out, 'my.cnf'), 'utf8')).toBe('[client]\nuser=root\npassword="p\\"w\\\\d"\nsocket=/run/kube-patterns/mysqld/mysqld.sock\n');
  });

  test('kafka_exporter: its SASL flags in an arguments file, one per line, taken verbatim', () => {
    const { result, out } = write({ KP_FORMAT: 'kafka-args', KP_USERNAME_FILE: secretFile('username', 'events\n') });
    expect(result.status).toBe(0);
    expect(readFileSync(join(out, 'kafka-exporter.args'), 'utf8')).toBe('--sasl.username=events\n--sasl.password=p"w\\d\n');
    expect(statSync(join(out, 'kafka-exporter.args')).mode & 0o777).toBe(0o440);
  });

  test('kafka_exporter: a password with a line break is refused (it would become a second argument)', () => {
    const out = join(work, 'out');
    mkdirSync(out);
    const result = run('exporter-credentials.sh', { KP_PASSWORD_FILE: secretFile('password', 'a\n--b'), KP_USERNAME_FILE: secretFile('username', 'u'), KP_OUTPUT_DIR: out, KP_FORMAT: 'kafka-args' });
    expect(result).toMatchObject({ status: 1, stderr: "exporter-credentials: the credentials Secret's key 'password' contains a line break, which an arguments file cannot hold\n" });
    expect(readdirSync(out)).toEqual([]);
  });

  test('an unknown format is refused', () => {
    expect(write({ KP_FORMAT: 'toml' }).result).toMatchObject({ status: 1, stderr: "exporter-credentials: unknown format 'toml'\n" });
  });
});

describe('tls-reload.sh', () => {
  // Runs the sidecar's loop with a 1 s interval against fake clients, changes the certificate
  // after `changeAfter` ms, and stops it with SIGTERM after `stopAfter` ms, as the kubelet does.
  async function loop(engine: string, clientBody: string, changeAfter: number, stopAfter: number, extraEnv: Record<string, string> = {}, key = 'key 1', caFrom?: string) {
    const calls = join(work, 'calls');
    for (const name of ['psql', 'mysql', 'mariadb', 'redis-cli', 'kafka-configs.sh', 'mongosh', 'nodetool']) {
      writeFileSync(join(work, name), `#!/bin/sh\necho "${name} $*" >> "${calls}"\n${clientBody}\n`);
      chmodSync(join(work, name), 0o755);
    }
    const tls = join(work, 'tls');
    mkdirSync(tls);
    writeFileSync(join(tls, 'tls.crt'), 'certificate 1');
    writeFileSync(join(tls, 'tls.key'), key);
    if (caFrom) writeFileSync(join(tls, 'ca.crt'), readFileSync(caFrom));
    const { spawn } = await import('node:child_process');
    const child = spawn('sh', [join(SCRIPTS, 'tls-reload.sh')], {
      env: { PATH: `${work}:/usr/bin:/bin`, KP_ENGINE: engine, KP_PORT: '5433', KP_TLS_DIR: tls, KP_PASSWORD_FILE: secretFile('password', 'secret'), KP_INTERVAL: '1', ...extraEnv },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const change = setTimeout(() => writeFileSync(join(tls, 'tls.crt'), 'certificate 2'), changeAfter);
    setTimeout(() => child.kill('SIGTERM'), stopAfter);
    const status = await exited;
    clearTimeout(change);
    return { status, stderr, calls: existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [] };
  }

  test('reloads once at the first check, then only when the files change; exits 0 on SIGTERM', async () => {
    const result = await loop('postgresql', 'exit 0', 2500, 5500);
    expect(result.calls).toEqual([
      "psql -h 127.0.0.1 -p 5433 -U postgres -d postgres -Atqc SELECT pg_reload_conf()",
      "psql -h 127.0.0.1 -p 5433 -U postgres -d postgres -Atqc SELECT pg_reload_conf()",
    ]);
    expect(result.stderr).toBe('tls-reload: the server reloaded its certificate\n'.repeat(2));
    expect(result.status).toBe(0);
  });

  test.each([
    ['mysql', 'mysql --defaults-extra-file=/tmp/client.cnf -h 127.0.0.1 -P 5433 -u root -e ALTER INSTANCE RELOAD TLS'],
    ['mariadb', 'mariadb --defaults-extra-file=/tmp/client.cnf -h 127.0.0.1 -P 5433 -u root -e FLUSH SSL'],
  ])('%s: its own reload statement, logged in from the option file', async (engine, call) => {
    const result = await loop(engine, 'exit 0', 10_000, 2500);
    expect(result.calls).toEqual([call]);
  });

  test('redis: CONFIG SET of the same files, over TLS, the password from standard input', async () => {
    const result = await loop('redis', 'cat >/dev/null; echo OK', 10_000, 2500);
    expect(result.calls).toEqual([
      `redis-cli -h 127.0.0.1 -p 5433 --askpass --no-auth-warning --tls --insecure CONFIG SET tls-cert-file ${work}/tls/tls.crt tls-key-file ${work}/tls/tls.key tls-ca-cert-file ${work}/tls/ca.crt`,
    ]);
    expect(result.stderr).toBe('tls-reload: the server reloaded its certificate\n');
  });

  test('cassandra: rewrites the PEM keystore (key, then the new chain) and runs nodetool reloadssl; a PKCS#1 key is refused without a reload', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----\n';
    const stores = join(work, 'stores');
    const result = await loop('cassandra', 'exit 0', 1500, 3800, { KP_STORES_DIR: stores }, key);
    expect(result.calls).toEqual(['nodetool reloadssl', 'nodetool reloadssl']);
    expect(readFileSync(join(stores, 'keystore.pem'), 'utf8')).toBe(`${key}certificate 2`);
    expect(statSync(join(stores, 'keystore.pem')).mode & 0o777).toBe(0o600);
    expect(result.stderr).toBe('tls-reload: the server reloaded its certificate\n'.repeat(2));

    rmSync(join(work, 'tls'), { recursive: true });
    rmSync(join(work, 'calls'), { force: true });
    const pkcs1 = await loop('cassandra', 'exit 0', 10_000, 2500, { KP_STORES_DIR: stores }, '-----BEGIN RSA PRIVATE KEY-----\nk\n');
    expect(pkcs1.calls).toEqual([]);
    expect(pkcs1.stderr).toContain("tls-reload: the tls Secret's tls.key is not an unencrypted PKCS#8 key");
    expect(pkcs1.stderr).toContain('tls-reload: the reload failed; retrying in 1 s');
  });

  const PKCS8_KEY = '-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----\n';
  /**
   * A server's stores directory as the start script left it (`loaded`: ca-loaded.pem and
   * truststore.pem, when given), and the Secret's ca.crt to come (`ca`).
   */
  function pemStores(ca: string, loaded?: string) {
    const stores = join(work, 'stores');
    mkdirSync(stores);
    if (loaded !== undefined) {
      writeFileSync(join(stores, 'ca-loaded.pem'), loaded);
      writeFileSync(join(stores, 'truststore.pem'), loaded);
    }
    writeFileSync(join(work, 'ca-source'), ca);
    return { stores, caSource: join(work, 'ca-source') };
  }

  /** A Kafka broker's stores (see {@link pemStores}), and the sidecar's variables. */
  function kafkaStores(pod: string, listener: string, ca: string, loaded?: string) {
    const { stores, caSource } = pemStores(ca, loaded);
    const env = { KP_POD_NAME: pod, KP_LISTENER: listener, KP_STORES_DIR: stores, KP_CLIENT_CONFIG: '/tmp/client.properties', KP_KAFKA_BIN: work };
    return { stores, env, caSource };
  }

  describe('mongodb', () => {
    const mongoEnv = (stores: string) => ({ KP_STORES_DIR: stores, KP_USER_FILE: secretFile('username', 'root') });
    // The fake mongosh records the stores as mongod would re-read them at that call.
    const record = (stores: string) => `cat ${stores}/truststore.pem ${stores}/keystore.pem | tr '\\n' ' ' >> ${work}/loaded; echo >> ${work}/loaded`;

    test('rewrites the key file and the CAs (a new CA beside the one loaded), then rotateCertificates as root over TLS; at the next change, the new CA alone', async () => {
      const { stores, caSource } = pemStores('ca 1\n', 'ca 0\n');
      const result = await loop('mongodb', record(stores), 2500, 5500, mongoEnv(stores), 'key 1', caSource);
      expect(readFileSync(join(work, 'loaded'), 'utf8').split('\n').filter(Boolean)).toEqual(['ca 0 ca 1 key 1certificate 1', 'ca 1 key 1certificate 2']);
      const calls = result.calls.filter((c) => c.startsWith('mongosh '));
      expect(calls).toEqual(Array(2).fill('mongosh --quiet mongodb://127.0.0.1:5433/admin?tls=true&tlsAllowInvalidCertificates=true --eval '));
      expect(result.calls.join('\n')).toContain('db.adminCommand({ rotateCertificates: 1 })');
      expect(readFileSync(join(stores, 'ca-loaded.pem'), 'utf8')).toBe('ca 1\n');
      expect(result.stderr).toBe('tls-reload: the server reloaded its certificate\n'.repeat(2));
    });

    test('a failed rotateCertificates leaves the CA unrecorded, and is retried', async () => {
      const { stores, caSource } = pemStores('ca 1\n', 'ca 0\n');
      const result = await loop('mongodb', 'exit 1', 10_000, 2600, mongoEnv(stores), 'key 1', caSource);
      expect(result.calls.filter((c) => c.startsWith('mongosh ')).length).toBeGreaterThanOrEqual(2);
      expect(readFileSync(join(stores, 'ca-loaded.pem'), 'utf8')).toBe('ca 0\n');
      expect(result.stderr).toContain('tls-reload: the reload failed; retrying in 1 s\n');
    });
  });

  test('kafka: with a new CA, trusts it first (the old one too), and sets the keystore at the next check; at the next change, the new CA alone, then the keystore', async () => {
    const { stores, env, caSource } = kafkaStores('events-2', 'SASL_TLS', 'ca 1\n', 'ca 0\n');
    const key = PKCS8_KEY;
    // The fake kafka-configs records the stores as the broker would load them at that call.
    const result = await loop('kafka', `cat ${stores}/truststore.pem ${stores}/keystore.pem 2>/dev/null | tr '\\n' ' ' >> ${work}/loaded; echo >> ${work}/loaded`, 2500, 5500, env, key, caSource);
    const call = (setting: string) =>
      `kafka-configs.sh --bootstrap-server 127.0.0.1:5433 --command-config /tmp/client.properties --entity-type brokers --entity-name 2 --alter --add-config listener.name.sasl_tls.ssl.${setting}`;
    const truststore = call(`truststore.location=${stores}/truststore.pem`);
    const keystore = call(`keystore.location=${stores}/keystore.pem`);
    // First check: the new CA. Second (the certificate changed): the keystore, the truststore now the new CA alone.
    expect(result.calls).toEqual([truststore, keystore, truststore, keystore]);
    const flat = key.replace(/\n/g, ' ');
    expect(readFileSync(join(work, 'loaded'), 'utf8').split('\n').filter(Boolean)).toEqual([
      // The new CA trusted beside the old one, while the old keystore is still in place.
      'ca 0 ca 1 ',
      `ca 0 ca 1 ${flat}certificate 1`,
      `ca 1 ${flat}certificate 1`,
      `ca 1 ${flat}certificate 2`,
    ]);
    expect(readFileSync(join(stores, 'ca-loaded.pem'), 'utf8')).toBe('ca 1\n');
    const trusted = 'tls-reload: the server trusts the new CA; its certificate follows in 1 s\n';
    expect(result.stderr).toBe(`${trusted}tls-reload: the server reloaded its certificate\n`.repeat(2));
  });

  test('kafka: the same CA renewed: the keystore alone', async () => {
    const { stores, env, caSource } = kafkaStores('events-0', 'TLS', 'ca 1\n', 'ca 1\n');
    const result = await loop('kafka', 'exit 0', 10_000, 2500, env, PKCS8_KEY, caSource);
    expect(result.calls).toEqual([
      `kafka-configs.sh --bootstrap-server 127.0.0.1:5433 --command-config /tmp/client.properties --entity-type brokers --entity-name 0 --alter --add-config listener.name.tls.ssl.keystore.location=${stores}/keystore.pem`,
    ]);
  });

  test('kafka: a key Kafka cannot read is reported at every check, and the broker is not asked to reload', async () => {
    const { env } = kafkaStores('events-0', 'TLS', 'ca 1\n');
    const result = await loop('kafka', 'exit 0', 10_000, 2500, env);
    expect(result.calls).toEqual([]);
    expect(result.stderr).toMatch(/^tls-reload: the tls Secret's tls.key is not an unencrypted PKCS#8 key .*\ntls-reload: the reload failed; retrying in 1 s\n/);
  });

  test('kafka: a failed kafka-configs leaves the CA unrecorded, and the truststore is set again at the retry', async () => {
    const { stores, env, caSource } = kafkaStores('events-0', 'TLS', 'ca 1\n', 'ca 0\n');
    const result = await loop('kafka', 'exit 1', 10_000, 2600, env, PKCS8_KEY, caSource);
    expect(result.calls.length).toBeGreaterThanOrEqual(2);
    for (const c of result.calls) expect(c).toMatch(/ssl\.truststore\.location=/);
    expect(readFileSync(join(stores, 'ca-loaded.pem'), 'utf8')).toBe('ca 0\n');
    expect(readFileSync(join(stores, 'truststore.pem'), 'utf8')).toBe('ca 0\nca 1\n');
  });

  test('a failed reload (the server not up yet) is retried at every check until it succeeds', async () => {
    const result = await loop('postgresql', 'exit 2', 10_000, 4600);
    expect(result.calls.length).toBeGreaterThanOrEqual(3);
    expect(result.stderr).toContain('tls-reload: the reload failed; retrying in 1 s\n');
    expect(result.stderr).not.toContain('reloaded');
  });
});
