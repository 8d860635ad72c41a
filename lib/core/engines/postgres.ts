/**
 * PostgreSQL on the official `postgres` image.
 * @see https://hub.docker.com/_/postgres
 */
import { EnvValue } from '../env';
import { Probe } from '../probe';
import { credentialsSecret, majorVersion, requireSingleReplica, sharedMemory, tag } from './common';
import { EngineContext, EngineOptions, EnginePreset, IDatabaseEngine } from './engine';

/** Options of the PostgreSQL preset. Credentials Secret key: `password` (of the `postgres` superuser). */
export interface PostgresOptions extends EngineOptions {}

/** @internal */
export class PostgresEngine implements IDatabaseEngine {
  public readonly engineName = 'postgresql';

  public constructor(private readonly options: PostgresOptions) {}

  public _preset(ctx: EngineContext): EnginePreset {
    requireSingleReplica(ctx, 'PostgreSQL', 'CloudNativePG, Zalando postgres-operator or Crunchy PGO');
    const version = tag(ctx.scope, this.options, '17');
    const major = majorVersion(ctx.scope, version);
    const port = ctx.port ?? 5432;
    // PostgreSQL 18 images moved the volume to /var/lib/postgresql, with PGDATA in a versioned
    // directory below it; before 18, PGDATA sits in a sub-directory of the mount so that initdb
    // does not find the volume's lost+found.
    const layout =
      major >= 18
        ? { mountPath: '/var/lib/postgresql', pgdata: `/var/lib/postgresql/${major}/docker` }
        : { mountPath: '/var/lib/postgresql/data', pgdata: '/var/lib/postgresql/data/pgdata' };
    // During first-time initialization the image runs a server on the Unix socket only, so a
    // TCP check passes only once the real server is up.
    const isReady = (failureThreshold: number, periodSeconds = 10) =>
      Probe.exec(['pg_isready', '--host', '127.0.0.1', '--port', String(port), '--username', 'postgres'], { failureThreshold, periodSeconds, timeoutSeconds: 5 });
    const secret = credentialsSecret(ctx, this.options);
    return {
      credentialsSecretName: secret,
      props: {
        image: `postgres:${version}`,
        port: 5432,
        portName: 'postgresql',
        appName: this.engineName,
        storage: { size: '10Gi', mountPath: layout.mountPath },
        securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999, readOnlyRootFilesystem: true, writablePaths: ['/tmp', '/var/run/postgresql'] },
        env: {
          PGDATA: EnvValue.fromValue(layout.pgdata),
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
      connectionString: (host, p) => `postgresql://postgres@${host}:${p}/postgres`,
    };
  }
}
