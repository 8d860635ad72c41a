/**
 * Apache Kafka on the official `apache/kafka` image, in KRaft mode: every pod is a broker and a
 * controller, the controller quorum is every pod.
 * @see https://hub.docker.com/r/apache/kafka
 * @see https://kafka.apache.org/documentation/#kraft
 */
import { createHash } from 'node:crypto';
import { EnvValue } from '../env';
import { Probe } from '../probe';
import { PodManagementPolicy } from '../stateful-database';
import { TLS_DIR } from '../tls';
import * as validate from '../validate';
import { engineOptions, POD_NAME_ENV, requireOddQuorum, saslLogin, scriptCommand, tag } from './common';
import { kafkaExporter } from './exporters';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine } from './engine';

/**
 * Options of the Kafka preset. By default every connection (clients, brokers to each other,
 * brokers to the controller quorum) authenticates with SASL/PLAIN over the `SASL_PLAINTEXT`
 * listener as the one user of the credentials Secret: keys `username` (letters, digits, `.`,
 * `_`, `-`) and `password` (one line). The listeners are not encrypted unless the
 * StatefulDatabase's `tls` is set: PLAIN sends the password in the clear on the pod network.
 * With `tls`, the client and inter-broker listener is `SASL_TLS` (protocol `SASL_SSL`; `TLS`,
 * protocol `SSL`, without authentication), and the controller listener stays as it was.
 * @see https://kafka.apache.org/documentation/#security_sasl_plain
 * @see https://kafka.apache.org/documentation/#security_ssl
 */
export interface KafkaOptions extends EngineOptions {
  /**
   * Require SASL/PLAIN authentication on every listener. Clients set
   * `security.protocol=SASL_PLAINTEXT`, `sasl.mechanism=PLAIN` and a `sasl.jaas.config` with the
   * Secret's user. Inside the container, Kafka's tools log in through `KAFKA_OPTS` (the JAAS
   * file's `KafkaClient` section) with `--command-config /tmp/client.properties`. `false` serves
   * every client on a `PLAINTEXT` listener (then the NetworkPolicy is the only barrier).
   *
   * Changing it on a running cluster renames the listeners (`PLAINTEXT` and `SASL_PLAINTEXT`)
   * and restarts the nodes one at a time; a restarted node cannot talk to the nodes still on the
   * other setting, so the rollout waits at the first restarted node (the others keep the quorum
   * and serve the old listener) until the remaining nodes are deleted and come back: a short
   * outage, and every client needs the new settings. `kube-patterns apply` does that itself (the
   * plan lists it as a migration).
   * @default true
   * @throws ValidationError (at construction) when not a boolean
   */
  readonly authentication?: boolean;
  /**
   * The KRaft cluster id (22 characters of URL-safe base64, 16 bytes), fixed for the life of the
   * cluster.
   * @default - derived from the name and namespace, so it is stable across syntheses
   */
  readonly clusterId?: string;
}

const CONTROLLER_PORT = 9093;

/** Where the start script writes the JAAS configuration (`KafkaServer` and `KafkaClient`), private to the broker's user. */
const KAFKA_JAAS_FILE = '/tmp/kafka_jaas.conf';

/** Where the start script writes the client settings of the tools in the container (`--command-config`); no secret in it. */
const KAFKA_CLIENT_CONFIG = '/tmp/client.properties';

/**
 * The `ssl.*` settings that `tls` owns: the stores it points at the Secret's files, and client
 * authentication, which would lock out the probes, the exporter and the reload sidecar (they
 * have no client certificate).
 */
const TLS_SETTINGS = [
  'ssl.keystore.type', 'ssl.keystore.location', 'ssl.keystore.password', 'ssl.keystore.key', 'ssl.keystore.certificate.chain', 'ssl.key.password',
  'ssl.truststore.type', 'ssl.truststore.location', 'ssl.truststore.password', 'ssl.truststore.certificates', 'ssl.client.auth',
];

/**
 * Where the start script (and the reload sidecar, on renewal) writes the TLS listener's PEM
 * stores, `keystore.pem` and `truststore.pem`, private to the broker's user.
 */
const KAFKA_STORES_DIR = '/tmp/kafka-tls';

/**
 * The apache/kafka image's variable for a server.properties setting: `KAFKA_` and the name in
 * upper case, with `.` as `_`, `_` as `__` and `-` as `___` (`num.partitions` is
 * `KAFKA_NUM_PARTITIONS`).
 * @see https://github.com/apache/kafka/blob/trunk/docker/README.md
 */
export function kafkaVariable(setting: string): string {
  const replacement: Record<string, string> = { '.': '_', _: '__', '-': '___' };
  return `KAFKA_${[...setting].map((c) => replacement[c] ?? c.toUpperCase()).join('')}`;
}

/** @internal */
export class KafkaEngine implements IDatabaseEngine {
  public readonly engineName = 'kafka';

