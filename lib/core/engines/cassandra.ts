/**
 * Apache Cassandra on the official `cassandra` image: a ring whose seeds are the first pods.
 * @see https://hub.docker.com/_/cassandra
 */
import { EnvValue } from '../env';
import { Probe } from '../probe';
import * as validate from '../validate';
import { engineOptions, POD_NAME_ENV, scriptProbe, tag } from './common';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine } from './engine';

/**
 * Options of the Cassandra preset. The image's default authenticator allows every client:
 * restrict access with a NetworkPolicy, or enable PasswordAuthenticator in your image.
 */
export interface CassandraOptions extends EngineOptions {
  /**
   * The datacenter name (`CASSANDRA_DC`).
   * @default 'dc1'
   */
  readonly datacenter?: string;
}

const DATA = '/var/lib/cassandra';
const CQL_PORT = 9042;

/** @internal */
export class CassandraEngine implements IDatabaseEngine {
  public readonly engineName = 'cassandra';

  public constructor(private readonly options: CassandraOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, 'cassandra', ['datacenter']);
    const value = (v: string) => EnvValue.fromValue(v);
    // The image's cassandra.yaml keeps data, commit log and caches under /var/lib/cassandra and
    // listens for CQL on 9042; its entrypoint offers no variable to move either.
    if (ctx.mountPath !== undefined && ctx.mountPath !== DATA) {
      validate.fail(ctx.scope, 'storage.mountPath', ctx.mountPath, `cannot be moved with the cassandra preset: the image's cassandra.yaml keeps every data directory under ${DATA}, so anywhere else the data would not be on the volume; leave storage.mountPath unset`);
    }
    if (ctx.port !== undefined && ctx.port !== CQL_PORT) {
      validate.fail(ctx.scope, 'port', ctx.port, `cannot be changed with the cassandra preset: the image's cassandra.yaml listens for CQL on ${CQL_PORT} and its entrypoint cannot move it; leave port unset`);
    }
    // Two seeds where there are two pods: a new node needs one reachable seed to join.
    const seeds = ctx.podDnsNames.slice(0, 2).join(',') || `${ctx.name}-0.${ctx.podDomain}`;
    return {
      props: {
        image: `cassandra:${tag(ctx.scope, options, '5.0')}`,
        port: CQL_PORT,
        portName: 'cql',
        appName: this.engineName,
        storage: { size: '20Gi', mountPath: DATA },
        // The image's entrypoint edits /etc/cassandra/cassandra.yaml in place at every start: the
        // root file system must stay writable.
        securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: false, writablePaths: ['/tmp'] },
        env: {
          ...POD_NAME_ENV,
          POD_IP: EnvValue.fromFieldRef('status.podIP'),
          CASSANDRA_CLUSTER_NAME: value(ctx.name),
          CASSANDRA_SEEDS: value(seeds),
          CASSANDRA_DC: value(options.datacenter ?? 'dc1'),
          CASSANDRA_RACK: value('rack1'),
          CASSANDRA_ENDPOINT_SNITCH: value('GossipingPropertyFileSnitch'),
          MAX_HEAP_SIZE: value('1024M'),
          HEAP_NEWSIZE: value('256M'),
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
      scripts: ['cassandra-ready.sh'],
      logicalBackup: { instead: 'does not fit Cassandra: back up each node with nodetool snapshot (or Cassandra Medusa, which also uploads and restores them)' },
      dataDirectory: `${DATA}/data`,
      tlsInstead: 'the preset does not configure client_encryption_options yet; use K8ssandra, which manages Cassandra TLS',
      tunableEnv: ['MAX_HEAP_SIZE', 'HEAP_NEWSIZE', 'CASSANDRA_RACK', 'CASSANDRA_NUM_TOKENS', 'JVM_EXTRA_OPTS'],
      configInstead: "the cassandra image reads cassandra.yaml and offers variables for a few settings only (CASSANDRA_NUM_TOKENS...); mount your own cassandra.yaml with volumes, or set JVM options with JVM_EXTRA_OPTS in env",
      args: { kind: 'refused', instead: "the image's command runs cassandra in the foreground; set JVM options with JVM_EXTRA_OPTS in env" },
    };
  }
}
