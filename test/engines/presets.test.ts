/**
 * The engine presets: per engine, a snapshot of the whole output, targeted assertions (image,
 * port, paths, UID/GID/fsGroup, probes, credentials from a Secret, role Services), schema
 * validation, the restricted Pod Security profile, and the replication rules for 1 and 3 replicas.
 */
import { Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { DatabaseEngine, EnvValue, IDatabaseEngine, StatefulDatabase, StatefulDatabaseProps, ValidationError } from '../../lib';
import { strictSchemaErrors } from '../support/kubernetes-validate';
import { find, KubeObject, ofKind, synth } from '../support/objects';
import { restrictedViolations } from '../support/pod-security';
import { schemaErrors } from '../support/schema';

interface Expected {
  readonly engine: () => IDatabaseEngine;
  /** Replicas the snapshot uses: 1 for engines that refuse more. */
  readonly replicas: number;
  readonly image: string;
  readonly port: number;
  readonly portName: string;
  readonly mountPath: string;
  readonly uid: number;
  readonly readOnlyRootFilesystem: boolean;
  /** The readiness probe's command (or 'tcp'). */
  readonly readiness: string[] | 'tcp';
  /** Env vars naming a file of the credentials Secret, by Secret key. */
  readonly credentials: Record<string, string>;
  readonly roles: 'pod-zero-primary' | 'single-primary' | 'none';
  readonly connectionString?: string;
}

const D = 'db.data.svc.cluster.local';
const POD = (i: number) => `db-${i}.db-headless.data.svc.cluster.local`;

const ENGINES: Record<string, Expected> = {
  postgres: {
    engine: () => DatabaseEngine.postgres(),
    replicas: 1,
    image: 'postgres:17',
    port: 5432,
    portName: 'postgresql',
    mountPath: '/var/lib/postgresql',
    uid: 999,
    readOnlyRootFilesystem: true,
    readiness: ['pg_isready', '--host', '127.0.0.1', '--port', '5432', '--username', 'postgres'],
    credentials: { POSTGRES_PASSWORD_FILE: 'password' },
    roles: 'single-primary',
    connectionString: `postgresql://postgres@${D}:5432/postgres`,
  },
  mysql: {
    engine: () => DatabaseEngine.mysql(),
    replicas: 1,
    image: 'mysql:8.4',
    port: 3306,
    portName: 'mysql',
    mountPath: '/var/lib/mysql',
    uid: 999,
    readOnlyRootFilesystem: true,
    readiness: ['mysqladmin', 'ping', '--host=127.0.0.1', '--port=3306'],
    credentials: { MYSQL_ROOT_PASSWORD_FILE: 'password' },
    roles: 'single-primary',
    connectionString: `mysql://root@${D}:3306/`,
  },
  mariadb: {
    engine: () => DatabaseEngine.mariadb(),
    replicas: 1,
    image: 'mariadb:11.4',
    port: 3306,
    portName: 'mysql',
    mountPath: '/var/lib/mysql',
    uid: 999,
    readOnlyRootFilesystem: true,
    readiness: ['mariadb-admin', 'ping', '--host=127.0.0.1', '--port=3306'],
    credentials: { MARIADB_ROOT_PASSWORD_FILE: 'password' },
    roles: 'single-primary',
    connectionString: `mysql://root@${D}:3306/`,
  },
  mongodb: {
    engine: () => DatabaseEngine.mongodb(),
    replicas: 3,
    image: 'mongo:8.0',
    port: 27017,
    portName: 'mongodb',
    mountPath: '/data/db',
    uid: 999,
    readOnlyRootFilesystem: true,
    readiness: ['mongosh', '--quiet', '--port', '27017', '--eval', "db.adminCommand('ping')"],
    credentials: { MONGO_INITDB_ROOT_USERNAME_FILE: 'username', MONGO_INITDB_ROOT_PASSWORD_FILE: 'password' },
    roles: 'pod-zero-primary',
    connectionString: `mongodb://${POD(0)}:27017,${POD(1)}:27017,${POD(2)}:27017/?replicaSet=rs0&authSource=admin`,
  },
  redis: {
    engine: () => DatabaseEngine.redis(),
    replicas: 3,
    image: 'redis:7.4',
    port: 6379,
    portName: 'redis',
    mountPath: '/data',
    uid: 999,
    readOnlyRootFilesystem: true,
    readiness: ['/opt/kube-patterns/redis-ping.sh'],
    credentials: { KP_PASSWORD_FILE: 'password' },
    roles: 'pod-zero-primary',
    connectionString: 'redis://db-primary.data.svc.cluster.local:6379',
  },
  zookeeper: {
    engine: () => DatabaseEngine.zookeeper(),
    replicas: 3,
    image: 'zookeeper:3.9',
    port: 2181,
    portName: 'client',
    mountPath: '/data',
    uid: 1000,
    readOnlyRootFilesystem: true,
    readiness: ['zkServer.sh', 'status'],
    credentials: { KP_USERNAME_FILE: 'username', KP_PASSWORD_FILE: 'password' },
    roles: 'none',
    connectionString: `${POD(0)}:2181,${POD(1)}:2181,${POD(2)}:2181`,
  },
  kafka: {
    engine: () => DatabaseEngine.kafka(),
    replicas: 3,
    image: 'apache/kafka:3.9.1',
    port: 9092,
    portName: 'kafka',
    mountPath: '/var/lib/kafka/data',
    uid: 1000,
    readOnlyRootFilesystem: false,
    readiness: ['/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', 'localhost:9092', '--command-config', '/tmp/client.properties'],
    credentials: { KP_USERNAME_FILE: 'username', KP_PASSWORD_FILE: 'password' },
    roles: 'none',
    connectionString: `${POD(0)}:9092,${POD(1)}:9092,${POD(2)}:9092`,
  },
  cassandra: {
    engine: () => DatabaseEngine.cassandra(),
    replicas: 3,
    image: 'cassandra:5.0',
    port: 9042,
    portName: 'cql',
    mountPath: '/var/lib/cassandra',
    uid: 999,
    readOnlyRootFilesystem: false,
    readiness: ['/opt/kube-patterns/cassandra-ready.sh'],
    credentials: { KP_USERNAME_FILE: 'username', KP_PASSWORD_FILE: 'password' },
    roles: 'none',
  },
};

function build(engine: IDatabaseEngine, props: Partial<StatefulDatabaseProps> = {}): { db: StatefulDatabase; objects: KubeObject[] } {
  const chart = new Chart(Testing.app(), 'app', { namespace: 'data' });
  const db = new StatefulDatabase(chart, 'db', { engine, ...props });
  return { db, objects: synth(chart) };
}

const errorOf = (f: () => unknown): ValidationError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

const everyPreset: KubeObject[] = [];

describe.each(Object.entries(ENGINES))('%s preset', (_, expected) => {
  const { db, objects } = build(expected.engine(), { replicas: expected.replicas });
  everyPreset.push(...objects);
  const sts = find(objects, 'StatefulSet', 'db');
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];

  test('synthesizes the same manifests as last reviewed', () => {
    expect(stringify(objects, { version: '1.1' })).toMatchSnapshot();
  });

  test('is valid for the Kubernetes schema', () => {
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('passes the restricted Pod Security profile', () => {
    expect(restrictedViolations(pod)).toEqual([]);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(expected.readOnlyRootFilesystem);
  });

  test('runs the official image, pinned, on its port, as its non-root user', () => {
    expect(container.image).toBe(expected.image);
    expect(container.ports[0]).toEqual({ name: expected.portName, containerPort: expected.port, protocol: 'TCP' });
    expect(pod.securityContext).toMatchObject({ runAsUser: expected.uid, runAsGroup: expected.uid, fsGroup: expected.uid, runAsNonRoot: true });
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: expected.mountPath });
    expect(sts.metadata.labels['app.kubernetes.io/name']).toBe(expected.engine().engineName);
  });

  test('uses an engine-native readiness probe and a long startup probe', () => {
    if (expected.readiness === 'tcp') {
      expect(container.readinessProbe.tcpSocket).toBeDefined();
    } else {
      expect(container.readinessProbe.exec.command).toEqual(expected.readiness);
    }
    const startup = container.startupProbe;
    expect(startup.failureThreshold * startup.periodSeconds).toBeGreaterThanOrEqual(600);
  });

  test('reads credentials as files of the Secret, mounted read-only; no secret in any variable', () => {
    const pod = sts.spec.template.spec;
    for (const [variable, key] of Object.entries(expected.credentials)) {
      expect(container.env).toContainEqual({ name: variable, value: `/etc/kube-patterns/credentials/${key}` });
      const volume = pod.volumes.find((v: any) => v.name === 'credentials');
      expect(volume.secret).toMatchObject({ secretName: 'db-credentials', defaultMode: 0o440 });
      expect(volume.secret.items).toContainEqual({ key, path: key });
      expect(container.volumeMounts).toContainEqual({ name: 'credentials', mountPath: '/etc/kube-patterns/credentials', readOnly: true });
    }
    // Secrets as files, not variables (checkov CKV_K8S_35), in every container of the pod.
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      for (const entry of c.env ?? []) {
        expect(entry.valueFrom?.secretKeyRef).toBeUndefined();
        if (/PASSWORD|SECRET/i.test(entry.name)) expect(entry.name).toMatch(/_FILE$/);
      }
      expect(c.envFrom).toBeUndefined();
    }
  });

  test('routes traffic by role', () => {
    if (expected.roles === 'pod-zero-primary') {
      const primary = find(objects, 'Service', 'db-primary');
      expect(primary.spec.selector).toEqual({ ...sts.spec.selector.matchLabels, 'statefulset.kubernetes.io/pod-name': 'db-0' });
      expect(find(objects, 'Service', 'db-read').spec.selector).toEqual(sts.spec.selector.matchLabels);
      expect(db.primaryHost).toBe('db-primary.data.svc.cluster.local');
      expect(db.readHost).toBe('db-read.data.svc.cluster.local');
    } else {
      expect(ofKind(objects, 'Service').map((s) => s.metadata.name).sort()).toEqual(['db', 'db-headless']);
      expect(db.primaryHost).toBe(expected.roles === 'single-primary' ? D : undefined);
      expect(db.readHost).toBe(D);
    }
    expect(db.connectionString).toBe(expected.connectionString);
  });

  test('scripts, when any, come from the ConfigMap, and their checksum rolls the pods', () => {
    const scripts = objects.find((o) => o.kind === 'ConfigMap');
    if (!scripts) {
      expect(pod.volumes.map((v: any) => v.name)).not.toContain('scripts');
      return;
    }
    expect(scripts.metadata.name).toBe('db-scripts');
    expect(pod.volumes).toContainEqual({ name: 'scripts', configMap: { name: 'db-scripts', defaultMode: 0o555 } });
    expect(container.volumeMounts).toContainEqual({ name: 'scripts', mountPath: '/opt/kube-patterns', readOnly: true });
    expect(sts.spec.template.metadata.annotations['kube-patterns.io/scripts-sha256']).toMatch(/^[0-9a-f]{64}$/);
    for (const command of [container.command, container.readinessProbe.exec?.command].filter(Boolean)) {
      if (command[0].startsWith('/opt/kube-patterns/')) expect(Object.keys(scripts.data)).toContain(command[0].slice('/opt/kube-patterns/'.length));
    }
    // Every script a shipped script sources is shipped too.
    for (const text of Object.values<string>(scripts.data)) {
      for (const [, sourced] of text.matchAll(/^\. "\$\(dirname "\$0"\)\/([\w.-]+)"$/gm)) {
        expect(Object.keys(scripts.data)).toContain(sourced);
      }
    }
  });
});

