/**
 * Apache Cassandra on the official `cassandra` image: a ring seeded by its first pod.
 * @see https://hub.docker.com/_/cassandra
 */
import { EnvValue } from '../env';
import { TLS_DIR } from '../tls';
import { Probe } from '../probe';
import * as validate from '../validate';
import { cassandraJmxExporter } from './exporters';
import { engineOptions, passwordLogin, POD_NAME_ENV, scriptCommand, scriptProbe, tag } from './common';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine } from './engine';

/**
 * Options of the Cassandra preset. By default every client logs in (PasswordAuthenticator, with
 * CassandraAuthorizer) as the one superuser of the credentials Secret: keys `username` (letters,
 * digits, `.`, `_`, `-`) and `password` (one line, no leading or trailing blank). The preset
 * creates that user on the ring's first start, drops Cassandra's default `cassandra` superuser,
 * and replicates `system_auth` to min(3, nodes) replicas as the ring grows.
 * @see https://cassandra.apache.org/doc/5.0/cassandra/managing/operating/security.html#authentication
 */
export interface CassandraOptions extends EngineOptions {
  /**
   * The datacenter name (`CASSANDRA_DC`): letters, digits, `.`, `_` and `-`, at most 48
   * characters. It names the replication of keyspaces (`NetworkTopologyStrategy`), so it cannot
   * change once the ring holds data.
   * @default 'dc1'
   * @throws ValidationError (at construction) for other characters
   */
  readonly datacenter?: string;
  /**
   * Require clients to log in: `authenticator: PasswordAuthenticator` and `authorizer:
   * CassandraAuthorizer` in `cassandra.yaml`, the credentials Secret's user as superuser (created
   * at the first start through the default `cassandra` superuser, which is then dropped), and
   * `system_auth` replicated with `NetworkTopologyStrategy` to min(3, nodes Up/Normal) replicas,
   * raised and repaired as nodes join. A node is Ready only once that user can log in. `false`
   * serves every client that can reach the port (then the NetworkPolicy is the only barrier).
   *
   * Changing it on a running ring restarts the nodes one at a time (highest ordinal first), as
   * any template change does; the ring stays whole, since nodes do not authenticate each other
   * with it. Clients must send the Secret's credentials before it is turned on (a driver that
   * sends credentials is served by a node without authentication too). The password set on the
   * first start stays: to change it, run `ALTER ROLE` first, then update the Secret.
   * @default true
   * @throws ValidationError (at construction) when not a boolean
   */
  readonly authentication?: boolean;
}

const DATA = '/var/lib/cassandra';
const CQL_PORT = 9042;
/** Where the start script and the reload sidecar write the PEM keystore (key, then chain). */
const STORES_DIR = '/tmp/cassandra-tls';

/** @internal */
export class CassandraEngine implements IDatabaseEngine {
  public readonly engineName = 'cassandra';

