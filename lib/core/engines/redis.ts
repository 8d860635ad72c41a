/**
 * Redis on the official `redis` image: pod 0 is the primary, the others replicate it.
 * @see https://hub.docker.com/_/redis
 * @see https://redis.io/docs/latest/operate/oss_and_stack/management/replication/
 */
import { EnvValue } from '../env';
import { Probe } from '../probe';
import { credentialsFile, credentialsFiles, credentialsSecret, engineOptions, POD_NAME_ENV, scriptCommand, scriptProbe, tag } from './common';
import { TLS_DIR } from '../tls';
import * as validate from '../validate';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine } from './engine';
import { redisExporter } from './exporters';

/**
 * Options of the Redis preset. Credentials Secret key: `password` (`requirepass`, and
 * `masterauth` for replicas).
 */
export interface RedisOptions extends EngineOptions {}

/** The port of the restore pod's own Redis server, which the primary replicates from during a restore. */
const RESTORE_PORT = 6379;

/** @internal */
export class RedisEngine implements IDatabaseEngine {
  public readonly engineName = 'redis';

  public constructor(private readonly options: RedisOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, 'redis');
    const port = ctx.port ?? 6379;
    const ping = (failureThreshold: number, args: string[] = []) => scriptProbe('redis-ping.sh', { failureThreshold, timeoutSeconds: 5 }, args);
    const secret = credentialsSecret(ctx, options);
    const mountPath = ctx.mountPath ?? '/data';
    return {
      credentialsSecretName: secret,
      props: {
        image: `redis:${tag(ctx.scope, options, '7.4')}`,
        port: 6379,
        portName: 'redis',
        appName: this.engineName,
        storage: { size: '5Gi', mountPath },
        command: scriptCommand('redis-start.sh'),
        securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true, writablePaths: ['/tmp'] },
        env: {
          ...POD_NAME_ENV,
          KP_PORT: EnvValue.fromValue(String(port)),
          KP_DATA_DIR: EnvValue.fromValue(mountPath),
          KP_PRIMARY_HOST: EnvValue.fromValue(ctx.podDnsNames[0] ?? `${ctx.name}-0.${ctx.podDomain}`),
          KP_PASSWORD_FILE: credentialsFile('password'),
        },
        readinessProbe: ping(3),
        // Alive while loading its dataset (LOADING), which can take longer than the 60 s this
        // probe waits: otherwise a large dataset would be killed in the middle of every load
        // (seen on a real kubelet). Readiness still waits for PONG.
        livenessProbe: ping(6, ['--alive']),
        // Redis listens while it loads, so this passes at once; liveness takes over from there.
        startupProbe: Probe.tcpSocket({ failureThreshold: 60 }),
        terminationGracePeriodSeconds: 60,
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      },
      extraVolumes: [credentialsFiles(secret, ['password'])],
      scripts: ['redis-start.sh', 'redis-ping.sh', 'pod-ordinal.sh'],
      roles: 'pod-zero-primary',
      config: {
        describe: 'redis.conf directives, passed to redis-server as --name value',
        keyPattern: /^[a-z][a-z0-9-]*$/,
        booleans: ['yes', 'no'],
        owned: ['port', 'dir', 'replicaof', 'slaveof', 'requirepass', 'masterauth', 'replica-read-only', 'slave-read-only', 'include'],
        render: (settings) => ({ args: settings.flatMap(([key, value]) => [`--${key}`, value]) }),
      },
      exporter: redisExporter(port),
      // redis-cli --rdb from the last replica (the primary does not fork for it); the restore
      // makes the primary replicate the snapshot from a server in the restore Job's pod.
      logicalBackup: {
        engine: 'redis',
        user: 'default',
        fromReplica: true,
        // The restore pod serves the snapshot on its own IP, and the primary replicates from it.
        restoreEnv: [
          { name: 'KP_RESTORE_HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'KP_RESTORE_PORT', value: String(RESTORE_PORT) },
        ],
      },
      dataDirectory: mountPath,
      // The start script passes args to redis-server after its config file (`--maxmemory 256mb`).
      args: {
        kind: 'append',
        owned: [
          { pattern: /^--(port|dir)$/, instead: 'set the port prop or storage.mountPath' },
          { pattern: /^--(replicaof|slaveof|requirepass|masterauth|replica-read-only|slave-read-only)$/, instead: 'the preset sets up replication and authentication from the credentials Secret' },
        ],
      },
      connectionString: (host, p) => `redis://${host}:${p}`,
      serveTls: (files) => {
        if (files.required === false) {
          validate.fail(ctx.scope, 'tls.required', false, 'cannot be false on the redis preset: Redis serves TLS and plain connections on different ports, and the preset serves TLS only, on the client port');
        }
        return {
          // The start script writes tls-port, the files, tls-replication; the probes and the
          // reload sidecar connect with TLS when it is set.
          env: { KP_TLS_DIR: EnvValue.fromValue(TLS_DIR) },
          ca: true,
          ownedConfig: ['tls-port', 'tls-cert-file', 'tls-key-file', 'tls-ca-cert-file', 'tls-ca-cert-dir', 'tls-replication', 'tls-auth-clients'],
          exporter: redisExporter(port, true),
          logicalBackup: {
            instead:
              "is not supported by the redis preset with tls yet: the restore makes the primary replicate from a server in the restore pod, which has no certificate; back up with redis-cli --tls --rdb from a replica, or turn tls off",
          },
          reload: { engine: 'redis', port },
          connectionString: (host, p) => `rediss://${host}:${p}`,
        };
      },
    };
  }
}
