/** TLS for client connections (`tls`): the Secret's mount, the cert-manager Certificate, PostgreSQL serving it, and bad input. */
import { buildStatefulDatabase, DatabaseEngine, StatefulDatabase, StatefulDatabaseProps } from '../../lib';
import { strictSchemaErrors } from '../support/kubernetes-validate';
import { restrictedViolations } from '../support/pod-security';
import { find, KubeObject, ofKind, synthOne, validationMessage } from '../support/objects';
import { schemaErrors } from '../support/schema';

const objectsOf = (props: StatefulDatabaseProps): KubeObject[] => synthOne((chart) => new StatefulDatabase(chart, 'db', props));
const podOf = (objects: KubeObject[]) => find(objects, 'StatefulSet', 'db').spec.template.spec;
const database = (objects: KubeObject[]) => podOf(objects).containers.find((c: any) => c.name === 'database');
/** Sidecars are native: init containers that keep running (restartPolicy Always). */
const sidecar = (objects: KubeObject[], name: string) => (podOf(objects).initContainers ?? []).find((c: any) => c.name === name && c.restartPolicy === 'Always');
const postgres = (tls: StatefulDatabaseProps['tls'], extra: Partial<StatefulDatabaseProps> = {}) => objectsOf({ engine: DatabaseEngine.postgres(), tls, ...extra });

describe('PostgreSQL with the certificate from an existing Secret', () => {
  const objects = postgres({ secretName: 'db-cert' });

  test('mounts tls.crt and tls.key read-only, mode 0440 (PostgreSQL refuses a key others may read)', () => {
    expect(podOf(objects).volumes).toContainEqual({
      name: 'tls',
      secret: { secretName: 'db-cert', items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }], defaultMode: 0o440 },
    });
    expect(database(objects).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/kube-patterns/tls', readOnly: true });
  });

  test('serves TLS from those files, and still accepts plain clients (required is off)', () => {
    expect(database(objects).args).toEqual(['-c', 'ssl=on', '-c', 'ssl_cert_file=/etc/kube-patterns/tls/tls.crt', '-c', 'ssl_key_file=/etc/kube-patterns/tls/tls.key']);
    expect(Object.keys(find(objects, 'ConfigMap', 'db-scripts').data).sort()).toEqual(['backup-client.sh', 'tls-reload.sh']);
    expect(ofKind(objects, 'Certificate')).toEqual([]);
  });

  test('a sidecar on the database image reloads a renewed certificate, reading the Secret and the password as files', () => {
    const reload = sidecar(objects, 'tls-reload');
    expect(reload.image).toBe(database(objects).image);
    expect(reload.command).toEqual(['/opt/kube-patterns/tls-reload.sh']);
    expect(reload.env).toEqual([
      { name: 'KP_ENGINE', value: 'postgresql' },
      { name: 'KP_PORT', value: '5432' },
      { name: 'KP_PASSWORD_FILE', value: '/etc/kube-patterns/credentials/password' },
      { name: 'KP_TLS_DIR', value: '/etc/kube-patterns/tls' },
      { name: 'KP_CLIENT_TLS', value: 'require' },
    ]);
    expect(reload.volumeMounts).toEqual([
      { name: 'tls', mountPath: '/etc/kube-patterns/tls', readOnly: true },
      { name: 'credentials', mountPath: '/etc/kube-patterns/credentials', readOnly: true },
      { name: 'scripts', mountPath: '/opt/kube-patterns', readOnly: true },
      { name: 'writable-tmp', mountPath: '/tmp' },
    ]);
    expect(reload.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } });
    expect(reload.ports).toBeUndefined();
  });

  test('the sidecar follows an image override and comes after the exporter', () => {
    const custom = postgres({ secretName: 'db-cert' }, { image: 'registry.example.com/postgres:17', metrics: {}, sidecars: [{ name: 'mine', image: 'mine:1' }] });
    expect(database(custom).image).toBe('registry.example.com/postgres:17');
    expect(podOf(custom).initContainers.map((c: any) => [c.name, c.image])).toEqual([
      ['exporter', 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1'],
      ['tls-reload', 'registry.example.com/postgres:17'],
      ['mine', 'mine:1'],
    ]);
  });

  test('the connection string asks clients to verify the server', () => {
    const model = buildStatefulDatabase({ engine: DatabaseEngine.postgres(), tls: { secretName: 'db-cert' } }, { path: 'app/db', defaultName: 'db', namespace: 'shop' });
    expect(model.connectionString).toBe('postgresql://postgres@db.shop.svc.cluster.local:5432/postgres?sslmode=verify-full');
    expect(model.tlsSecretName).toBe('db-cert');
  });

  test('valid for Kubernetes and the restricted profile', () => {
    expect(schemaErrors(objects)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
    expect(restrictedViolations(podOf(objects))).toEqual([]);
  });
});