  public constructor(private readonly options: KafkaOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, 'kafka', ['clusterId', 'authentication']);
    requireOddQuorum(ctx, 'Kafka controller');
    const login = saslLogin(ctx, options);
    const authentication = login.enabled;
    // The client and inter-broker listener is named after its security protocol.
    const listener = authentication ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
    const sasl: { [name: string]: EnvValue } = authentication
      ? {
          ...login.env,
          KP_JAAS_FILE: EnvValue.fromValue(KAFKA_JAAS_FILE),
          KP_CLIENT_CONFIG: EnvValue.fromValue(KAFKA_CLIENT_CONFIG),
          // The broker and every Kafka tool run in the container read the JAAS file.
          KAFKA_OPTS: EnvValue.fromValue(`-Djava.security.auth.login.config=${KAFKA_JAAS_FILE}`),
          KAFKA_SASL_ENABLED_MECHANISMS: EnvValue.fromValue('PLAIN'),
          KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL: EnvValue.fromValue('PLAIN'),
          KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL: EnvValue.fromValue('PLAIN'),
        }
      : {};
    const port = ctx.port ?? 9092;
    // The bootstrap servers: every broker by its pod DNS name, with or without TLS.
    const bootstrapServers = (_host: string, p: number) => ctx.podDnsNames.map((dns) => `${dns}:${p}`).join(',');
    const readinessProbe = (withConfig: boolean) =>
      Probe.exec(['/opt/kafka/bin/kafka-broker-api-versions.sh', '--bootstrap-server', `localhost:${port}`, ...(withConfig ? ['--command-config', KAFKA_CLIENT_CONFIG] : [])], {
        periodSeconds: 20,
        timeoutSeconds: 20,
      });
    const n = Math.max(ctx.replicas, 1);
    const voters = Array.from({ length: n }, (_, i) => `${i}@${ctx.name}-${i}.${ctx.podDomain}:${CONTROLLER_PORT}`).join(',');
    const clusterId = options.clusterId ?? createHash('sha256').update(`kafka:${ctx.podDomain}:${ctx.name}`).digest().subarray(0, 16).toString('base64url');
    const value = (v: string | number) => EnvValue.fromValue(String(v));
    const mountPath = ctx.mountPath ?? '/var/lib/kafka/data';
    // A sub-directory of the mount: the volume root holds lost+found. It follows storage.mountPath.
    const logDirs = `${mountPath}/logs`;
    const topicReplication = Math.min(3, n);
    const minIsr = Math.min(2, n);
    return {
      credentialsSecretName: login.secret,
      peerAuthentication: login.peerAuthentication,
      props: {
        image: `apache/kafka:${tag(ctx.scope, options, '3.9.1')}`,
        port: 9092,
        portName: 'kafka',
        appName: this.engineName,
        storage: { size: '20Gi', mountPath },
        command: scriptCommand('kafka-start.sh'),
        // The image writes its generated server.properties under /opt/kafka: the root file
        // system must stay writable.
        securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, readOnlyRootFilesystem: false, writablePaths: ['/tmp'] },
        env: {
          ...POD_NAME_ENV,
          KP_PORT: value(port),
          KP_DOMAIN: value(ctx.podDomain),
          CLUSTER_ID: value(clusterId),
          KAFKA_PROCESS_ROLES: value('broker,controller'),
          KP_LISTENER: value(listener),
          KAFKA_LISTENERS: value(`${listener}://:${port},CONTROLLER://:${CONTROLLER_PORT}`),
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: value(`CONTROLLER:${listener},${listener}:${listener}`),
          KAFKA_CONTROLLER_LISTENER_NAMES: value('CONTROLLER'),
          KAFKA_INTER_BROKER_LISTENER_NAME: value(listener),
          ...sasl,
          KAFKA_CONTROLLER_QUORUM_VOTERS: value(voters),
          KAFKA_LOG_DIRS: value(logDirs),
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: value(topicReplication),
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: value(topicReplication),
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: value(minIsr),
          KAFKA_DEFAULT_REPLICATION_FACTOR: value(topicReplication),
          KAFKA_MIN_INSYNC_REPLICAS: value(minIsr),
          KAFKA_HEAP_OPTS: value('-Xms512m -Xmx512m'),
        },
        readinessProbe: readinessProbe(authentication),
        livenessProbe: Probe.tcpSocket(),
        startupProbe: Probe.tcpSocket({ failureThreshold: 60 }),
        // The controller quorum forms only once its voters run.
        podManagementPolicy: PodManagementPolicy.PARALLEL,
        terminationGracePeriodSeconds: 120,
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '1536Mi' } },
      },
      exporter: kafkaExporter(port, authentication),
      extraVolumes: login.volumes,
      extraPorts: [{ name: 'controller', containerPort: CONTROLLER_PORT }],
      logicalBackup: { instead: 'does not fit Kafka: topics are replicated logs, not a dump; mirror them to another cluster with MirrorMaker 2, or snapshot the claims with VolumeSnapshots' },
      dataDirectory: logDirs,
      serveTls: (files) => {
        if (files.required === false) {
          validate.fail(ctx.scope, 'tls.required', false, 'cannot be false on the kafka preset: the preset serves TLS only, on the client listener (which the brokers also replicate over); a second, plain listener is not offered');
        }
        // Named TLS rather than SSL: the apache/kafka image's configure script demands keystore
        // and password files under /etc/kafka/secrets for any advertised listener containing
        // "SSL://", which a PEM keystore from the Secret cannot satisfy (Kafka refuses a PEM
        // keystore password). The protocol map gives the listener its protocol.
        const tlsListener = authentication ? 'SASL_TLS' : 'TLS';
        const protocol = authentication ? 'SASL_SSL' : 'SSL';
        const prefixed = (setting: string) => kafkaVariable(`listener.name.${tlsListener.toLowerCase()}.${setting}`);
        const tlsEnv: { [name: string]: EnvValue } = {
          KP_LISTENER: value(tlsListener),
          KP_CLIENT_PROTOCOL: value(protocol),
          KP_CLIENT_CONFIG: value(KAFKA_CLIENT_CONFIG),
          KP_TLS_DIR: value(TLS_DIR),
          KP_STORES_DIR: value(KAFKA_STORES_DIR),
          KAFKA_LISTENERS: value(`${tlsListener}://:${port},CONTROLLER://:${CONTROLLER_PORT}`),
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: value(`CONTROLLER:${listener},${tlsListener}:${protocol}`),
          KAFKA_INTER_BROKER_LISTENER_NAME: value(tlsListener),
          [prefixed('ssl.keystore.type')]: value('PEM'),
          [prefixed('ssl.keystore.location')]: value(`${KAFKA_STORES_DIR}/keystore.pem`),
          [prefixed('ssl.truststore.type')]: value('PEM'),
          // The Secret's ca.crt (files.caFile), and during a CA rotation the CA loaded before.
          [prefixed('ssl.truststore.location')]: value(`${KAFKA_STORES_DIR}/truststore.pem`),
        };
        return {
          env: tlsEnv,
          ca: true,
          // Global ssl.* settings would reach the TLS listener; the client-side ones (a client
          // certificate demanded) would lock out the probes, the exporter and the reload sidecar.
          ownedConfig: ['security.inter.broker.protocol', ...TLS_SETTINGS],
          readinessProbe: readinessProbe(true),
          exporter: kafkaExporter(port, authentication, { serverName: `${ctx.name}-0.${ctx.podDomain}` }),
          peerAuthentication: authentication ? 'sasl+tls' : 'tls',
          reload: {
            engine: 'kafka',
            port,
            credentials: false,
            env: {
              ...POD_NAME_ENV,
              KP_LISTENER: value(tlsListener),
              KP_STORES_DIR: value(KAFKA_STORES_DIR),
              KP_CLIENT_CONFIG: value(KAFKA_CLIENT_CONFIG),
              ...(authentication ? { KAFKA_OPTS: sasl.KAFKA_OPTS } : {}),
              // kafka-configs is a JVM: a small heap, and room for the JVM around it.
              KAFKA_HEAP_OPTS: value('-Xms32m -Xmx96m'),
              // kafka-run-class.sh creates its log directory, which the read-only root cannot hold.
              LOG_DIR: value('/tmp/kafka-logs'),
            },
            resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '320Mi' } },
            scripts: ['pod-ordinal.sh', 'tls-stores.sh'],
          },
          connectionString: bootstrapServers,
        };
      },
      tunableEnv: [
        'KAFKA_HEAP_OPTS',
        'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
        'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
        'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
        'KAFKA_DEFAULT_REPLICATION_FACTOR',
        'KAFKA_MIN_INSYNC_REPLICAS',
      ],
      config: {
        describe: 'server.properties settings, passed as the image\'s KAFKA_* variables',
        keyPattern: /^[a-z][a-z0-9._-]*$/,
        booleans: ['true', 'false'],
        owned: [
          'node.id', 'process.roles', 'listeners', 'advertised.listeners', 'listener.security.protocol.map', 'controller.listener.names',
          'controller.quorum.voters', 'inter.broker.listener.name', 'log.dirs', 'log.dir', 'cluster.id',
          'sasl.enabled.mechanisms', 'sasl.mechanism.inter.broker.protocol', 'sasl.mechanism.controller.protocol', 'sasl.jaas.config',
        ],
        // Per-listener settings (listener.name.{listener}.{mechanism}.sasl.jaas.config...) belong to the preset's listeners.
        ownedPrefixes: ['listener.name.'],
        render: (settings) => ({ env: Object.fromEntries(settings.map(([key, value]) => [kafkaVariable(key), EnvValue.fromValue(value)])) }),
      },
      args: { kind: 'refused', instead: 'the start script takes no args; set broker settings as KAFKA_* variables in env (KAFKA_NUM_PARTITIONS for num.partitions)' },
      // With tls, tls-stores.sh comes with the reload sidecar's scripts.
      scripts: ['kafka-start.sh', 'pod-ordinal.sh', ...login.scripts],
      connectionString: bootstrapServers,
    };
  }
}
