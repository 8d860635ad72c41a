/**
 * MySQL and MariaDB on their official images (`mysql`, `mariadb`): the same layout, different
 * tools and variables.
 * @see https://hub.docker.com/_/mysql
 * @see https://hub.docker.com/_/mariadb
 */
import { Probe } from '../probe';
import { writableVolumeName } from '../workload';
import { credentialsFile, credentialsFiles, credentialsSecret, engineOptions, requireSingleReplica, tag } from './common';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine } from './engine';
import { mysqldExporter } from './exporters';

/** Options of the MySQL and MariaDB presets. Credentials Secret key: `password` (of `root`). */
export interface MysqlOptions extends EngineOptions {}

interface Flavour {
  readonly engineName: string;
  readonly title: string;
  readonly image: string;
  readonly defaultVersion: string;
  readonly admin: string;
  /** The variable naming the root password's file, which the image's entrypoint reads on first initialization. */
  readonly passwordVariable: string;
  readonly writable: readonly string[];
  /** The image's socket directory (one of `writable`), where the server creates `mysqld.sock`. */
  readonly socketDir: string;
  readonly operators: string;
}

const MYSQL: Flavour = {
  engineName: 'mysql',
  title: 'MySQL',
  image: 'mysql',
  defaultVersion: '8.4',
  admin: 'mysqladmin',
  passwordVariable: 'MYSQL_ROOT_PASSWORD_FILE',
  writable: ['/tmp', '/var/run/mysqld', '/var/lib/mysql-files'],
  socketDir: '/var/run/mysqld',
  operators: 'MySQL Operator for Kubernetes or Percona Operator for MySQL',
};

const MARIADB: Flavour = {
  engineName: 'mariadb',
  title: 'MariaDB',
  image: 'mariadb',
  defaultVersion: '11.4',
  admin: 'mariadb-admin',
  passwordVariable: 'MARIADB_ROOT_PASSWORD_FILE',
  writable: ['/tmp', '/run/mysqld'],
  socketDir: '/run/mysqld',
  operators: 'mariadb-operator',
};

/** @internal */
export class MysqlEngine implements IDatabaseEngine {
  /** A MySQL preset. */
  public static mysql(options: MysqlOptions): MysqlEngine {
    return new MysqlEngine(MYSQL, options);
  }

  /** A MariaDB preset. */
  public static mariadb(options: MysqlOptions): MysqlEngine {
    return new MysqlEngine(MARIADB, options);
  }

  public readonly engineName: string;

  private constructor(
    private readonly flavour: Flavour,
    private readonly options: MysqlOptions,
  ) {
    this.engineName = flavour.engineName;
  }

  public _preset(ctx: EngineContext): EnginePreset {
    const options = engineOptions(ctx, this.options, this.flavour.engineName);
    const f = this.flavour;
    requireSingleReplica(ctx, f.title, f.operators);
    const port = ctx.port ?? 3306;
    // The scripts' name for the engine (backup and TLS reload): its client and dump tools.
    const engine = f.engineName === 'mysql' ? 'mysql' : 'mariadb';
    // `ping` exits 0 whenever the server answers, even "access denied"; during initialization
    // the image runs the server with --skip-networking, so a TCP ping fails until it is done.
    const ping = (failureThreshold: number) => Probe.exec([f.admin, 'ping', '--host=127.0.0.1', `--port=${port}`], { failureThreshold, timeoutSeconds: 5 });
    const secret = credentialsSecret(ctx, options);
    const mountPath = ctx.mountPath ?? '/var/lib/mysql';
    // The data directory is a sub-directory of the mount: initialization refuses a directory that
    // holds the volume's lost+found. It follows storage.mountPath.
    const datadir = `${mountPath}/data`;
    return {
      credentialsSecretName: secret,
      props: {
        image: `${f.image}:${tag(ctx.scope, options, f.defaultVersion)}`,
        port: 3306,
        portName: 'mysql',
        appName: this.engineName,
        storage: { size: '10Gi', mountPath },
        // The image passes args that start with '-' to the server; user args come after these.
        args: [`--datadir=${datadir}`, `--port=${port}`],
        securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true, writablePaths: [...f.writable] },
        env: { [f.passwordVariable]: credentialsFile('password') },
        readinessProbe: ping(3),
        livenessProbe: ping(6),
        startupProbe: ping(90),
        terminationGracePeriodSeconds: 120,
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      },
      extraVolumes: [credentialsFiles(secret, ['password'])],
      roles: 'single-primary',
      logicalBackup: { engine, user: 'root' },
      exporter: mysqldExporter(port),
      dataDirectory: datadir,
      args: {
        kind: 'append',
        owned: [
          { pattern: /^--(datadir|data-dir)\b/, instead: 'the data directory follows storage.mountPath' },
          { pattern: /^(--port\b|-P)/, instead: 'set the port prop, which moves the listen port, the Services and the probes together' },
        ],
      },
      config: {
        describe: '[mysqld] options, passed as --name=value',
        keyPattern: /^[a-z][a-z0-9_-]*$/,
        booleans: ['ON', 'OFF'],
        normalize: (key) => key.replace(/_/g, '-'),
        owned: ['datadir', 'port', 'socket', 'bind-address', 'skip-networking', 'user', 'pid-file'],
        render: (settings) => ({ args: settings.map(([key, value]) => `--${key}=${value}`) }),
      },
      initScriptExtensions: ['.sh', '.sql', '.sql.gz', '.sql.xz', '.sql.zst'],
      connectionString: (host, p) => `mysql://root@${host}:${p}/`,
      // With required, the server refuses TCP clients without TLS; those inside the pod keep
      // working: the probes' ping counts the refusal as an answer (mysqladmin exits 0 on any
      // server error), the exporter connects through the Unix socket (secure transport to the
      // server), and the reload sidecar and the backup jobs' clients require TLS (KP_CLIENT_TLS).
      serveTls: (files) => ({
        args: [`--ssl-cert=${files.certFile}`, `--ssl-key=${files.keyFile}`, ...(files.required ? ['--require-secure-transport=ON'] : [])],
        ownedConfig: ['ssl-cert', 'ssl-key', 'require-secure-transport'],
        ...(files.required ? { exporter: mysqldExporter(port, { volume: writableVolumeName(f.socketDir, f.writable.indexOf(f.socketDir)) }) } : {}),
        // MySQL's URI-like connection string; clients add the CA (ssl-ca).
        connectionString: (host, p) => `mysql://root@${host}:${p}/?ssl-mode=VERIFY_IDENTITY`,
        reload: { engine, port },
      }),
    };
  }
}
