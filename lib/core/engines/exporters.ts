/**
 * The Prometheus exporters of the presets: `metrics` without a `port` on a preset adds its
 * engine's standard exporter as a sidecar serving the named port `metrics` (also on the client
 * Service), reading the password from the credentials Secret as a file; or, where the server has
 * a metrics endpoint of its own (ZooKeeper), turns it on, on the database container's named port
 * `metrics` (also on the headless Service).
 *
 * No readiness probe on the exporter, on purpose: a sidecar's readiness is part of the pod's, so
 * an exporter that cannot scrape would take the database out of its Services. A TCP liveness probe
 * restarts a hung exporter; Prometheus's `up` (and the exporter's own `pg_up`, `mysql_up`,
 * `redis_up`) say whether the database answers.
 *
 * @see https://github.com/prometheus-community/postgres_exporter
 * @see https://github.com/prometheus/mysqld_exporter
 * @see https://github.com/oliver006/redis_exporter
 * @see https://zookeeper.apache.org/doc/current/zookeeperMonitor.html
 * @see https://github.com/percona/mongodb_exporter
 * @see https://github.com/danielqsj/kafka_exporter
 * @see https://github.com/prometheus/jmx_exporter
 */
import type { ContainerSpecProps } from '../containers';
import { EnvValue } from '../env';
import { Probe } from '../probe';
import { configFileText, credentialsFile, CREDENTIALS_DIR } from './common';
import { SCRIPTS_DIR } from './engine';
import { TLS_DIR } from '../tls';

/** Where the exporter's generated credentials file lives, in a memory-backed volume. */
export const EXPORTER_CREDENTIALS_DIR = '/run/kube-patterns/exporter';

/** Where mysqld_exporter mounts the server's socket directory, when it connects through the socket. */
export const MYSQLD_SOCKET_DIR = '/run/kube-patterns/mysqld';

/**
 * A preset's exporter: a sidecar, or the server's own metrics endpoint.
 * @internal
 */
export type PresetExporter = SidecarExporter | BuiltinMetrics | JavaAgentMetrics;

/**
 * An exporter sidecar, and when the exporter cannot read the password file as it is, how an init
 * container running the database image's shell prepares the exporter's own credentials file (in
 * the volume `exporter-credentials`) from it.
 * @internal
 */
export interface SidecarExporter {
  readonly sidecar: ContainerSpecProps;
  /** `exporter-credentials.sh`'s variables, when a file must be prepared. */
  readonly prepare?: { readonly [name: string]: EnvValue };
}

/**
 * Metrics the server serves itself, on `containerPort` of the database container, switched on by
 * `env` (read by the preset's start script).
 * @internal
 */
export interface BuiltinMetrics {
  readonly builtin: { readonly containerPort: number; readonly env: { readonly [name: string]: EnvValue } };
}

/**
 * An exporter the server's JVM loads as a Java agent, serving `containerPort` on the database
 * container: an init container on the database image fetches the jar onto the data volume, and
 * `env` tells the start script to load it.
 * @internal
 */
export interface JavaAgentMetrics {
  readonly javaAgent: {
    readonly containerPort: number;
    /** Read by the preset's start script. */
    readonly env: { readonly [name: string]: EnvValue };
    /** The fetching init container, but its image (the database's) and its URL (from `metrics.mavenRepository`). */
    readonly fetch: Omit<ContainerSpecProps, 'image'>;
    /** The jar's path below a Maven repository's root. */
    readonly mavenPath: string;
    /** The scripts the fetch runs. */
    readonly scripts: readonly string[];
    /** The agent's configuration files, by name, mounted beside the scripts. */
    readonly files: { readonly [name: string]: string };
  };
}

/** The named port every exporter serves. */
export const METRICS_PORT_NAME = 'metrics';

/**
 * The sidecar of an exporter image listening on `containerPort`: user nobody (the images' own),
 * the pod's group (which may read the credentials files), a TCP liveness probe, no readiness.
 */
