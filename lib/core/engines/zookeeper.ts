/**
 * Apache ZooKeeper on the official `zookeeper` image: an ensemble for replicas > 1.
 * @see https://hub.docker.com/_/zookeeper
 * @see https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_zkMulitServerSetup
 */
import { EnvValue } from '../env';
import { Probe } from '../probe';
import { PodManagementPolicy } from '../stateful-database';
import { engineOptions, POD_NAME_ENV, requireOddQuorum, saslLogin, scriptCommand, tag } from './common';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine } from './engine';
import { zookeeperMetrics } from './exporters';

/**
 * Options of the ZooKeeper preset. By default every client session and, in an ensemble, every
 * member must authenticate with SASL (DIGEST-MD5) as the one user of the credentials Secret:
 * keys `username` (letters, digits, `.`, `_`, `-`) and `password` (one line).
 * @see https://zookeeper.apache.org/doc/current/zookeeperProgrammers.html#sc_ZooKeeperAccessControl
 * @see https://cwiki.apache.org/confluence/display/ZOOKEEPER/Server-Server+mutual+authentication
 */
export interface ZookeeperOptions extends EngineOptions {
  /**
   * Require SASL authentication: clients must log in (a JAAS `Client` section with the Secret's
   * user, e.g. `-Djava.security.auth.login.config=...` in `CLIENT_JVMFLAGS`), and members
   * authenticate to each other on the quorum and election ports. `false` serves every client
   * that can reach the port (then the NetworkPolicy is the only barrier).
   *
   * Changing it on a running ensemble restarts the members one at a time, highest ordinal
   * first; a member cannot join peers whose quorum authentication differs, so the rollout
   * waits at the first restarted member (the others keep the quorum and serve) until the
   * remaining members are deleted and come back with the new setting: a short outage.
   * `kube-patterns apply` does that itself (the plan lists it as a migration).
   * @default true
   * @throws ValidationError (at construction) when not a boolean
   */
  readonly authentication?: boolean;
}

/** @internal */
export class ZookeeperEngine implements IDatabaseEngine {
  public readonly engineName = 'zookeeper';

  public constructor(private readonly options: ZookeeperOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, 'zookeeper', ['authentication']);
    requireOddQuorum(ctx, 'ZooKeeper');
    const sasl = saslLogin(ctx, options);
    const port = ctx.port ?? 2181;
    // server.{myid}={host}:{peer port}:{election port};{client port}, myid = ordinal + 1.
    const mountPath = ctx.mountPath ?? '/data';
    const servers = ctx.podDnsNames.map((dns, i) => `server.${i + 1}=${dns}:2888:3888;${port}`).join(' ');
    return {
      credentialsSecretName: sasl.secret,
      peerAuthentication: sasl.peerAuthentication,
      props: {
        image: `zookeeper:${tag(ctx.scope, options, '3.9')}`,
        port: 2181,
        portName: 'client',
        appName: this.engineName,
        storage: { size: '5Gi', mountPath },
        command: scriptCommand('zookeeper-start.sh'),
        securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, readOnlyRootFilesystem: true, writablePaths: ['/tmp', '/conf', '/logs'] },
        env: {
          ...POD_NAME_ENV,
          // Snapshots and the transaction log both on the persistent volume.
          ZOO_DATA_DIR: EnvValue.fromValue(`${mountPath}/data`),
          ZOO_DATA_LOG_DIR: EnvValue.fromValue(`${mountPath}/datalog`),
          ZOO_PORT: EnvValue.fromValue(String(port)),
          ZOO_SERVERS: EnvValue.fromValue(ctx.replicas > 1 ? servers : ''),
          ZOO_STANDALONE_ENABLED: EnvValue.fromValue(String(ctx.replicas <= 1)),
          ZOO_ADMINSERVER_ENABLED: EnvValue.fromValue('false'),
          ZOO_4LW_COMMANDS_WHITELIST: EnvValue.fromValue('srvr,ruok,mntr'),
          JVMFLAGS: EnvValue.fromValue('-Xms256m -Xmx512m'),
          ...sasl.env,
        },
        // Ready only when serving as leader, follower or standalone; alive while it listens.
        readinessProbe: Probe.exec(['zkServer.sh', 'status'], { timeoutSeconds: 10 }),
        livenessProbe: Probe.tcpSocket(),
        startupProbe: Probe.tcpSocket({ failureThreshold: 60 }),
        // Members form a quorum only together; with OrderedReady, member 1 would wait for
        // member 0 to be ready, which it cannot be without a quorum.
        podManagementPolicy: PodManagementPolicy.PARALLEL,
        terminationGracePeriodSeconds: 60,
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      },
      extraPorts: [
        { name: 'follower', containerPort: 2888 },
        { name: 'election', containerPort: 3888 },
      ],
      extraVolumes: sasl.volumes,
      scripts: ['zookeeper-start.sh', 'pod-ordinal.sh', ...sasl.scripts],
      exporter: zookeeperMetrics(),
      logicalBackup: { instead: "does not fit ZooKeeper: its state is coordination data its clients rebuild; snapshot the claims with VolumeSnapshots, or export znodes with the clients' own tools" },
      dataDirectory: `${mountPath}/data`,
      tlsInstead: "the preset does not configure ZooKeeper's TLS (secureClientPort, the quorum's SSL) yet; clients and members authenticate with SASL (authentication, on by default)",
      tunableEnv: ['JVMFLAGS', 'ZOO_4LW_COMMANDS_WHITELIST', 'ZOO_ADMINSERVER_ENABLED', 'ZOO_TICK_TIME', 'ZOO_INIT_LIMIT', 'ZOO_SYNC_LIMIT', 'ZOO_MAX_CLIENT_CNXNS', 'ZOO_AUTOPURGE_PURGEINTERVAL', 'ZOO_AUTOPURGE_SNAPRETAINCOUNT', 'ZOO_CFG_EXTRA'],
      config: {
        describe: 'zoo.cfg lines, passed through the image\'s ZOO_CFG_EXTRA',
        keyPattern: /^[A-Za-z][A-Za-z0-9.]*$/,
        booleans: ['true', 'false'],
        // Appended to zoo.cfg after the image's own lines, so a later line (tickTime=...) wins.
        owned: ['dataDir', 'dataLogDir', 'clientPort', 'standaloneEnabled', 'dynamicConfigFile'],
        // Authentication is on or off with the preset's option; its JAAS file is the preset's.
        ownedPrefixes: ['server.', 'metricsProvider.', 'authProvider.', 'enforce.auth.', 'quorum.auth.'],
        render: (settings) => ({ env: { ZOO_CFG_EXTRA: EnvValue.fromValue(settings.map(([key, value]) => `${key}=${value}`).join(' ')) } }),
      },
      args: { kind: 'refused', instead: 'the start script takes no args; set server settings through the image\'s ZOO_* variables in env (ZOO_CFG_EXTRA for any zoo.cfg line)' },
      connectionString: (host, p) => (ctx.replicas > 1 ? ctx.podDnsNames.map((dns) => `${dns}:${p}`).join(',') : `${host}:${p}`),
    };
  }
}
