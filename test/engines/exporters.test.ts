/**
 * `metrics` without a port on a preset: the engine's exporter as a sidecar on the named port
 * `metrics` (also on the client Service), the password read as a file (directly, or through the
 * file an init container prepares on the database image), no readiness probe (a failing exporter
 * must not take the database out of its Services), the PodMonitor and NetworkPolicy on that
 * port, and the refusals; ZooKeeper's built-in provider; Cassandra's Java agent. Scraped for real (`pg_up 1`, `mysql_up 1`,
 * `redis_up 1`) in test/pods.
 */
import { DatabaseEngine, EnvValue, IDatabaseEngine, ImagePullPolicy, StatefulDatabase, StatefulDatabaseProps } from '../../lib';
import { parse } from 'yaml';
import { strictSchemaErrors } from '../support/kubernetes-validate';
import { find, synthOne, validationMessage } from '../support/objects';
import { restrictedViolations } from '../support/pod-security';

const build = (props: StatefulDatabaseProps) => synthOne((chart) => new StatefulDatabase(chart, 'db', props));
const podOf = (objects: any[]) => find(objects, 'StatefulSet', 'db').spec.template.spec;
const envOf = (container: any) => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value]));

const CASES: [string, () => IDatabaseEngine, string, number, Record<string, string>, string[] | undefined][] = [
  ['postgres', () => DatabaseEngine.postgres(), 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1', 9187, { DATA_SOURCE_URI: '127.0.0.1:5432/postgres?sslmode=disable', DATA_SOURCE_USER: 'postgres', DATA_SOURCE_PASS_FILE: '/etc/kube-patterns/credentials/password' }, undefined],
  ['mysql', () => DatabaseEngine.mysql(), 'prom/mysqld-exporter:v0.17.2', 9104, {}, ['--config.my-cnf=/run/kube-patterns/exporter/my.cnf']],
  ['mariadb', () => DatabaseEngine.mariadb(), 'prom/mysqld-exporter:v0.17.2', 9104, {}, ['--config.my-cnf=/run/kube-patterns/exporter/my.cnf']],
  ['redis', () => DatabaseEngine.redis(), 'oliver006/redis_exporter:v1.67.0', 9121, { REDIS_ADDR: 'redis://127.0.0.1:6379' }, ['--redis.password-file=/run/kube-patterns/exporter/redis-passwords.json']],
];

describe.each(CASES)('%s with metrics', (_name, engine, image, containerPort, env, args) => {
  const objects = build({ engine: engine(), metrics: { podMonitor: true } });
  const pod = podOf(objects);
  const exporter = pod.initContainers.find((c: any) => c.name === 'exporter');

  test('the exporter is a native sidecar on the named port metrics, also on the client Service', () => {
    expect(exporter).toMatchObject({ image, restartPolicy: 'Always', ports: [{ name: 'metrics', containerPort, protocol: 'TCP' }] });
    expect(envOf(exporter)).toEqual(env);
    expect(exporter.args).toEqual(args);
    expect(find(objects, 'Service', 'db').spec.ports).toContainEqual({ name: 'metrics', port: containerPort, targetPort: 'metrics', protocol: 'TCP' });
    expect(find(objects, 'PodMonitor', 'db').spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics' }]);
    expect(find(objects, 'NetworkPolicy', 'db').spec.ingress).toContainEqual(expect.objectContaining({ ports: [{ port: 'metrics', protocol: 'TCP' }] }));
  });

  test('no readiness probe (the database stays in its Services when the exporter fails), a TCP liveness probe; user nobody in the pod group', () => {
    expect(exporter.readinessProbe).toBeUndefined();
    expect(exporter.livenessProbe.tcpSocket).toEqual({ port: 'metrics' });
    expect(exporter.securityContext.runAsUser).toBe(65534);
    expect(exporter.securityContext.runAsGroup).toBeUndefined();
    expect(pod.securityContext.runAsGroup).toBe(999);
  });

  test('the password reaches the exporter as a file: the Secret key, or a file an init container writes from it on the database image', () => {
    for (const c of [...pod.containers, ...pod.initContainers]) for (const e of c.env ?? []) expect(e.valueFrom?.secretKeyRef).toBeUndefined();
    const prepare = pod.initContainers.find((c: any) => c.name === 'exporter-credentials');
    if (args === undefined) {
      expect(prepare).toBeUndefined();
      expect(exporter.volumeMounts).toEqual([{ name: 'credentials', mountPath: '/etc/kube-patterns/credentials', readOnly: true }]);
    } else {
      expect(pod.initContainers.map((c: any) => c.name)).toEqual(['exporter-credentials', 'exporter']);
      expect(prepare).toMatchObject({ image: pod.containers[0].image, command: ['/opt/kube-patterns/exporter-credentials.sh'] });
      expect(exporter.volumeMounts).toEqual([{ name: 'exporter-credentials', mountPath: '/run/kube-patterns/exporter', readOnly: true }]);
      expect(pod.volumes).toContainEqual({ name: 'exporter-credentials', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } });
      expect(find(objects, 'ConfigMap', 'db-scripts').data['exporter-credentials.sh']).toMatch(/^#!\/bin\/sh/);
    }
  });

  test('restricted, and valid against the Kubernetes schema', () => {
    expect(restrictedViolations(pod)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });
});

test("exporterImage replaces the preset's image (a mirror); the init container follows the database image and pull policy", () => {
  const pod = podOf(build({ engine: DatabaseEngine.redis(), image: 'mirror.example.com/redis:7.4', imagePullPolicy: 'Always' as never, metrics: { exporterImage: 'mirror.example.com/redis_exporter:v1.67.0' } }));
  expect(pod.initContainers.find((c: any) => c.name === 'exporter').image).toBe('mirror.example.com/redis_exporter:v1.67.0');
  expect(pod.initContainers.find((c: any) => c.name === 'exporter-credentials')).toMatchObject({ image: 'mirror.example.com/redis:7.4', imagePullPolicy: 'Always' });
});

test('a port given keeps the user in charge: no preset exporter', () => {
  const pod = podOf(build({ engine: DatabaseEngine.postgres(), metrics: { port: 'postgresql' } }));
  expect(pod.initContainers).toBeUndefined();
});

describe('kafka and mongodb exporters', () => {
  test('kafka without authentication: kafka_exporter bootstrapped from the pod\'s own broker, no credentials', () => {
    const objects = build({ engine: DatabaseEngine.kafka({ authentication: false }), replicas: 3, metrics: {} });
    const exporter = podOf(objects).initContainers.find((c: any) => c.name === 'exporter');
    expect(exporter).toMatchObject({ image: 'danielqsj/kafka-exporter:v1.9.0', restartPolicy: 'Always', args: ['--kafka.server=127.0.0.1:9092'], ports: [{ name: 'metrics', containerPort: 9308, protocol: 'TCP' }] });
    expect(exporter.env).toBeUndefined();
    expect(exporter.readinessProbe).toBeUndefined();
    expect(find(objects, 'Service', 'db').spec.ports).toContainEqual({ name: 'metrics', port: 9308, targetPort: 'metrics', protocol: 'TCP' });
    expect(restrictedViolations(podOf(objects))).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('kafka: kafka_exporter logs in with SASL/PLAIN from an arguments file the init container writes; no credential in the spec', () => {
    const objects = build({ engine: DatabaseEngine.kafka(), replicas: 3, metrics: {} });
    const init = podOf(objects).initContainers;
    expect(init.map((c: any) => c.name)).toEqual(['exporter-credentials', 'exporter']);
    const [prepare, exporter] = init;
    expect(exporter.args).toEqual(['--kafka.server=127.0.0.1:9092', '--sasl.enabled', '--sasl.mechanism=plain', '@/run/kube-patterns/exporter/kafka-exporter.args']);
    expect(exporter.env).toBeUndefined();
    expect(exporter.volumeMounts).toEqual([{ name: 'exporter-credentials', mountPath: '/run/kube-patterns/exporter', readOnly: true }]);
    expect(prepare.env).toEqual(
      expect.arrayContaining([
        { name: 'KP_FORMAT', value: 'kafka-args' },
        { name: 'KP_USERNAME_FILE', value: '/etc/kube-patterns/credentials/username' },
        { name: 'KP_PASSWORD_FILE', value: '/etc/kube-patterns/credentials/password' },
      ]),
    );
    expect(restrictedViolations(podOf(objects))).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('mongodb: Percona\'s mongodb_exporter on the pod\'s own server, direct connection; user and password from the Secret as variables, which is all it reads', () => {
    const objects = build({ engine: DatabaseEngine.mongodb(), replicas: 3, metrics: {} });
    const exporter = podOf(objects).initContainers.find((c: any) => c.name === 'exporter');
    expect(exporter).toMatchObject({ image: 'percona/mongodb_exporter:0.47.0', ports: [{ name: 'metrics', containerPort: 9216, protocol: 'TCP' }] });
    expect(exporter.args).toEqual(['--compatible-mode', '--collector.diagnosticdata', '--collector.replicasetstatus']);
    expect(exporter.env).toEqual([
      { name: 'MONGODB_URI', value: 'mongodb://127.0.0.1:27017/admin?directConnection=true' },
      { name: 'MONGODB_USER', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'username' } } },
      { name: 'MONGODB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
    ]);
    expect(restrictedViolations(podOf(objects))).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });
});

describe('zookeeper with metrics: its own Prometheus metrics provider, no sidecar', () => {
  const objects = build({ engine: DatabaseEngine.zookeeper(), replicas: 3, metrics: { podMonitor: true } });
  const pod = podOf(objects);
  const zookeeper = pod.containers[0];

  test('the database container serves the named port metrics (7000), switched on by KP_METRICS_PORT for the start script', () => {
    expect(zookeeper.ports).toContainEqual({ name: 'metrics', containerPort: 7000, protocol: 'TCP' });
    expect(envOf(zookeeper).KP_METRICS_PORT).toBe('7000');
    expect(pod.initContainers).toBeUndefined();
    expect(pod.containers).toHaveLength(1);
  });

  test('the port on the headless Service; the PodMonitor scrapes it; the NetworkPolicy admits scrapers on it', () => {
    expect(find(objects, 'Service', 'db-headless').spec.ports).toContainEqual({ name: 'metrics', port: 7000, targetPort: 'metrics', protocol: 'TCP' });
    expect(find(objects, 'PodMonitor', 'db').spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics' })]);
    expect(find(objects, 'NetworkPolicy', 'db').spec.ingress).toContainEqual({ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 'metrics' }] });
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('refused: an exporterImage (there is no sidecar to replace), and the provider in config (metrics owns it)', () => {
    expect(validationMessage(() => build({ engine: DatabaseEngine.zookeeper(), metrics: { exporterImage: 'x:1' } }))).toBe(
      "metrics.exporterImage 'x:1' has nothing to replace: the zookeeper server serves its metrics itself, without an exporter sidecar",
    );
    expect(validationMessage(() => build({ engine: DatabaseEngine.zookeeper(), config: { 'metricsProvider.httpPort': 7001 } }))).toContain("config['metricsProvider.httpPort'] 7001 is set by the zookeeper preset");
  });
});

describe('cassandra with metrics: the Prometheus JMX exporter as a Java agent in the server, fetched by an init container', () => {
  const objects = build({ engine: DatabaseEngine.cassandra(), replicas: 2, metrics: { podMonitor: true } });
  const pod = podOf(objects);
  const cassandra = pod.containers[0];
  const fetch = pod.initContainers.find((c: any) => c.name === 'metrics-agent');
  const jar = '/var/lib/cassandra/.kube-patterns/jmx_prometheus_javaagent-1.0.1.jar';

  test('the database container serves the named port metrics (7070); the start script loads the agent from the data volume with the preset rules', () => {
    expect(cassandra.ports).toContainEqual({ name: 'metrics', containerPort: 7070, protocol: 'TCP' });
    expect(envOf(cassandra)).toMatchObject({
      KP_METRICS_AGENT_JAR: jar,
      KP_METRICS_AGENT_PORT: '7070',
      KP_METRICS_AGENT_CONFIG: '/opt/kube-patterns/cassandra-jmx-exporter.yaml',
    });
    expect(pod.containers).toHaveLength(1);
    const scripts = find(objects, 'ConfigMap', 'db-scripts').data;
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['java-agent-fetch.sh', 'cassandra-jmx-exporter.yaml']));
  });

  test("the agent's rules: lower-case names, Cassandra's registry by type, the system keyspaces' tables left out; every rule a pattern that compiles and a cassandra_ name", () => {
    const config = parse(find(objects, 'ConfigMap', 'db-scripts').data['cassandra-jmx-exporter.yaml']);
    expect(config).toMatchObject({ lowercaseOutputName: true, lowercaseOutputLabelNames: true });
    expect(config.includeObjectNames).toEqual(expect.arrayContaining(['org.apache.cassandra.net:type=FailureDetector', 'org.apache.cassandra.metrics:type=Table,*', 'org.apache.cassandra.metrics:type=ClientRequest,*']));
    expect(config.excludeObjectNames).toEqual(expect.arrayContaining(['org.apache.cassandra.metrics:type=Table,keyspace=system,*', 'org.apache.cassandra.metrics:type=Table,keyspace=system_schema,*']));
    for (const rule of config.rules) {
      expect(() => new RegExp(rule.pattern)).not.toThrow();
      expect(rule.name).toMatch(/^cassandra_[a-z$0-9_]+$/);
    }
    // What a table's read latency becomes (the exporter matches `domain<properties><>attribute`).
    const name = (bean: string) => {
      const rule = config.rules.find((r: any) => new RegExp(`^${r.pattern}$`).test(bean));
      const match = new RegExp(`^${rule.pattern}$`).exec(bean)!;
      const fill = (s: string) => s.replace(/\$(\d)/g, (_: string, i: string) => match[Number(i)]);
      return [fill(rule.name).toLowerCase(), Object.fromEntries(Object.entries(rule.labels ?? {}).map(([k, v]) => [k, fill(v as string)]))];
    };
    expect(name('org.apache.cassandra.metrics<type=Table, keyspace=shop, scope=orders, name=ReadLatency><>99thPercentile')).toEqual(['cassandra_table_readlatency', { keyspace: 'shop', table: 'orders', quantile: '0.99' }]);
    expect(name('org.apache.cassandra.metrics<type=Table, keyspace=shop, scope=orders, name=LiveDiskSpaceUsed><>Count')).toEqual(['cassandra_table_livediskspaceused_bytes', { keyspace: 'shop', table: 'orders' }]);
    expect(name('org.apache.cassandra.metrics<type=ThreadPools, path=request, scope=MutationStage, name=PendingTasks><>Value')).toEqual(['cassandra_threadpools_pendingtasks', { scope: 'MutationStage' }]);
    expect(name('org.apache.cassandra.metrics<type=ClientRequest, scope=Write, name=Latency><>50thPercentile')).toEqual(['cassandra_clientrequest_latency', { scope: 'Write', quantile: '0.5' }]);
    expect(name('org.apache.cassandra.net<type=FailureDetector><>UpEndpointCount')).toEqual(['cassandra_ring_nodes_up', {}]);
  });

  test('the init container runs on the database image, mounts the data volume, and fetches the pinned jar from Maven Central', () => {
    expect(pod.initContainers[0]).toBe(fetch);
    expect(fetch.image).toBe('cassandra:5.0');
    expect(fetch.command).toEqual(['/opt/kube-patterns/java-agent-fetch.sh']);
    expect(envOf(fetch)).toEqual({
      KP_AGENT_URL: 'https://repo1.maven.org/maven2/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar',
      KP_AGENT_SHA256: '7d61f737fd661610ccc14aea79764faa1ea94a340cbc8f0029b3d2edea3d80c1',
      KP_AGENT_JAR: jar,
    });
    expect(fetch.volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/cassandra' },
      { name: 'scripts', mountPath: '/opt/kube-patterns', readOnly: true },
    ]);
    expect(fetch.restartPolicy).toBeUndefined(); // a plain init container, not a sidecar
  });

  test('a mirror (mavenRepository, trailing slash dropped), the image and pull policy of the database', () => {
    const mirrored = podOf(
      build({
        engine: DatabaseEngine.cassandra({ version: '4.1' }),
        image: 'registry.example.com/cassandra:4.1',
        imagePullPolicy: ImagePullPolicy.ALWAYS,
        metrics: { mavenRepository: 'http://nexus.tools.svc:8081/repository/maven-central/' },
      }),
    );
    const init = mirrored.initContainers.find((c: any) => c.name === 'metrics-agent');
    expect(init.image).toBe('registry.example.com/cassandra:4.1');
    expect(init.imagePullPolicy).toBe('Always');
    expect(envOf(init).KP_AGENT_URL).toBe('http://nexus.tools.svc:8081/repository/maven-central/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar');
  });

  test("JVM_EXTRA_OPTS of the user's stays theirs: the start script appends the agent to it", () => {
    const tuned = podOf(build({ engine: DatabaseEngine.cassandra(), metrics: {}, env: { JVM_EXTRA_OPTS: EnvValue.fromValue('-XX:+AlwaysPreTouch') } }));
    expect(envOf(tuned.containers[0])).toMatchObject({ JVM_EXTRA_OPTS: '-XX:+AlwaysPreTouch', KP_METRICS_AGENT_JAR: jar });
  });

  test('the port on the headless Service; the PodMonitor scrapes it; the NetworkPolicy admits scrapers on it; restricted and schema-valid', () => {
    expect(find(objects, 'Service', 'db-headless').spec.ports).toContainEqual({ name: 'metrics', port: 7070, targetPort: 'metrics', protocol: 'TCP' });
    expect(find(objects, 'PodMonitor', 'db').spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics' })]);
    expect(find(objects, 'NetworkPolicy', 'db').spec.ingress).toContainEqual({ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 'metrics' }] });
    expect(restrictedViolations(pod)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('refused: an exporterImage (no sidecar), a malformed mavenRepository, and a mavenRepository elsewhere or beside a port of the user', () => {
    expect(validationMessage(() => build({ engine: DatabaseEngine.cassandra(), metrics: { exporterImage: 'x:1' } }))).toBe(
      "metrics.exporterImage 'x:1' has nothing to replace: the cassandra preset's exporter is a Java agent the server loads, fetched from a Maven repository; set metrics.mavenRepository for a mirror",
    );
    expect(validationMessage(() => build({ engine: DatabaseEngine.cassandra(), metrics: { mavenRepository: 'nexus:8081' } }))).toBe(
      "metrics.mavenRepository 'nexus:8081' is not an http:// or https:// URL such as 'https://nexus.example.com/repository/maven-central'",
    );
    expect(validationMessage(() => build({ engine: DatabaseEngine.postgres(), metrics: { mavenRepository: 'https://m.example' } }))).toBe(
      "metrics.mavenRepository 'https://m.example' has nothing to fetch: the postgresql preset's exporter is not a Java agent (only the cassandra preset's is)",
    );
    expect(validationMessage(() => build({ engine: DatabaseEngine.zookeeper(), metrics: { mavenRepository: 'https://m.example' } }))).toContain('has nothing to fetch');
    expect(validationMessage(() => build({ engine: DatabaseEngine.cassandra(), metrics: { port: 'cql', mavenRepository: 'https://m.example' } }))).toBe(
      "metrics.mavenRepository 'https://m.example' is where the preset's exporter agent comes from, which a metrics.port of your own turns off; remove one of them",
    );
  });
});

describe('refused at synth', () => {
  test('a preset without exporter: the port is required, with what to do', () => {
    // Every preset has one today; an engine of a user's (or a future preset) may not.
    const cassandra = DatabaseEngine.cassandra();
    const withoutExporter: IDatabaseEngine = { engineName: 'custom', _preset: (ctx) => ({ ...cassandra._preset(ctx), exporter: undefined }) };
    expect(validationMessage(() => build({ engine: withoutExporter, metrics: {} }))).toBe(
      'metrics.port undefined is required: the custom preset has no exporter yet; add one in sidecars with a named port and give that name',
    );
  });
  test('without a preset, and an exporterImage with a port of the user', () => {
    expect(validationMessage(() => build({ image: 'db:1', port: 1, storage: { size: '1Gi', mountPath: '/d' }, metrics: {} }))).toBe(
      "metrics.port undefined is required: name the container port serving metrics (the main port's name, or a sidecar's)",
    );
    expect(validationMessage(() => build({ engine: DatabaseEngine.postgres(), metrics: { port: 'postgresql', exporterImage: 'x:1' } }))).toBe(
      "metrics.exporterImage 'x:1' replaces the preset's exporter, which a metrics.port of your own turns off; remove one of them",
    );
  });
});