function exporterSidecar(image: string, containerPort: number, extra: Pick<ContainerSpecProps, 'env' | 'args' | 'volumeMounts'>): ContainerSpecProps {
  return {
    name: 'exporter',
    image,
    ports: [{ name: METRICS_PORT_NAME, containerPort, service: true }],
    ...extra,
    livenessProbe: Probe.tcpSocket({ failureThreshold: 6 }),
    securityContext: { runAsUser: 65534 },
  };
}

const credentialsMount = { volume: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true };
const preparedMount = { volume: 'exporter-credentials', mountPath: EXPORTER_CREDENTIALS_DIR, readOnly: true };

/**
 * postgres_exporter: connects over TCP to the pod's own server as `postgres`, password from the
 * credentials file (`DATA_SOURCE_PASS_FILE`).
 * @internal
 */
export function postgresExporter(port: number): PresetExporter {
  return {
    sidecar: exporterSidecar('quay.io/prometheuscommunity/postgres-exporter:v0.17.1', 9187, {
      env: {
        DATA_SOURCE_URI: EnvValue.fromValue(`127.0.0.1:${port}/postgres?sslmode=disable`),
        DATA_SOURCE_USER: EnvValue.fromValue('postgres'),
        DATA_SOURCE_PASS_FILE: credentialsFile('password'),
      },
      volumeMounts: [credentialsMount],
    }),
  };
}

/**
 * mysqld_exporter (MySQL and MariaDB): reads user, password, host and port from a `my.cnf` that
 * the init container writes (the exporter takes no password file of its own). With `socket`, it
 * connects through the server's Unix socket instead, which `require_secure_transport` accepts
 * without TLS: the socket's directory (the writable volume `socket.volume`) is mounted read-only
 * at {@link MYSQLD_SOCKET_DIR}.
 * @internal
 */
export function mysqldExporter(port: number, socket?: { readonly volume: string }): PresetExporter {
  const mounts = socket ? [preparedMount, { volume: socket.volume, mountPath: MYSQLD_SOCKET_DIR, readOnly: true }] : [preparedMount];
  return {
    sidecar: exporterSidecar('prom/mysqld-exporter:v0.17.2', 9104, {
      args: [`--config.my-cnf=${EXPORTER_CREDENTIALS_DIR}/my.cnf`],
      volumeMounts: mounts,
    }),
    prepare: {
      KP_FORMAT: EnvValue.fromValue('my-cnf'),
      KP_USER: EnvValue.fromValue('root'),
      KP_PORT: EnvValue.fromValue(String(port)),
      ...(socket ? { KP_SOCKET: EnvValue.fromValue(`${MYSQLD_SOCKET_DIR}/mysqld.sock`) } : {}),
    },
  };
}

/**
 * redis_exporter: its password file is a JSON map from the Redis address to the password, which
 * the init container writes. With `tls`, it connects with TLS (`rediss://`) to the pod's own
 * server over loopback, which the certificate does not name, so without verifying it.
 * @internal
 */
export function redisExporter(port: number, tls = false): PresetExporter {
  const address = `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`;
  return {
    sidecar: exporterSidecar('oliver006/redis_exporter:v1.67.0', 9121, {
      env: {
        REDIS_ADDR: EnvValue.fromValue(address),
      },
      args: [`--redis.password-file=${EXPORTER_CREDENTIALS_DIR}/redis-passwords.json`, ...(tls ? ['--skip-tls-verification'] : [])],
      volumeMounts: [preparedMount],
    }),
    prepare: { KP_FORMAT: EnvValue.fromValue('redis-json'), KP_REDIS_ADDR: EnvValue.fromValue(address) },
  };
}

/**
 * The init container that prepares an exporter's credentials file, on the database's image.
 * @internal
 */