describe('with issuerRef: a cert-manager Certificate for every name clients use', () => {
  const objects = postgres({ issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer' } });

  test('the Certificate {name}-tls writes the Secret {name}-tls that the pods mount', () => {
    const certificate = find(objects, 'Certificate', 'db-tls');
    expect(certificate.apiVersion).toBe('cert-manager.io/v1');
    expect(certificate.metadata.namespace).toBe('shop');
    expect(certificate.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/managed-by': 'kube-patterns' });
    expect(certificate.spec).toEqual({
      secretName: 'db-tls',
      // The client Service and the headless Service in every form a client may write, and every pod.
      dnsNames: [
        'db',
        'db.shop',
        'db.shop.svc',
        'db.shop.svc.cluster.local',
        'db-headless',
        'db-headless.shop',
        'db-headless.shop.svc',
        'db-headless.shop.svc.cluster.local',
        '*.db-headless.shop.svc',
        '*.db-headless.shop.svc.cluster.local',
      ],
      issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      usages: ['server auth', 'digital signature', 'key encipherment'],
    });
    expect(podOf(objects).volumes.find((v: any) => v.name === 'tls').secret.secretName).toBe('db-tls');
  });

  test('the pod names in the certificate are the pods the StatefulSet creates', () => {
    const model = buildStatefulDatabase({ image: 'db:1', port: 5432, storage: { size: '1Gi', mountPath: '/data' }, replicas: 3, tls: { issuerRef: { name: 'ca' } } }, { path: 'app/db', defaultName: 'db', namespace: 'shop' });
    const wildcard = model.certificate!.spec.dnsNames.find((n) => n.startsWith('*.') && n.endsWith('.cluster.local'))!;
    for (const pod of model.podDnsNames) expect(pod.split('.').slice(1).join('.')).toBe(wildcard.slice(2));
  });

  test('an Issuer in the namespace by default; the Certificate is valid against the cert-manager CRD schema', () => {
    const certificate = find(postgres({ issuerRef: { name: 'ca' } }), 'Certificate', 'db-tls');
    expect(certificate.spec.issuerRef).toEqual({ name: 'ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(schemaErrors(objects)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('secretName names the Secret the Certificate writes', () => {
    const named = postgres({ issuerRef: { name: 'ca' }, secretName: 'orders-cert' });
    expect(find(named, 'Certificate', 'db-tls').spec.secretName).toBe('orders-cert');
    expect(podOf(named).volumes.find((v: any) => v.name === 'tls').secret.secretName).toBe('orders-cert');
  });
});

describe('required: clients without TLS are refused', () => {
  const objects = postgres({ secretName: 'db-cert', required: true });
  const hba: string = find(objects, 'ConfigMap', 'db-scripts').data['pg_hba-tls.conf'];
  const rules = hba
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/));

  test('PostgreSQL reads a pg_hba.conf from the scripts ConfigMap', () => {
    expect(database(objects).args).toContain('hba_file=/opt/kube-patterns/pg_hba-tls.conf');
    expect(database(objects).volumeMounts).toContainEqual({ name: 'scripts', mountPath: '/opt/kube-patterns', readOnly: true });
  });

  test('remote clients need a password over TLS; plain TCP only from loopback (the exporter), with a password; trust only over the Unix socket', () => {
    expect(rules.filter((r) => r[0] === 'hostssl')).toEqual([['hostssl', 'all', 'all', 'all', 'scram-sha-256']]);
    expect(rules.filter((r) => r[0] === 'host')).toEqual([
      ['host', 'all', 'all', '127.0.0.1/32', 'scram-sha-256'],
      ['host', 'all', 'all', '::1/128', 'scram-sha-256'],
    ]);
    expect(rules.filter((r) => r[0] === 'local').map((r) => r.at(-1))).toEqual(['trust', 'trust']);
    expect(rules.map((r) => r[0])).toEqual(['local', 'local', 'host', 'host', 'hostssl']);
  });

  test('the hba file is in the scripts checksum, so turning required on or off rolls the pods', () => {
    const annotation = (o: KubeObject[]) => find(o, 'StatefulSet', 'db').spec.template.metadata.annotations?.['kube-patterns.io/scripts-sha256'];
    expect(annotation(objects)).toMatch(/^[0-9a-f]{64}$/);
    expect(annotation(postgres({ secretName: 'db-cert' }))).toMatch(/^[0-9a-f]{64}$/);
    expect(annotation(objects)).not.toBe(annotation(postgres({ secretName: 'db-cert' })));
  });
});

describe('TLS settings belong to tls', () => {
  test.each(['ssl', 'ssl_cert_file', 'ssl_key_file'])('config %s is refused beside tls', (key) => {
    expect(validationMessage(() => postgres({ secretName: 'c' }, { config: { [key]: 'off' } }))).toBe(`config['${key}'] 'off' is set from tls (the server's certificate and key); change tls instead`);
  });

  test('other ssl_ settings stay tunable, and ssl is free without tls', () => {
    expect(database(postgres({ secretName: 'c' }, { config: { ssl_min_protocol_version: 'TLSv1.3' } })).args).toContain('ssl_min_protocol_version=TLSv1.3');
    expect(database(objectsOf({ engine: DatabaseEngine.postgres(), config: { ssl: true } })).args).toEqual(['-c', 'ssl=on']);
  });
});

describe.each([
  ['mysql', DatabaseEngine.mysql],
  ['mariadb', DatabaseEngine.mariadb],
])('%s', (name, engine) => {
  const objects = objectsOf({ engine: engine(), tls: { secretName: 'db-cert' } });

  test('serves TLS from the Secret; plain clients are still accepted', () => {
    expect(database(objects).args.slice(-2)).toEqual(['--ssl-cert=/etc/kube-patterns/tls/tls.crt', '--ssl-key=/etc/kube-patterns/tls/tls.key']);
    expect(database(objects).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/kube-patterns/tls', readOnly: true });
    expect(sidecar(objects, 'tls-reload').env[0]).toEqual({ name: 'KP_ENGINE', value: name });
    const model = buildStatefulDatabase({ engine: engine(), tls: { secretName: 'db-cert' } }, { path: 'app/db', defaultName: 'db', namespace: 'shop' });
    expect(model.connectionString).toBe('mysql://root@db.shop.svc.cluster.local:3306/?ssl-mode=VERIFY_IDENTITY');
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  describe('required', () => {
    const socketDir = name === 'mysql' ? '/var/run/mysqld' : '/run/mysqld';
    const socketVolume = name === 'mysql' ? 'writable-var-run-mysqld' : 'writable-run-mysqld';
    const required = objectsOf({ engine: engine(), tls: { secretName: 'db-cert', required: true }, metrics: {}, backup: {} });
    const exporterInit = () => podOf(required).initContainers.find((c: any) => c.name === 'exporter-credentials');

    test('require_secure_transport=ON: TCP clients without TLS are refused', () => {
      expect(database(required).args.slice(-3)).toEqual(['--ssl-cert=/etc/kube-patterns/tls/tls.crt', '--ssl-key=/etc/kube-patterns/tls/tls.key', '--require-secure-transport=ON']);
      expect(database(objects).args).not.toContain('--require-secure-transport=ON');
    });

    test("the exporter connects through the server's Unix socket (secure transport without TLS), its directory mounted read-only", () => {
      expect(database(required).volumeMounts).toContainEqual({ name: socketVolume, mountPath: socketDir });
      expect(sidecar(required, 'exporter').volumeMounts).toEqual([
        { name: 'exporter-credentials', mountPath: '/run/kube-patterns/exporter', readOnly: true },
        { name: socketVolume, mountPath: '/run/kube-patterns/mysqld', readOnly: true },
      ]);
      expect(exporterInit().env).toContainEqual({ name: 'KP_SOCKET', value: '/run/kube-patterns/mysqld/mysqld.sock' });
      // Without required, over TCP as before.
      const offered = objectsOf({ engine: engine(), tls: { secretName: 'db-cert' }, metrics: {} });
      expect(sidecar(offered, 'exporter').volumeMounts).toHaveLength(1);
    });

    test('the reload sidecar and the backup and restore jobs require TLS of their clients', () => {
      expect(sidecar(required, 'tls-reload').env).toContainEqual({ name: 'KP_CLIENT_TLS', value: 'require' });
      for (const job of [find(required, 'CronJob', 'db-backup'), find(required, 'CronJob', 'db-restore')]) {
        expect(job.spec.jobTemplate.spec.template.spec.containers[0].env).toContainEqual({ name: 'KP_CLIENT_TLS', value: 'require' });
      }
      const plain = objectsOf({ engine: engine(), backup: {} });
      expect(find(plain, 'CronJob', 'db-backup').spec.jobTemplate.spec.template.spec.containers[0].env.map((e: any) => e.name)).not.toContain('KP_CLIENT_TLS');
    });

    test('valid for Kubernetes and the restricted profile', () => {
      expect(schemaErrors(required)).toEqual([]);
      expect(strictSchemaErrors(required)).toEqual([]);
      expect(restrictedViolations(podOf(required))).toEqual([]);
    });
  });

  test.each(['ssl-cert', 'ssl_key', 'require_secure_transport'])('config %s is refused beside tls', (key) => {
    expect(validationMessage(() => objectsOf({ engine: engine(), tls: { secretName: 'c' }, config: { [key]: 'x' } }))).toMatch(/is set from tls/);
  });
});

describe('redis', () => {
  const objects = objectsOf({ engine: DatabaseEngine.redis(), replicas: 3, tls: { issuerRef: { name: 'ca' } }, metrics: {} });

  test("mounts the CA too (replicas verify the primary), and the start script serves TLS only", () => {
    expect(podOf(objects).volumes).toContainEqual({
      name: 'tls',
      secret: { secretName: 'db-tls', items: ['tls.crt', 'tls.key', 'ca.crt'].map((key) => ({ key, path: key })), defaultMode: 0o440 },
    });
    expect(database(objects).env).toContainEqual({ name: 'KP_TLS_DIR', value: '/etc/kube-patterns/tls' });
    expect(sidecar(objects, 'tls-reload').env[0]).toEqual({ name: 'KP_ENGINE', value: 'redis' });
  });

  test('the exporter connects with TLS (rediss://), to its own pod over loopback', () => {
    const exporter = sidecar(objects, 'exporter');
    expect(exporter.env).toContainEqual({ name: 'REDIS_ADDR', value: 'rediss://127.0.0.1:6379' });
    expect(exporter.args).toContain('--skip-tls-verification');
    const prepare = podOf(objects).initContainers.find((c: any) => c.name === 'exporter-credentials');
    expect(prepare.env).toContainEqual({ name: 'KP_REDIS_ADDR', value: 'rediss://127.0.0.1:6379' });
  });

  test('connection string rediss://; valid objects; the restricted profile', () => {
    const model = buildStatefulDatabase({ engine: DatabaseEngine.redis(), tls: { secretName: 'c' } }, { path: 'app/db', defaultName: 'db', namespace: 'shop' });
    expect(model.connectionString).toBe('rediss://db-primary.shop.svc.cluster.local:6379');
    expect(schemaErrors(objects)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
    expect(restrictedViolations(podOf(objects))).toEqual([]);
  });

  test('the Certificate names the role Services too', () => {
    const names = find(objects, 'Certificate', 'db-tls').spec.dnsNames;
    expect(names).toEqual(expect.arrayContaining(['db-primary.shop.svc.cluster.local', 'db-read.shop.svc', 'db.shop.svc.cluster.local', '*.db-headless.shop.svc.cluster.local']));
    // The client, primary and read Services and the headless one, four forms each, and two wildcards.
    expect(names).toHaveLength(3 * 4 + 4 + 2);
  });

  test('required: false, backup and the TLS directives in config are refused, each saying why', () => {
    expect(validationMessage(() => objectsOf({ engine: DatabaseEngine.redis(), tls: { secretName: 'c', required: false } }))).toMatch(/^tls\.required false cannot be false on the redis preset: /);
    expect(validationMessage(() => objectsOf({ engine: DatabaseEngine.redis(), tls: { secretName: 'c' }, backup: {} }))).toMatch(/^backup '\(given\)' is not supported by the redis preset with tls yet: /);
    expect(validationMessage(() => objectsOf({ engine: DatabaseEngine.redis(), tls: { secretName: 'c' }, config: { 'tls-replication': false } }))).toMatch(/is set from tls/);
    expect(database(objectsOf({ engine: DatabaseEngine.redis(), tls: { secretName: 'c', required: true } })).env).toContainEqual({ name: 'KP_TLS_DIR', value: '/etc/kube-patterns/tls' });
  });
});

describe('Kafka with tls (SASL on, the default)', () => {
  const kafka = (extra: Partial<StatefulDatabaseProps> = {}, options: Parameters<typeof DatabaseEngine.kafka>[0] = {}) =>
    synthOne((chart) => new StatefulDatabase(chart, 'events', { engine: DatabaseEngine.kafka(options), replicas: 3, tls: { secretName: 'events-cert' }, ...extra }));
  const objects = kafka();
  const pod = find(objects, 'StatefulSet', 'events').spec.template.spec;
  const broker = pod.containers.find((c: any) => c.name === 'database');
  const env = (container: any) => Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

  test('the client and inter-broker listener is SASL_TLS (protocol SASL_SSL) with PEM stores; the controller listener is unchanged', () => {
    expect(env(broker)).toMatchObject({
      KP_LISTENER: 'SASL_TLS',
      KAFKA_LISTENERS: 'SASL_TLS://:9092,CONTROLLER://:9093',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:SASL_PLAINTEXT,SASL_TLS:SASL_SSL',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'SASL_TLS',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_NAME_SASL__TLS_SSL_KEYSTORE_TYPE: 'PEM',
      KAFKA_LISTENER_NAME_SASL__TLS_SSL_KEYSTORE_LOCATION: '/tmp/kafka-tls/keystore.pem',
      KAFKA_LISTENER_NAME_SASL__TLS_SSL_TRUSTSTORE_TYPE: 'PEM',
      KAFKA_LISTENER_NAME_SASL__TLS_SSL_TRUSTSTORE_LOCATION: '/tmp/kafka-tls/truststore.pem',
      KP_CLIENT_PROTOCOL: 'SASL_SSL',
      KP_TLS_DIR: '/etc/kube-patterns/tls',
    });
    // No listener name containing "SSL", which the apache/kafka image's configure script would
    // take as a demand for keystore password files.
    expect(Object.values(env(broker)).filter((v) => typeof v === 'string' && /(^|,)[A-Z_]*SSL:\/\//.test(v))).toEqual([]);
    expect(Object.keys(env(broker)).filter((name) => name.startsWith('KAFKA_SSL_'))).toEqual([]);
  });

  test('the Secret is mounted with ca.crt (the brokers verify each other), and the start script gets the keystore script', () => {
    expect(pod.volumes).toContainEqual({
      name: 'tls',
      secret: { secretName: 'events-cert', items: ['tls.crt', 'tls.key', 'ca.crt'].map((key) => ({ key, path: key })), defaultMode: 0o440 },
    });
    // Not backup-client.sh, which the sidecar sources only for the engines that log in as the backups do.
    expect(Object.keys(find(objects, 'ConfigMap', 'events-scripts').data).sort()).toEqual(['kafka-start.sh', 'pod-ordinal.sh', 'sasl-credentials.sh', 'secret-login.sh', 'tls-reload.sh', 'tls-stores.sh']);
  });

  test('the readiness probe connects with the client settings (which trust ca.crt)', () => {
    expect(broker.readinessProbe.exec.command).toEqual(['/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', 'localhost:9092', '--command-config', '/tmp/client.properties']);
    const plain = find(kafka({}, { authentication: false }), 'StatefulSet', 'events').spec.template.spec.containers[0];
    expect(plain.readinessProbe.exec.command).toContain('--command-config');
    expect(env(plain)).toMatchObject({ KP_LISTENER: 'TLS', KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,TLS:SSL', KP_CLIENT_PROTOCOL: 'SSL', KP_CLIENT_CONFIG: '/tmp/client.properties' });
    expect(env(plain).KAFKA_OPTS).toBeUndefined();
  });

  test('the reload sidecar: no credentials (it logs in with the JAAS file in the shared /tmp), a heap for kafka-configs, this broker\'s id from the pod name', () => {
    const reload = pod.initContainers.find((c: any) => c.name === 'tls-reload' && c.restartPolicy === 'Always');
    expect(reload.image).toBe('apache/kafka:3.9.1');
    expect(env(reload)).toEqual({
      KP_ENGINE: 'kafka',
      KP_PORT: '9092',
      KP_TLS_DIR: '/etc/kube-patterns/tls',
      KP_POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
      KP_LISTENER: 'SASL_TLS',
      KP_STORES_DIR: '/tmp/kafka-tls',
      KP_CLIENT_CONFIG: '/tmp/client.properties',
      KAFKA_OPTS: '-Djava.security.auth.login.config=/tmp/kafka_jaas.conf',
      KAFKA_HEAP_OPTS: '-Xms32m -Xmx96m',
      LOG_DIR: '/tmp/kafka-logs',
    });
    expect(reload.volumeMounts.map((m: any) => m.name)).toEqual(['tls', 'scripts', 'writable-tmp']);
    expect(reload.resources).toEqual({ requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '320Mi' } });
  });

  test('the exporter connects with TLS and verifies the brokers against ca.crt by a pod name the certificate holds', () => {
    const exporter = find(kafka({ metrics: {} }), 'StatefulSet', 'events').spec.template.spec.initContainers.find((c: any) => c.name === 'exporter');
    expect(exporter.args).toEqual([
      '--kafka.server=127.0.0.1:9092',
      '--sasl.enabled',
      '--sasl.mechanism=plain',
      '--tls.enabled',
      '--tls.ca-file=/etc/kube-patterns/tls/ca.crt',
      '--tls.server-name=events-0.events-headless.shop.svc.cluster.local',
      '@/run/kube-patterns/exporter/kafka-exporter.args',
    ]);
    expect(exporter.volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/kube-patterns/tls', readOnly: true });
  });

  test('the peer authentication records tls, so that kube-patterns plan restarts every node at once', () => {
    expect(find(objects, 'StatefulSet', 'events').metadata.annotations['kube-patterns.io/peer-authentication']).toBe('sasl+tls');
    const plain = find(kafka({}, { authentication: false }), 'StatefulSet', 'events');
    expect(plain.metadata.annotations['kube-patterns.io/peer-authentication']).toBe('tls');
  });

  test('a cert-manager Certificate names every pod (the brokers verify each other by pod DNS name); schema and restricted profile hold', () => {
    const issued = kafka({ tls: { issuerRef: { name: 'ca' } }, metrics: {} });
    const certificate = find(issued, 'Certificate', 'events-tls');
    expect(certificate.spec.dnsNames).toContain('*.events-headless.shop.svc.cluster.local');
    expect(certificate.spec.privateKey.encoding).toBe('PKCS8');
    expect(schemaErrors(issued)).toEqual([]);
    expect(strictSchemaErrors(issued)).toEqual([]);
    expect(restrictedViolations(find(issued, 'StatefulSet', 'events').spec.template.spec)).toEqual([]);
  });

  test('refused, each saying why: required false, the stores and client authentication in config', () => {
    expect(validationMessage(() => kafka({ tls: { secretName: 'c', required: false } }))).toMatch(/^tls\.required false cannot be false on the kafka preset: the preset serves TLS only, on the client listener/);
    for (const setting of ['ssl.client.auth', 'ssl.keystore.location', 'ssl.truststore.type', 'security.inter.broker.protocol']) {
      expect(validationMessage(() => kafka({ config: { [setting]: 'x' } }))).toMatch(/is set from tls/);
    }
    expect(validationMessage(() => kafka({ config: { 'listener.name.sasl_tls.ssl.keystore.location': '/x' } }))).toMatch(/^config\['listener\.name\.sasl_tls\.ssl\.keystore\.location'\]/);
    expect(env(find(kafka({ tls: { secretName: 'c', required: true } }), 'StatefulSet', 'events').spec.template.spec.containers[0]).KP_LISTENER).toBe('SASL_TLS');
  });
});

describe('MongoDB with tls (a replica set)', () => {
  const mongo = (extra: Partial<StatefulDatabaseProps> = {}) => objectsOf({ engine: DatabaseEngine.mongodb(), replicas: 3, tls: { issuerRef: { name: 'ca' } }, ...extra });
  const objects = mongo({ metrics: {}, backup: {} });
  const env = (container: any) => Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

  test('the start script serves preferTLS from the Secret, with ca.crt (the members verify each other); requireTLS with required', () => {
    expect(podOf(objects).volumes).toContainEqual({
      name: 'tls',
      secret: { secretName: 'db-tls', items: ['tls.crt', 'tls.key', 'ca.crt'].map((key) => ({ key, path: key })), defaultMode: 0o440 },
    });
    expect(env(database(objects))).toMatchObject({ KP_TLS_DIR: '/etc/kube-patterns/tls', KP_STORES_DIR: '/tmp/mongodb-tls', KP_TLS_MODE: 'preferTLS' });
    expect(env(database(mongo({ tls: { secretName: 'c', required: true } }))).KP_TLS_MODE).toBe('requireTLS');
    expect(Object.keys(find(objects, 'ConfigMap', 'db-scripts').data).sort()).toEqual(['mongodb-client.sh', 'mongodb-initiate.sh', 'mongodb-start.sh', 'pod-ordinal.sh', 'tls-reload.sh', 'tls-stores.sh']);
  });

  test('every probe connects with TLS (requireTLS refuses plain clients), not verified over loopback', () => {
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      expect(database(objects)[probe].exec.command).toEqual(['mongosh', '--quiet', '--port', '27017', '--tls', '--tlsAllowInvalidCertificates', '--eval', "db.adminCommand('ping')"]);
    }
    expect(database(objectsOf({ engine: DatabaseEngine.mongodb() })).readinessProbe.exec.command).not.toContain('--tls');
  });

  test('the Certificate allows client authentication too: a member presents it to the others', () => {
    expect(find(objects, 'Certificate', 'db-tls').spec.usages).toEqual(['server auth', 'client auth', 'digital signature', 'key encipherment']);
    expect(find(postgres({ issuerRef: { name: 'ca' } }), 'Certificate', 'db-tls').spec.usages).not.toContain('client auth');
  });

  test('the reload sidecar runs rotateCertificates as the root user (both credential files), with room for mongosh', () => {
    const reload = sidecar(objects, 'tls-reload');
    expect(reload.image).toBe('mongo:8.0');
    expect(env(reload)).toEqual({
      KP_ENGINE: 'mongodb',
      KP_PORT: '27017',
      KP_PASSWORD_FILE: '/etc/kube-patterns/credentials/password',
      KP_TLS_DIR: '/etc/kube-patterns/tls',
      KP_USER_FILE: '/etc/kube-patterns/credentials/username',
      KP_STORES_DIR: '/tmp/mongodb-tls',
    });
    expect(podOf(objects).volumes.find((v: any) => v.name === 'credentials').secret.items.map((i: any) => i.key)).toEqual(['username', 'password']);
    expect(reload.volumeMounts.map((m: any) => m.name)).toEqual(['tls', 'credentials', 'scripts', 'writable-tmp']);
    expect(reload.resources).toEqual({ requests: { cpu: '10m', memory: '96Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  test('the exporter and the backups connect with TLS', () => {
    expect(env(sidecar(objects, 'exporter')).MONGODB_URI).toBe('mongodb://127.0.0.1:27017/admin?directConnection=true&tls=true&tlsInsecure=true');
    const job = find(objects, 'CronJob', 'db-backup').spec.jobTemplate.spec.template.spec.containers[0];
    expect(env(job)).toMatchObject({ KP_ENGINE: 'mongodb', KP_CLIENT_TLS: 'require' });
  });

  test('the connection string asks for TLS; adding or removing tls is recorded for the plan (restart every member at once)', () => {
    const model = buildStatefulDatabase({ engine: DatabaseEngine.mongodb(), replicas: 3, tls: { secretName: 'c' } }, { path: 'app/db', defaultName: 'db', namespace: 'shop' });
    expect(model.connectionString).toBe(
      'mongodb://db-0.db-headless.shop.svc.cluster.local:27017,db-1.db-headless.shop.svc.cluster.local:27017,db-2.db-headless.shop.svc.cluster.local:27017/?replicaSet=rs0&authSource=admin&tls=true',
    );
    const one = buildStatefulDatabase({ engine: DatabaseEngine.mongodb(), tls: { secretName: 'c' } }, { path: 'app/db', defaultName: 'db', namespace: 'shop' });
    expect(one.connectionString).toBe('mongodb://db.shop.svc.cluster.local:27017/?authSource=admin&tls=true');
    expect(find(objects, 'StatefulSet', 'db').metadata.annotations['kube-patterns.io/peer-authentication']).toBe('tls');
    expect(find(objectsOf({ engine: DatabaseEngine.mongodb(), replicas: 3 }), 'StatefulSet', 'db').metadata.annotations['kube-patterns.io/peer-authentication']).toBe('none');
  });

  test('valid objects; the restricted profile', () => {
    expect(schemaErrors(objects)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
    expect(restrictedViolations(podOf(objects))).toEqual([]);
  });

  test('refused, each saying why: TLS settings in config or args, with or without tls', () => {
    for (const tls of [undefined, { secretName: 'c' }]) {
      expect(validationMessage(() => objectsOf({ engine: DatabaseEngine.mongodb(), tls, config: { 'net.tls.mode': 'disabled' } }))).toBe(
        "config['net.tls.mode'] 'disabled' is set by the mongodb preset from tls (the server's certificate and key); set tls instead",
      );
      expect(validationMessage(() => objectsOf({ engine: DatabaseEngine.mongodb(), tls, args: ['--tlsMode', 'disabled'] }))).toMatch(/^args.*'--tlsMode'.*the preset sets TLS from the tls prop/);
    }
  });
});

describe('Cassandra with tls (a ring, authentication on)', () => {
  const objects = objectsOf({ engine: DatabaseEngine.cassandra(), replicas: 3, tls: { secretName: 'ring-cert' } });
  const pod = podOf(objects);
  const env = (container: any) => Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

  test('the start script serves client encryption from a PEM keystore, optional (plain clients too) unless required; no CA needed', () => {
    expect(env(database(objects))).toMatchObject({ KP_TLS_DIR: '/etc/kube-patterns/tls', KP_STORES_DIR: '/tmp/cassandra-tls', KP_TLS_OPTIONAL: 'true' });
    expect(pod.volumes.find((v: any) => v.name === 'tls').secret.items.map((i: any) => i.key)).toEqual(['tls.crt', 'tls.key']);
    const required = objectsOf({ engine: DatabaseEngine.cassandra(), tls: { secretName: 'ring-cert', required: true } });
    expect(env(database(required)).KP_TLS_OPTIONAL).toBe('false');
    expect(Object.keys(find(objects, 'ConfigMap', 'db-scripts').data).sort()).toEqual(['cassandra-auth.sh', 'cassandra-ready.sh', 'cassandra-start.sh', 'secret-login.sh', 'tls-reload.sh', 'tls-stores.sh']);
  });

  test('the reload sidecar rewrites the keystore and runs nodetool reloadssl: no credentials (nodetool needs no login on loopback), room for its JVM', () => {
    const reload = sidecar(objects, 'tls-reload');
    expect(reload.image).toBe('cassandra:5.0');
    expect(env(reload)).toEqual({ KP_ENGINE: 'cassandra', KP_PORT: '9042', KP_TLS_DIR: '/etc/kube-patterns/tls', KP_STORES_DIR: '/tmp/cassandra-tls' });
    expect(reload.volumeMounts.map((m: any) => m.name)).toEqual(['tls', 'scripts', 'writable-tmp']);
    expect(reload.resources).toEqual({ requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '320Mi' } });
  });

  test('no connection string (drivers take contact points); the nodes do not record a peer authentication (internode traffic stays as it was)', () => {
    const db = synthOne((chart) => {
      const ring = new StatefulDatabase(chart, 'db', { engine: DatabaseEngine.cassandra(), tls: { secretName: 'c' } });
      expect(ring.connectionString).toBeUndefined();
    });
    expect(find(db, 'StatefulSet', 'db').metadata.annotations?.['kube-patterns.io/peer-authentication']).toBeUndefined();
  });

  test('valid objects; the restricted profile; a cert-manager Certificate names the Service and every pod', () => {
    const issued = objectsOf({ engine: DatabaseEngine.cassandra(), replicas: 3, tls: { issuerRef: { name: 'ca' } } });
    expect(find(issued, 'Certificate', 'db-tls').spec.dnsNames).toEqual(expect.arrayContaining(['db.shop.svc.cluster.local', '*.db-headless.shop.svc.cluster.local']));
    for (const o of [objects, issued]) {
      expect(schemaErrors(o)).toEqual([]);
      expect(strictSchemaErrors(o)).toEqual([]);
      expect(restrictedViolations(podOf(o))).toEqual([]);
    }
  });
});

describe('presets that do not serve TLS say so, and what to do', () => {
  test.each([
    ['zookeeper', DatabaseEngine.zookeeper(), /SASL/],
  ])('%s', (name, engine, instead) => {
    const message = validationMessage(() => objectsOf({ engine, tls: { secretName: 'c' } }));
    expect(message).toMatch(new RegExp(`^tls '\\(given\\)' is not supported by the ${name} preset: `));
    expect(message).toMatch(instead);
  });
});

describe('without a preset', () => {
  const plain: StatefulDatabaseProps = { image: 'registry.example.com/db:1', port: 5432, storage: { size: '1Gi', mountPath: '/data' } };

  test('the Secret is mounted for the server settings you give; args and reloads are yours', () => {
    const objects = objectsOf({ ...plain, tls: { secretName: 'db-cert' } });
    expect(database(objects).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/kube-patterns/tls', readOnly: true });
    expect(database(objects).args).toBeUndefined();
    expect(podOf(objects).containers.map((c: any) => c.name)).toEqual(['database']);
    expect(podOf(objects).initContainers).toBeUndefined();
  });

  test('required is refused: nothing would enforce it', () => {
    expect(validationMessage(() => objectsOf({ ...plain, tls: { secretName: 'c', required: true } }))).toMatch(/^tls\.required true needs an engine preset/);
  });
});

describe('bad tls input is refused at synth time', () => {
  test.each<[string, unknown, RegExp]>([
    ['no certificate', {}, /^tls '\{\}' names no certificate: give secretName .* or issuerRef/],
    ['not an object', 'db-cert', /^tls 'db-cert' must be an object/],
    ['unknown key', { secretName: 'c', caSecret: 'x' }, /^tls\.caSecret 'x' is not a known prop; the props of tls are secretName, issuerRef, required/],
    ['bad Secret name', { secretName: 'Db_Cert' }, /^tls\.secretName 'Db_Cert' /],
    ['issuer without a name', { issuerRef: { kind: 'ClusterIssuer' } }, /^tls\.issuerRef\.name .*is required/],
    ['malformed issuer kind', { issuerRef: { name: 'ca', kind: 'cluster issuer' } }, /^tls\.issuerRef\.kind 'cluster issuer' is not a resource kind/],
    ['required not a boolean', { secretName: 'c', required: 'yes' }, /^tls\.required 'yes' /],
  ])('%s', (_, tls, message) => {
    expect(validationMessage(() => postgres(tls as StatefulDatabaseProps['tls']))).toMatch(message);
  });
});