test('every preset is valid for Kubernetes 1.28 and 1.33 with no unknown field', () => {
  expect(strictSchemaErrors(everyPreset)).toEqual([]);
});

describe('replication', () => {
  test.each([
    ['postgres', 'PostgreSQL', 'CloudNativePG, Zalando postgres-operator or Crunchy PGO'],
    ['mysql', 'MySQL', 'MySQL Operator for Kubernetes or Percona Operator for MySQL'],
    ['mariadb', 'MariaDB', 'mariadb-operator'],
  ])('%s refuses replicas > 1, naming operators', (engine, title, operators) => {
    expect(errorOf(() => build(ENGINES[engine].engine(), { replicas: 3 })).message).toBe(
      `[app/db] replicas 3 is more than 1, but the ${title} preset does not set up replication: each pod would be an independent primary and their data would silently diverge; use replicas: 1, or an operator that manages ${title} replication and failover (${operators})`,
    );
  });

  test.each(['zookeeper', 'kafka'])('%s refuses an even quorum', (engine) => {
    expect(errorOf(() => build(ENGINES[engine].engine(), { replicas: 2 })).message).toMatch(/^\[app\/db\] replicas 2 is even; a .* quorum of 2 tolerates no more failures than 1/);
    expect(() => build(ENGINES[engine].engine(), { replicas: 4 })).toThrow(ValidationError);
  });

  const env = (objects: KubeObject[]) =>
    Object.fromEntries(find(objects, 'StatefulSet', 'db').spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

  test('mongodb: a replica set of every pod with a key file for 3 replicas; standalone for 1', () => {
    const three = build(DatabaseEngine.mongodb(), { replicas: 3 }).objects;
    expect(env(three)).toMatchObject({ KP_REPLICA_SET: 'rs0', KP_MEMBERS: [0, 1, 2].map((i) => `${POD(i)}:27017`).join(',') });
    const sts = find(three, 'StatefulSet', 'db');
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
    expect(sts.spec.template.spec.volumes).toContainEqual({
      name: 'keyfile',
      secret: { secretName: 'db-credentials', items: [{ key: 'keyfile', path: 'keyfile' }], defaultMode: 0o400 },
    });
    const one = build(DatabaseEngine.mongodb(), { replicas: 1 });
    expect(env(one.objects).KP_REPLICA_SET).toBe('');
    expect(find(one.objects, 'StatefulSet', 'db').spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('keyfile');
    expect(one.db.connectionString).toBe(`mongodb://${D}:27017/?authSource=admin`);
    expect(one.db.primaryHost).toBe(D);
  });

  test('redis: every replica follows pod 0', () => {
    expect(env(build(DatabaseEngine.redis(), { replicas: 3 }).objects).KP_PRIMARY_HOST).toBe(POD(0));
  });

  test('zookeeper: myid from the ordinal, servers from the pod DNS names; standalone for 1', () => {
    const three = env(build(DatabaseEngine.zookeeper(), { replicas: 3 }).objects);
    expect(three.ZOO_SERVERS).toBe([0, 1, 2].map((i) => `server.${i + 1}=${POD(i)}:2888:3888;2181`).join(' '));
    expect(three.ZOO_STANDALONE_ENABLED).toBe('false');
    const one = env(build(DatabaseEngine.zookeeper(), { replicas: 1 }).objects);
    expect(one).toMatchObject({ ZOO_SERVERS: '', ZOO_STANDALONE_ENABLED: 'true' });
  });

  test('kafka: the controller quorum is every pod, replication factors follow the size', () => {
    const three = build(DatabaseEngine.kafka(), { replicas: 3 }).objects;
    expect(env(three)).toMatchObject({
      KAFKA_CONTROLLER_QUORUM_VOTERS: [0, 1, 2].map((i) => `${i}@${POD(i)}:9093`).join(','),
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
      KP_DOMAIN: 'db-headless.data.svc.cluster.local',
    });
    expect(env(three).CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // The cluster id is stable across syntheses.
    expect(env(build(DatabaseEngine.kafka(), { replicas: 3 }).objects).CLUSTER_ID).toBe(env(three).CLUSTER_ID);
    expect(find(three, 'Service', 'db-headless').spec.ports.map((p: any) => p.name)).toEqual(['kafka', 'controller']);
    expect(env(build(DatabaseEngine.kafka(), { replicas: 1 }).objects)).toMatchObject({ KAFKA_CONTROLLER_QUORUM_VOTERS: `0@${POD(0)}:9093`, KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1' });
  });

  test('kafka: SASL/PLAIN on the client, inter-broker and controller listeners by default; PLAINTEXT with authentication: false', () => {
    const secured = build(DatabaseEngine.kafka(), { replicas: 3 }).objects;
    expect(env(secured)).toMatchObject({
      KP_LISTENER: 'SASL_PLAINTEXT',
      KAFKA_LISTENERS: 'SASL_PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'SASL_PLAINTEXT',
      KAFKA_SASL_ENABLED_MECHANISMS: 'PLAIN',
      KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: 'PLAIN',
      KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL: 'PLAIN',
      KAFKA_OPTS: '-Djava.security.auth.login.config=/tmp/kafka_jaas.conf',
      KP_JAAS_FILE: '/tmp/kafka_jaas.conf',
    });
    expect(find(secured, 'ConfigMap', 'db-scripts').data['sasl-credentials.sh']).toBeDefined();
    const open = build(DatabaseEngine.kafka({ authentication: false }), { replicas: 3 }).objects;
    const openEnv = env(open);
    expect(openEnv).toMatchObject({ KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093', KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT', KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT' });
    for (const name of ['KP_PASSWORD_FILE', 'KAFKA_OPTS', 'KAFKA_SASL_ENABLED_MECHANISMS']) expect(openEnv[name]).toBeUndefined();
    const pod = find(open, 'StatefulSet', 'db').spec.template.spec;
    expect(pod.volumes.map((v: any) => v.name)).not.toContain('credentials');
    expect(pod.containers[0].readinessProbe.exec.command).toEqual(['/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', 'localhost:9092']);
    expect(find(open, 'ConfigMap', 'db-scripts').data['sasl-credentials.sh']).toBeUndefined();
  });

  test('zookeeper: SASL credentials by default; none with authentication: false', () => {
    const secured = build(DatabaseEngine.zookeeper({ credentialsSecretName: 'zk-auth' }), { replicas: 3 }).objects;
    expect(env(secured)).toMatchObject({ KP_USERNAME_FILE: '/etc/kube-patterns/credentials/username', KP_PASSWORD_FILE: '/etc/kube-patterns/credentials/password' });
    expect(find(secured, 'StatefulSet', 'db').spec.template.spec.volumes).toContainEqual({
      name: 'credentials',
      secret: { secretName: 'zk-auth', items: [{ key: 'username', path: 'username' }, { key: 'password', path: 'password' }], defaultMode: 0o440 },
    });
    const open = build(DatabaseEngine.zookeeper({ authentication: false }), { replicas: 3 }).objects;
    expect(env(open).KP_PASSWORD_FILE).toBeUndefined();
    expect(find(open, 'StatefulSet', 'db').spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('credentials');
  });

  test('cassandra: clients log in by default (the start script sets PasswordAuthenticator, the auth script creates the Secret\'s user); none with authentication: false', () => {
    const secured = build(DatabaseEngine.cassandra({ credentialsSecretName: 'ring-auth' }), { replicas: 3 }).objects;
    const pod = find(secured, 'StatefulSet', 'db').spec.template.spec;
    expect(pod.containers[0].command).toEqual(['/opt/kube-patterns/cassandra-start.sh']);
    expect(env(secured)).toMatchObject({ KP_USERNAME_FILE: '/etc/kube-patterns/credentials/username', KP_PASSWORD_FILE: '/etc/kube-patterns/credentials/password' });
    expect(pod.volumes).toContainEqual({
      name: 'credentials',
      secret: { secretName: 'ring-auth', items: [{ key: 'username', path: 'username' }, { key: 'password', path: 'password' }], defaultMode: 0o440 },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'credentials', mountPath: '/etc/kube-patterns/credentials', readOnly: true });
    expect(Object.keys(find(secured, 'ConfigMap', 'db-scripts').data).sort()).toEqual(['cassandra-auth.sh', 'cassandra-ready.sh', 'cassandra-start.sh', 'secret-login.sh']);
    // No annotation: the nodes do not authenticate each other, so a rolling change keeps the ring whole.
    expect(find(secured, 'StatefulSet', 'db').metadata.annotations?.['kube-patterns.io/peer-authentication']).toBeUndefined();

    const open = build(DatabaseEngine.cassandra({ authentication: false }), { replicas: 3 }).objects;
    const openPod = find(open, 'StatefulSet', 'db').spec.template.spec;
    expect(env(open).KP_PASSWORD_FILE).toBeUndefined();
    expect(openPod.volumes.map((v: any) => v.name)).not.toContain('credentials');
    expect(openPod.containers[0].command).toEqual(['/opt/kube-patterns/cassandra-start.sh']);
    expect(Object.keys(find(open, 'ConfigMap', 'db-scripts').data).sort()).toEqual(['cassandra-ready.sh', 'cassandra-start.sh']);
  });

  test('cassandra: the datacenter is a name cassandra-rackdc.properties and replication maps can hold', () => {
    expect(env(build(DatabaseEngine.cassandra({ datacenter: 'eu-west_1.a' })).objects).CASSANDRA_DC).toBe('eu-west_1.a');
    for (const bad of ["dc'1", 'dc 1', '', 'd'.repeat(49)]) {
      expect(errorOf(() => build(DatabaseEngine.cassandra({ datacenter: bad }))).message).toBe(
        `[app/db] engine datacenter '${bad}' must be 1 to 48 letters, digits, '.', '_' or '-': it names the datacenter in cassandra-rackdc.properties and in every keyspace's replication`,
      );
    }
  });

  test.each(['zookeeper', 'kafka', 'cassandra'] as const)('%s: authentication must be a boolean', (engine) => {
    expect(errorOf(() => build(DatabaseEngine[engine]({ authentication: 'yes' as any }))).message).toBe("[app/db] engine authentication 'yes' must be true or false");
  });

  test('cassandra: pod 0 alone is the seed (a seed never bootstraps), and nodes join one at a time', () => {
    const three = build(DatabaseEngine.cassandra(), { replicas: 3 }).objects;
    expect(env(three).CASSANDRA_SEEDS).toBe(POD(0));
    expect(find(three, 'StatefulSet', 'db').spec.podManagementPolicy).toBe('OrderedReady');
    expect(env(build(DatabaseEngine.cassandra(), { replicas: 1 }).objects).CASSANDRA_SEEDS).toBe(POD(0));
  });
});

describe('props override presets', () => {
  test('every prop given wins; nested objects merge field by field', () => {
    const { db, objects } = build(DatabaseEngine.postgres({ version: '16.4', credentialsSecretName: 'pg-auth' }), {
      image: 'registry.example.com/postgres:16.4-custom',
      port: 5433,
      storage: { size: '50Gi', storageClassName: 'fast' },
      securityContext: { runAsUser: 70 },
      resources: { limits: { memory: '4Gi' } },
      env: { POSTGRES_DB: EnvValue.fromValue('orders') },
    });
    const sts = find(objects, 'StatefulSet', 'db');
    const container = sts.spec.template.spec.containers[0];
    expect(container.image).toBe('registry.example.com/postgres:16.4-custom');
    expect(container.ports[0].containerPort).toBe(5433);
    expect(container.readinessProbe.exec.command).toContain('5433');
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '50Gi' } } });
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql' });
    expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsUser: 70, runAsGroup: 999, fsGroup: 999 });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '4Gi' } });
    expect(container.env.map((e: any) => e.name)).toEqual(['PGDATA', 'PGPORT', 'POSTGRES_PASSWORD_FILE', 'POSTGRES_DB']);
    // The port override moves the server's listen port too, not only the Services and probes.
    expect(container.env).toContainEqual({ name: 'PGPORT', value: '5433' });
    expect(container.env).toContainEqual({ name: 'POSTGRES_PASSWORD_FILE', value: '/etc/kube-patterns/credentials/password' });
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'credentials', secret: { secretName: 'pg-auth', items: [{ key: 'password', path: 'password' }], defaultMode: 0o440 } });
    expect(db.connectionString).toBe(`postgresql://postgres@${D}:5433/postgres`);
  });

  test.each(['13', '16', '17.2', '18.1', '19'])('PostgreSQL %s: one data layout for every version, so a version change never moves the data', (version) => {
    const container = find(build(DatabaseEngine.postgres({ version })).objects, 'StatefulSet', 'db').spec.template.spec.containers[0];
    expect(container.image).toBe(`postgres:${version}`);
    // /var/lib/postgresql, not /var/lib/postgresql/data: from 18 the image makes that a symbolic link.
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql' });
    // A sub-directory of the mount: initdb refuses a directory holding lost+found.
    expect(container.env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/pgdata' });
  });

  test('bad engine options and a port that collides with a peer port are refused', () => {
    expect(errorOf(() => build(DatabaseEngine.postgres({ version: 'latest' }))).message).toBe(
      "[app/db] engine version 'latest' does not start with a major version number; give a tag such as '16' or '16.4'",
    );
    expect(errorOf(() => build(DatabaseEngine.redis({ version: 'bad tag' }))).message).toBe(
      "[app/db] engine version 'bad tag' is not an image tag: use letters, digits, '_', '.' and '-', e.g. '16.4'",
    );
    expect(errorOf(() => build(DatabaseEngine.zookeeper(), { port: 2888 })).message).toBe(
      "[app/db] port 2888 (named 'client') collides with the port 2888 named 'follower' that the pattern also opens; choose another port",
    );
    expect(errorOf(() => build({} as IDatabaseEngine)).message).toMatch(/^\[app\/db\] engine \{\} is not a database engine; use DatabaseEngine.postgres\(\)/);
  });

  test('without an engine, image, port and storage are required', () => {
    const chart = new Chart(Testing.app(), 'app');
    expect(errorOf(() => new StatefulDatabase(chart, 'a', { port: 1, storage: { size: '1Gi', mountPath: '/d' } })).message).toBe(
      "[app/a] image undefined is required: give the container image, e.g. 'postgres:16'",
    );
    expect(errorOf(() => new StatefulDatabase(chart, 'b', { image: 'x' })).message).toBe('[app/b] port undefined is required: give the TCP port the server listens on');
    expect(errorOf(() => new StatefulDatabase(chart, 'c', { image: 'x', port: 1 })).message).toBe(
      "[app/c] storage undefined is required without an engine: give at least { size: '10Gi', mountPath: '/data' }",
    );
    expect(errorOf(() => new StatefulDatabase(chart, 'd', { image: 'x', port: 1, storage: { mountPath: '/d' } })).message).toBe(
      "[app/d] storage.size undefined is required without an engine: give the capacity of each pod's claim, e.g. '10Gi'",
    );
  });
});

test('Redis: the liveness probe tolerates a dataset still loading (LOADING); readiness and startup do not need it', () => {
  const container = find(build(DatabaseEngine.redis()).objects, 'StatefulSet', 'db').spec.template.spec.containers[0];
  expect(container.livenessProbe.exec.command).toEqual(['/opt/kube-patterns/redis-ping.sh', '--alive']);
  expect(container.readinessProbe.exec.command).toEqual(['/opt/kube-patterns/redis-ping.sh']);
  // Redis listens while it loads, so a TCP startup probe hands over to liveness at once.
  expect(container.startupProbe.tcpSocket).toBeDefined();
});