export function exporterCredentialsInit(image: string, imagePullPolicy: ContainerSpecProps['imagePullPolicy'], prepare: { readonly [name: string]: EnvValue }): ContainerSpecProps {
  return onDatabaseImage(
    {
      name: 'exporter-credentials',
      command: [`${SCRIPTS_DIR}/exporter-credentials.sh`],
      env: { ...prepare, KP_PASSWORD_FILE: credentialsFile('password'), KP_OUTPUT_DIR: EnvValue.fromValue(EXPORTER_CREDENTIALS_DIR) },
      volumeMounts: [credentialsMount, { volume: 'exporter-credentials', mountPath: EXPORTER_CREDENTIALS_DIR }, { volume: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true }],
    },
    image,
    imagePullPolicy,
  );
}

/**
 * A container of the exporter's on the database's image and pull policy (whose shell and tools
 * it runs), so that a mirrored or pinned database image is used for it too.
 * @internal
 */
export function onDatabaseImage(container: Omit<ContainerSpecProps, 'image'>, image: string, imagePullPolicy: ContainerSpecProps['imagePullPolicy']): ContainerSpecProps {
  return { ...container, image, ...(imagePullPolicy === undefined ? {} : { imagePullPolicy }) };
}

/** The port of ZooKeeper's Prometheus metrics provider (`metricsProvider.httpPort`, its default). */
export const ZOOKEEPER_METRICS_PORT = 7000;

/**
 * ZooKeeper's built-in Prometheus metrics provider (3.6 and later; its jars ship in the official
 * image): the start script adds `metricsProvider.className` and `metricsProvider.httpPort` to
 * zoo.cfg when `KP_METRICS_PORT` is set. No sidecar, no credentials (ZooKeeper's metrics need none).
 * @internal
 */
export function zookeeperMetrics(): BuiltinMetrics {
  return { builtin: { containerPort: ZOOKEEPER_METRICS_PORT, env: { KP_METRICS_PORT: EnvValue.fromValue(String(ZOOKEEPER_METRICS_PORT)) } } };
}

/**
 * Percona's mongodb_exporter (the maintained MongoDB exporter; `--compatible-mode` also exposes the
 * metric names of the dashboards written for its 0.1x versions), connected directly to the pod's
 * own server as the root user. It reads credentials only from flags or variables, so the user
 * name and password reach it as variables from the credentials Secret (`secretKeyRef`), the one
 * exporter that cannot take a file. With `tls`, it connects with TLS, not verified (`tlsInsecure`):
 * over loopback, which the certificate does not name.
 * @internal
 */
export function mongodbExporter(port: number, secretName: string, tls = false): SidecarExporter {
  return {
    sidecar: exporterSidecar('percona/mongodb_exporter:0.47.0', 9216, {
      env: {
        MONGODB_URI: EnvValue.fromValue(`mongodb://127.0.0.1:${port}/admin?directConnection=true${tls ? '&tls=true&tlsInsecure=true' : ''}`),
        MONGODB_USER: EnvValue.fromSecretKeyRef(secretName, 'username'),
        MONGODB_PASSWORD: EnvValue.fromSecretKeyRef(secretName, 'password'),
      },
      args: ['--compatible-mode', '--collector.diagnosticdata', '--collector.replicasetstatus'],
    }),
  };
}

/**
 * kafka_exporter (topics, partitions, consumer group lag: what brokers do not publish without a
 * JMX agent in their image), bootstrapped from the pod's own broker. With `authentication`, it
 * logs in with SASL/PLAIN: the exporter reads flags only, so the init container writes the user
 * and password as flags into an arguments file that the exporter expands (`@file`, one argument
 * per line), and neither appears in the pod spec, a variable or the process's command line.
 * With `tls`, it connects with TLS and verifies every broker against the Secret's `ca.crt` as
 * `tls.serverName`: the brokers share one certificate, which names every pod.
 * @internal
 */
