/**
 * PostgreSQL on the official `postgres` image.
 * @see https://hub.docker.com/_/postgres
 */
import { EnvValue } from '../env';
import { Probe } from '../probe';
import * as validate from '../validate';
import { credentialsFile, credentialsFiles, credentialsSecret, engineOptions, majorVersion, requireSingleReplica, sharedMemory, tag } from './common';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine, SCRIPTS_DIR } from './engine';
import { postgresExporter } from './exporters';
import { PostgresMajorUpgrade } from './postgres-upgrade';

/** Options of the PostgreSQL preset. Credentials Secret key: `password` (of the `postgres` superuser). */
export interface PostgresOptions extends EngineOptions {
  /**
   * How the data on the claims reaches this `version`'s major from the older major it was
   * written by, e.g. `PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16' })`. Without it, a
   * change of major is refused (by the API server and by `kube-patterns plan`), because the new
   * server cannot read the old files. Remove it once the upgrade is done.
   * @default - none: the major version of a running instance cannot change
   * @see https://www.postgresql.org/docs/current/upgrading.html
   */
  readonly majorUpgrade?: PostgresMajorUpgrade;
}

/** @internal */
export class PostgresEngine implements IDatabaseEngine {
  public readonly engineName = 'postgresql';

  public constructor(private readonly options: PostgresOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, 'postgres', ['majorUpgrade']);
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
    const upgrade = options.majorUpgrade && majorUpgrade(ctx, options.majorUpgrade)._render({ scope: ctx.scope, toMajor: major, volumeName: ctx.volumeName, mountPath, pgdata });
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
          // The image's entrypoint reads the superuser password from the file on first initialization.
          POSTGRES_PASSWORD_FILE: credentialsFile('password'),
        },
        readinessProbe: isReady(3),
        livenessProbe: isReady(6),
        startupProbe: isReady(90),
        // The image's STOPSIGNAL is SIGINT (fast shutdown); a checkpoint of a busy server takes time.
        terminationGracePeriodSeconds: 120,
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        ...(upgrade ? { initContainers: [upgrade.initContainer] } : {}),
      },
      extraVolumes: [sharedMemory('256Mi'), credentialsFiles(secret, ['password'])],
      ...(upgrade ? { scripts: ['postgres-upgrade.sh'], dataUpgrade: { fromFormat: upgrade.fromFormat, description: upgrade.description } } : {}),
      roles: 'single-primary',
      logicalBackup: { engine: 'postgresql', user: 'postgres' },
      exporter: postgresExporter(port),
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
      serveTls: (files) => ({
        args: [
          ...['ssl=on', `ssl_cert_file=${files.certFile}`, `ssl_key_file=${files.keyFile}`].flatMap((setting) => ['-c', setting]),
          ...(files.required ? ['-c', `hba_file=${SCRIPTS_DIR}/${TLS_HBA_FILE}`] : []),
        ],
        ownedConfig: ['ssl', 'ssl_cert_file', 'ssl_key_file'],
        ...(files.required ? { files: { [TLS_HBA_FILE]: TLS_HBA } } : {}),
        connectionString: (host, p) => `postgresql://postgres@${host}:${p}/postgres?sslmode=verify-full`,
        reload: { engine: 'postgresql', port },
      }),
    };
  }
}

const TLS_HBA_FILE = 'pg_hba-tls.conf';

/**
 * The client authentication of `tls.required`, in place of the data directory's `pg_hba.conf`:
 * trust over the Unix socket only (the image's entrypoint and init scripts connect there), a
 * password (SCRAM) over loopback (the metrics exporter) and, from anywhere else, a password over
 * TLS only: a remote client without TLS matches no line and is refused.
 * @see https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
 */
const TLS_HBA = `# kube-patterns: tls.required
# TYPE   DATABASE     USER  ADDRESS       METHOD
local    all          all                 trust
local    replication  all                 trust
host     all          all   127.0.0.1/32  scram-sha-256
host     all          all   ::1/128       scram-sha-256
hostssl  all          all   all           scram-sha-256
`;

function majorUpgrade(ctx: EngineContext, value: PostgresMajorUpgrade): PostgresMajorUpgrade {
  if (!(value instanceof PostgresMajorUpgrade)) {
    validate.fail(ctx.scope, 'engine majorUpgrade', value, "is not a PostgresMajorUpgrade; use PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16' })");
  }
  return value;
}
