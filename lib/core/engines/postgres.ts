/**
 * PostgreSQL on the official `postgres` image.
 * @see https://hub.docker.com/_/postgres
 */
import { EnvValue } from '../env';
import { Probe } from '../probe';
import { credentialsSecret, engineOptions, majorVersion, requireSingleReplica, sharedMemory, tag } from './common';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine } from './engine';

/** Options of the PostgreSQL preset. Credentials Secret key: `password` (of the `postgres` superuser). */
export interface PostgresOptions extends EngineOptions {}

/** @internal */
export class PostgresEngine implements IDatabaseEngine {
  public readonly engineName = 'postgresql';

  public constructor(private readonly options: PostgresOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, 'postgres');
    requireSingleReplica(ctx, 'PostgreSQL', 'CloudNativePG, Zalando postgres-operator or Crunchy PGO');
    const version = tag(ctx.scope, options, '17');
    const major = majorVersion(ctx.scope, version);
    const port = ctx.port ?? 5432;
    // One layout for every version, so that a version change never moves the data: the volume at
    // /var/lib/postgresql (18+ images make /var/lib/postgresql/data a symbolic link, which cannot
    // be a mount point), PGDATA in a sub-directory of it (initdb refuses a directory holding the
    // volume's lost+found). PGDATA follows storage.mountPath.
    const mountPath = ctx.mountPath ?? '/var/lib/postgresql';
    const pgdata = `${mountPath}/pgdata`;
    // During first-time initialization the image runs a server on the Unix socket only, so a
    // TCP check passes only once the real server is up.
    const isReady = (failureThreshold: number, periodSeconds = 10) =>
      Probe.exec(['pg_isready', '--host', '127.0.0.1', '--port', String(port), '--username', 'postgres'], { failureThreshold, periodSeconds, timeoutSeconds: 5 });
    const secret = credentialsSecret(ctx, options);
    return {
      credentialsSecretName: secret,
      props: {
        image: `postgres:${version}`,
        port: 5432,
        portName: 'postgresql',
        appName: this.engineName,
        storage: { size: '10Gi', mountPath },
        securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true, writablePaths: ['/tmp', '/var/run/postgresql'] },
        env: {
          PGDATA: EnvValue.fromValue(pgdata),
          // The server reads its listen port from PGPORT; so do psql and pg_isready.
          PGPORT: EnvValue.fromValue(String(port)),
          POSTGRES_PASSWORD: EnvValue.fromSecretKeyRef(secret, 'password'),
        },
        readinessProbe: isReady(3),
        livenessProbe: isReady(6),
        startupProbe: isReady(90),
        // The image's STOPSIGNAL is SIGINT (fast shutdown); a checkpoint of a busy server takes time.
        terminationGracePeriodSeconds: 120,
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      },
      extraVolumes: [sharedMemory('256Mi')],
      roles: 'single-primary',
      dataDirectory: pgdata,
      dataFormat: `postgresql-${major}`,
      args: {
        kind: 'append',
        owned: [
          { pattern: /^(-D|--pgdata)/, instead: 'the data directory follows storage.mountPath' },
          { pattern: /^(-c\s*|--)?data_directory\s*=/, instead: 'the data directory follows storage.mountPath' },
          { pattern: /^(-p|(-c\s*|--)?port\s*=)/, instead: 'set the port prop, which moves the listen port, the Services and the probes together' },
        ],
      },
      config: {
        describe: 'postgresql.conf settings, passed as -c name=value',
        keyPattern: /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/,
        booleans: ['on', 'off'],
        owned: ['port', 'data_directory', 'listen_addresses', 'unix_socket_directories', 'hba_file', 'ident_file', 'config_file'],
        render: (settings) => ({ args: settings.flatMap(([key, value]) => ['-c', `${key}=${value}`]) }),
      },
      initScriptExtensions: ['.sh', '.sql', '.sql.gz', '.sql.xz', '.sql.zst'],
      connectionString: (host, p) => `postgresql://postgres@${host}:${p}/postgres`,
    };
  }
}