export function kafkaExporter(port: number, authentication: boolean, tls?: { readonly serverName: string }): SidecarExporter {
  const server = `--kafka.server=127.0.0.1:${port}`;
  const tlsArgs = tls ? ['--tls.enabled', `--tls.ca-file=${TLS_DIR}/ca.crt`, `--tls.server-name=${tls.serverName}`] : [];
  const tlsMounts = tls ? [{ volume: 'tls', mountPath: TLS_DIR, readOnly: true }] : [];
  if (!authentication) {
    return { sidecar: exporterSidecar('danielqsj/kafka-exporter:v1.9.0', 9308, { args: [server, ...tlsArgs], ...(tls ? { volumeMounts: tlsMounts } : {}) }) };
  }
  return {
    sidecar: exporterSidecar('danielqsj/kafka-exporter:v1.9.0', 9308, {
      args: [server, '--sasl.enabled', '--sasl.mechanism=plain', ...tlsArgs, `@${EXPORTER_CREDENTIALS_DIR}/kafka-exporter.args`],
      volumeMounts: [preparedMount, ...tlsMounts],
    }),
    prepare: { KP_FORMAT: EnvValue.fromValue('kafka-args'), KP_USERNAME_FILE: credentialsFile('username') },
  };
}

/** The Prometheus JMX exporter's Java agent, as Maven Central serves it: version and SHA-256 of the jar. */
export const JMX_EXPORTER_AGENT = {
  groupPath: 'io/prometheus/jmx',
  artifact: 'jmx_prometheus_javaagent',
  version: '1.0.1',
  // Computed from the jar whose SHA-1 matched Maven Central's published `.sha1`.
  sha256: '7d61f737fd661610ccc14aea79764faa1ea94a340cbc8f0029b3d2edea3d80c1',
} as const;

/** Maven Central, where `metrics` fetches the JMX exporter's agent by default. */
export const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';

/** The port the Cassandra preset's JMX exporter agent serves. */
export const CASSANDRA_METRICS_PORT = 7070;

/**
 * Cassandra's exporter: the Prometheus JMX exporter as a Java agent in the server's JVM (the way
 * its maintainers recommend: no remote JMX, no second JVM), with the rules of
 * `files/cassandra-jmx-exporter.yaml`. Its maintainers publish the agent as a jar on Maven Central
 * only, never as an image, so the init container `metrics-agent` fetches that jar (pinned by
 * version and SHA-256) onto the data volume at `{dataMount}/.kube-patterns/`, once per node.
 * @param volume the data volume's name and mount path
 * @internal
 */
export function cassandraJmxExporter(volume: { readonly name: string; readonly mountPath: string }): JavaAgentMetrics {
  const { groupPath, artifact, version, sha256 } = JMX_EXPORTER_AGENT;
  const jar = `${volume.mountPath}/.kube-patterns/${artifact}-${version}.jar`;
  return {
    javaAgent: {
      containerPort: CASSANDRA_METRICS_PORT,
      env: {
        KP_METRICS_AGENT_JAR: EnvValue.fromValue(jar),
        KP_METRICS_AGENT_PORT: EnvValue.fromValue(String(CASSANDRA_METRICS_PORT)),
        KP_METRICS_AGENT_CONFIG: EnvValue.fromValue(`${SCRIPTS_DIR}/cassandra-jmx-exporter.yaml`),
      },
      fetch: {
        name: 'metrics-agent',
        command: [`${SCRIPTS_DIR}/java-agent-fetch.sh`],
        env: { KP_AGENT_SHA256: EnvValue.fromValue(sha256), KP_AGENT_JAR: EnvValue.fromValue(jar) },
        volumeMounts: [
          { volume: volume.name, mountPath: volume.mountPath },
          { volume: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
        ],
        // keytool is a JVM: room for its default heap.
        resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      },
      mavenPath: `${groupPath}/${artifact}/${version}/${artifact}-${version}.jar`,
      scripts: ['java-agent-fetch.sh'],
      files: { 'cassandra-jmx-exporter.yaml': configFileText('cassandra-jmx-exporter.yaml') },
    },
  };
}