  public constructor(private readonly options: CassandraOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, 'cassandra', ['datacenter', 'authentication']);
    const datacenter = options.datacenter ?? 'dc1';
    if (typeof datacenter !== 'string' || !/^[A-Za-z0-9._-]{1,48}$/.test(datacenter)) {
      validate.fail(ctx.scope, 'engine datacenter', datacenter, "must be 1 to 48 letters, digits, '.', '_' or '-': it names the datacenter in cassandra-rackdc.properties and in every keyspace's replication");
    }
    const login = passwordLogin(ctx, options);
    const value = (v: string) => EnvValue.fromValue(v);
    // The image's cassandra.yaml keeps data, commit log and caches under /var/lib/cassandra and
    // listens for CQL on 9042; its entrypoint offers no variable to move either.
    if (ctx.mountPath !== undefined && ctx.mountPath !== DATA) {
      validate.fail(ctx.scope, 'storage.mountPath', ctx.mountPath, `cannot be moved with the cassandra preset: the image's cassandra.yaml keeps every data directory under ${DATA}, so anywhere else the data would not be on the volume; leave storage.mountPath unset`);
    }
    if (ctx.port !== undefined && ctx.port !== CQL_PORT) {
      validate.fail(ctx.scope, 'port', ctx.port, `cannot be changed with the cassandra preset: the image's cassandra.yaml listens for CQL on ${CQL_PORT} and its entrypoint cannot move it; leave port unset`);
    }
    // Pod 0 alone is the seed. A seed never bootstraps: as a second seed, pod 1 would take over
    // token ranges without streaming their data, and rows written before it joined (with one
    // replica, such as system_auth's) would no longer be found (seen on real pods).
    const seeds = ctx.podDnsNames[0] ?? `${ctx.name}-0.${ctx.podDomain}`;
    return {
      credentialsSecretName: login.secret,
      props: {
        image: `cassandra:${tag(ctx.scope, options, '5.0')}`,
        port: CQL_PORT,
        portName: 'cql',
        appName: this.engineName,
        storage: { size: '20Gi', mountPath: DATA },
        // The image's entrypoint, after the authentication settings (cassandra-start.sh).
        command: scriptCommand('cassandra-start.sh'),
        // The image's entrypoint edits /etc/cassandra/cassandra.yaml in place at every start: the
        // root file system must stay writable.
        securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: false, writablePaths: ['/tmp'] },
        env: {
          ...POD_NAME_ENV,
          POD_IP: EnvValue.fromFieldRef('status.podIP'),
          CASSANDRA_CLUSTER_NAME: value(ctx.name),
          CASSANDRA_SEEDS: value(seeds),
          CASSANDRA_DC: value(datacenter),
          CASSANDRA_RACK: value('rack1'),
          CASSANDRA_ENDPOINT_SNITCH: value('GossipingPropertyFileSnitch'),
          MAX_HEAP_SIZE: value('1024M'),
          HEAP_NEWSIZE: value('256M'),
          ...login.env,
        },
        readinessProbe: scriptProbe('cassandra-ready.sh', { periodSeconds: 15, timeoutSeconds: 15 }),
        livenessProbe: Probe.tcpSocket({ periodSeconds: 15 }),
        // Joining the ring streams data from the others; allow 15 minutes.
        startupProbe: Probe.tcpSocket({ failureThreshold: 90 }),
        // Nodes must join one at a time: the default OrderedReady does exactly that.
        terminationGracePeriodSeconds: 180,
        resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } },
      },
      extraPorts: [{ name: 'intra-node', containerPort: 7000 }],
      extraVolumes: login.volumes,
      // With tls, tls-stores.sh too (the reload sidecar's scripts).
      scripts: ['cassandra-start.sh', 'cassandra-ready.sh', ...(login.enabled ? ['cassandra-auth.sh', 'secret-login.sh'] : [])],
      exporter: cassandraJmxExporter({ name: ctx.volumeName, mountPath: DATA }),
      logicalBackup: { instead: 'does not fit Cassandra: back up each node with nodetool snapshot (or Cassandra Medusa, which also uploads and restores them)' },
      dataDirectory: `${DATA}/data`,
      // Clients' connections only: the nodes gossip and stream to each other unencrypted
      // (server_encryption_options), as the NetworkPolicy admits only the set's own pods there.
      serveTls: (files) => ({
        env: {
          KP_TLS_DIR: value(TLS_DIR),
          KP_STORES_DIR: value(STORES_DIR),
          KP_TLS_OPTIONAL: value(String(files.required !== true)),
        },
        ownedConfig: [],
        reload: {
          engine: 'cassandra',
          port: CQL_PORT,
          credentials: false,
          scripts: ['tls-stores.sh'],
          env: { KP_STORES_DIR: value(STORES_DIR) },
          // nodetool is a JVM: room for its 128 MiB heap.
          resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '320Mi' } },
        },
      }),
      tunableEnv: ['MAX_HEAP_SIZE', 'HEAP_NEWSIZE', 'CASSANDRA_RACK', 'CASSANDRA_NUM_TOKENS', 'JVM_EXTRA_OPTS'],
      configInstead: "the cassandra image reads cassandra.yaml and offers variables for a few settings only (CASSANDRA_NUM_TOKENS...); mount your own cassandra.yaml with volumes, or set JVM options with JVM_EXTRA_OPTS in env",
      args: { kind: 'refused', instead: "the image's command runs cassandra in the foreground; set JVM options with JVM_EXTRA_OPTS in env" },
    };
  }
}
