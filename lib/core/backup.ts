/**
 * Scheduled logical backups of a StatefulDatabase, and the restore that reads them back. A
 * CronJob `{name}-backup` runs the engine's own dump tool (from the database's image, so client
 * and server versions match) against the client Service (Redis and MongoDB: against the last
 * replica, when there is one), compresses the dump into the claim `{name}-backups` under a
 * timestamped name, and keeps the newest `keep`. A suspended CronJob `{name}-restore` is the restore's Job template:
 * `kubectl create job --from=cronjob/{name}-restore restore-1` restores the newest backup into the
 * running server.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 * @see https://www.postgresql.org/docs/current/app-pg-dumpall.html
 * @see https://dev.mysql.com/doc/refman/8.4/en/mysqldump.html
 * @see https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/#backing-up-redis-data
 * @see https://www.mongodb.com/docs/database-tools/mongodump/
 */
import type { ConfigMap, Container, EnvVar, PersistentVolumeClaim, PodSpec } from 'kubernetes-types/core/v1';
import type { CronJob, CronJobSpec } from 'kubernetes-types/batch/v1';
import { AccessMode } from './access-mode';
import { LABEL_COMPONENT, LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, MANAGED_BY } from './labels';
import { resolveResources, ResourceProps } from './resources';
import { CREDENTIALS_DIR, credentialsFiles, scriptText } from './engines/common';
import { SCRIPTS_DIR } from './engines/engine';
import * as validate from './validate';
import type { ResolvedWorkload } from './workload';

/**
 * Where `backup` writes: the claim `{name}-backups` it creates, or a claim you manage.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims
 */
export interface BackupStorageProps {
  /**
   * The created claim's capacity, a quantity in bytes such as `20Gi`.
   * @default - the size of one pod's data claim
   */
  readonly size?: string;
  /**
   * The created claim's StorageClass (`spec.storageClassName`).
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * A claim you manage instead (e.g. ReadWriteMany, shared by several instances); then `size`
   * and `storageClassName` cannot be given.
   * @default - the claim `{name}-backups` is created
   */
  readonly existingClaimName?: string;
}

/**
 * Scheduled logical backups (`StatefulDatabaseProps.backup`), on the PostgreSQL, MySQL, MariaDB,
 * MongoDB and Redis presets.
 */
export interface BackupProps {
  /**
   * When to back up, in cron syntax (`spec.schedule`): minute, hour, day of month, month, day of
   * week, e.g. `'30 2 * * *'`.
   * @default '0 3 * * *' (03:00 every day)
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  readonly schedule?: string;
  /**
   * The IANA time zone of `schedule` (`spec.timeZone`), e.g. `'Europe/Berlin'`.
   * @default - the controller manager's time zone (UTC in most clusters)
   */
  readonly timeZone?: string;
  /**
   * How many backups of this instance to keep; older ones are deleted after each successful backup.
   * @default 7
   */
  readonly keep?: number;
  /**
   * The claim `{name}-backups` the backups go to: its capacity (a quantity in bytes such as
   * `20Gi`; the compressed dumps of `keep` days must fit) and StorageClass. Or `existingClaimName`,
   * a claim you manage, e.g. on a ReadWriteMany class shared by several instances.
   * @default - the size of one pod's data claim, the default StorageClass, ReadWriteOnce
   */
  readonly storage?: BackupStorageProps;
  /**
   * CPU and memory of the backup and restore containers.
   * @default - requests 100m / 128Mi, limits 1 / 512Mi
   */
  readonly resources?: ResourceProps;
  /**
   * Also copy every backup to an S3-compatible bucket: after each successful dump, a second
   * container (rclone) copies this instance's backups that the bucket lacks to
   * `{bucket}/{prefix}/`. The bucket keeps them all: set its lifecycle rules for retention
   * (`keep` applies to the claim only).
   * @default - the claim only
   * @see https://rclone.org/s3/
   */
  readonly s3?: BackupS3Props;
}

/**
 * Where and how `backup.s3` copies the backups.
 */
export interface BackupS3Props {
  /**
   * The bucket, which must exist (kube-patterns never creates one): 3 to 63 lower-case letters,
   * digits, dots and hyphens.
   */
  readonly bucket: string;
  /**
   * The key prefix ("folder") in the bucket, without a leading or trailing `/`, e.g. `prod/orders`.
   * @default - the instance name
   */
  readonly prefix?: string;
  /**
   * The endpoint URL of an S3-compatible service (MinIO, Ceph RGW, ...), e.g.
   * `https://minio.storage.svc.cluster.local:9000`.
   * @default - AWS S3
   */
  readonly endpoint?: string;
  /**
   * The bucket's region.
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * The Secret whose key `credentials` holds an AWS shared credentials file (`[default]`,
   * `aws_access_key_id = ...`, `aws_secret_access_key = ...`), mounted read-only as a file.
   * @see https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
   */
  readonly credentialsSecretName: string;
  /**
   * The rclone image of the copying container.
   * @default 'rclone/rclone:1.68.2'
   */
  readonly image?: string;
}

/**
 * What a preset says about logical backups: how, or why not.
 * @internal
 */
export type LogicalBackup =
  /**
   * `engine` selects the dump and client tools in the scripts; `user` is the superuser, or the
   * key of the credentials Secret that holds its name. `fromReplica`: back up from the last
   * replica (`BackupTarget.replicaHost`) when there is one. `restoreHost`: where the restore
   * connects instead of the primary's Service (a MongoDB replica set's seed list, which finds
   * the primary wherever it is). `env`: more variables for both scripts; `restoreEnv`: for the
   * restore only.
   */
  | {
      readonly engine: 'postgresql' | 'mysql' | 'mariadb' | 'redis' | 'mongodb';
      readonly user: string | { readonly key: string };
      readonly fromReplica?: boolean;
      readonly restoreHost?: string;
      readonly env?: { readonly [name: string]: string };
      readonly restoreEnv?: readonly EnvVar[];
    }
  /** The preset has no logical backup; `instead` names the right tool. */
  | { readonly instead: string };

/** The objects `backup` adds to a StatefulDatabase. */
export interface RenderedBackup {
  /** The claim `{name}-backups`, unless `backup.storage.existingClaimName` names one. */
  readonly claim?: PersistentVolumeClaim;
  /** The ConfigMap `{name}-backup-scripts`: backup.sh, restore.sh and what they share. */
  readonly scripts: ConfigMap;
  /** The CronJob `{name}-backup`. */
  readonly backupCronJob: CronJob;
  /** The suspended CronJob `{name}-restore`, the restore's Job template. */
  readonly restoreCronJob: CronJob;
}

/**
 * Where the backup container finds the database and what it runs as.
 * @internal
 */
export interface BackupTarget {
  /** The client Service's host (its name: the jobs run in its namespace) and port. */
  readonly host: string;
  readonly port: number;
  /** The DNS name of the last replica's pod, when the set has more than one pod. */
  readonly replicaHost?: string;
  /** The database's pod: image, pull policy and secrets, security contexts. */
  readonly pod: PodSpec;
  /** The credentials Secret (its `password` key is mounted as a file). */
  readonly credentialsSecretName: string;
  /** The size of one pod's data claim, the default backup claim size. */
  readonly dataSize: string;
}

const BACKUP_DIR = '/backups';
const BACKUP_SCRIPTS = ['backup.sh', 'restore.sh', 'backup-client.sh'];
const CRON_FIELD = /^\S+$/;

/**
 * The backup objects, or none without `backup`.
 * @throws ValidationError for a preset without logical backups (naming the right tool), no
 *   engine preset, or a malformed schedule, time zone, count, size or claim name
 * @internal
 */
export function renderBackup(w: ResolvedWorkload, given: BackupProps | undefined, how: LogicalBackup | undefined, target: BackupTarget): RenderedBackup | undefined {
  if (given === undefined) return undefined;
  const scope = w.scope;
  const props = validate.record(scope, 'backup', given);
  validate.knownKeys(scope, 'backup', props, ['schedule', 'timeZone', 'keep', 'storage', 'resources', 's3']);
  if (how === undefined) {
    validate.fail(scope, 'backup', '(given)', "needs an engine preset that takes logical backups (postgres, mysql, mariadb, mongodb or redis): without one, kube-patterns does not know the server's dump tool");
  }
  if ('instead' in how) {
    validate.fail(scope, 'backup', '(given)', how.instead);
  }
  const schedule = props.schedule ?? '0 3 * * *';
  const fields = typeof schedule === 'string' ? schedule.trim().split(/\s+/) : [];
  if (!((fields.length === 5 && fields.every((f) => CRON_FIELD.test(f))) || (fields.length === 1 && /^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(fields[0])))) {
    validate.fail(scope, 'backup.schedule', schedule, "is not a cron schedule: give five fields (minute hour day-of-month month day-of-week), e.g. '0 3 * * *', or a macro such as '@daily'");
  }
  const timeZone = props.timeZone;
  if (timeZone !== undefined && (typeof timeZone !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(timeZone))) {
    validate.fail(scope, 'backup.timeZone', timeZone, "is not an IANA time zone name such as 'Europe/Berlin' or 'UTC'");
  }
  const keep = validate.integer(scope, 'backup.keep', props.keep ?? 7, 1, 1000);
  const storage = validate.object(scope, 'backup.storage', props.storage);
  validate.knownKeys(scope, 'backup.storage', storage, ['size', 'storageClassName', 'existingClaimName']);
  if (storage.existingClaimName !== undefined && (storage.size !== undefined || storage.storageClassName !== undefined)) {
    validate.fail(scope, 'backup.storage.existingClaimName', storage.existingClaimName, 'is a claim you manage, so size and storageClassName cannot be given with it; set them on that claim');
  }
  const claimName = storage.existingClaimName === undefined ? `${w.name}-backups` : validate.dns1123Subdomain(scope, 'backup.storage.existingClaimName', storage.existingClaimName);
  const labels = backupLabels(w);
  const metadata = (name: string) => ({ ...w.metadata(name), labels });
  const claim: PersistentVolumeClaim | undefined =
    storage.existingClaimName === undefined
      ? {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: metadata(claimName),
          spec: {
            accessModes: [AccessMode.READ_WRITE_ONCE],
            resources: { requests: { storage: validate.positiveQuantity(scope, 'backup.storage.size', storage.size ?? target.dataSize) } },
            ...(storage.storageClassName === undefined ? {} : { storageClassName: validate.storageClassName(scope, 'backup.storage.storageClassName', storage.storageClassName) }),
          },
        }
      : undefined;
  const scripts: ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(`${w.name}-backup-scripts`),
    data: Object.fromEntries(BACKUP_SCRIPTS.map((file) => [file, scriptText(file)])),
  };
  const resources = resolveResources(scope, props.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } }, 'backup.resources');
  const database = target.pod.containers[0];
  // The same read-only files of the Secret as in the database's pod.
  const user = how.user;
  const credentials = credentialsFiles(target.credentialsSecretName, typeof user === 'string' ? ['password'] : [user.key, 'password']);
  const jobSpec = (script: string, host: string, extraEnv: EnvVar[]): CronJobSpec['jobTemplate'] => ({
    metadata: { labels },
    spec: {
      // A failed dump is retried twice; each attempt leaves the earlier backups as they were.
      backoffLimit: 2,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          ...(target.pod.imagePullSecrets === undefined ? {} : { imagePullSecrets: target.pod.imagePullSecrets }),
          securityContext: target.pod.securityContext,
          containers: [
            {
              name: script,
              image: database.image,
              ...(database.imagePullPolicy === undefined ? {} : { imagePullPolicy: database.imagePullPolicy }),
              command: [`${SCRIPTS_DIR}/${script}.sh`],
              env: [
                { name: 'KP_ENGINE', value: how.engine },
                { name: 'KP_HOST', value: host },
                { name: 'KP_PORT', value: String(target.port) },
                typeof user === 'string' ? { name: 'KP_USER', value: user } : { name: 'KP_USER_FILE', value: `${CREDENTIALS_DIR}/${user.key}` },
                { name: 'KP_PASSWORD_FILE', value: `${CREDENTIALS_DIR}/password` },
                { name: 'KP_INSTANCE', value: w.name },
                { name: 'KP_BACKUP_DIR', value: BACKUP_DIR },
                ...Object.entries(how.env ?? {}).map(([name, value]) => ({ name, value })),
                ...extraEnv,
              ],
              resources,
              securityContext: { ...database.securityContext, readOnlyRootFilesystem: true },
              volumeMounts: [
                { name: 'backups', mountPath: BACKUP_DIR },
                credentials.mount,
                { name: 'scripts', mountPath: SCRIPTS_DIR, readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'backups', persistentVolumeClaim: { claimName } },
            credentials.volume!,
            { name: 'scripts', configMap: { name: scripts.metadata!.name!, defaultMode: 0o555 } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  });
  const cronJob = (name: string, spec: Omit<CronJobSpec, 'jobTemplate'>, job: CronJobSpec['jobTemplate']): CronJob => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(name),
    spec: { ...spec, jobTemplate: job },
  });
  const backupCronJob = cronJob(
    `${w.name}-backup`,
    {
      schedule,
      ...(timeZone === undefined ? {} : { timeZone }),
      // Never two dumps at once; a run missed by more than an hour (controller down) is skipped.
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    },
    withS3Copy(scope, w.name, props.s3, jobSpec('backup', how.fromReplica && target.replicaHost !== undefined ? target.replicaHost : target.host, [{ name: 'KP_KEEP', value: String(keep) }])),
  );
  // Never scheduled: the template of `kubectl create job --from=cronjob/{name}-restore`.
  const restoreCronJob = cronJob(
    `${w.name}-restore`,
    { schedule, suspend: true, concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600, successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 },
    jobSpec('restore', how.restoreHost ?? target.host, [{ name: 'KP_RESTORE_FILE', value: 'latest' }, ...(how.restoreEnv ?? [])]),
  );
  return { ...(claim ? { claim } : {}), scripts, backupCronJob, restoreCronJob };
}

/** Where the copying container finds the S3 credentials file. */
const S3_CREDENTIALS_DIR = '/etc/kube-patterns/s3';
const S3_BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * With `backup.s3`: the backup Job's dump container becomes its init container (so the copy runs
 * only after a successful dump), and the main container copies the instance's backups that the
 * bucket lacks with rclone (`copy` never deletes in the bucket).
 * @throws ValidationError for a malformed bucket, prefix, endpoint, region, Secret name or image
 */
function withS3Copy(scope: string, instance: string, given: BackupS3Props | undefined, job: CronJobSpec['jobTemplate']): CronJobSpec['jobTemplate'] {
  if (given === undefined) return job;
  const s3 = validate.record(scope, 'backup.s3', given);
  validate.knownKeys(scope, 'backup.s3', s3, ['bucket', 'prefix', 'endpoint', 'region', 'credentialsSecretName', 'image']);
  if (typeof s3.bucket !== 'string' || !S3_BUCKET.test(s3.bucket) || s3.bucket.includes('..')) {
    validate.fail(scope, 'backup.s3.bucket', s3.bucket, 'is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit');
  }
  const prefix = s3.prefix ?? instance;
  if (typeof prefix !== 'string' || prefix === '' || prefix.startsWith('/') || prefix.endsWith('/') || prefix.split('/').some((part) => part === '' || part === '.' || part === '..') || /[\s\\]/.test(prefix)) {
    validate.fail(scope, 'backup.s3.prefix', prefix, "is not a key prefix: path segments joined by '/', without a leading or trailing '/', '.', '..', spaces or backslashes");
  }
  if (s3.endpoint !== undefined) validate.httpUrl(scope, 'backup.s3.endpoint', s3.endpoint, 'https://minio.storage.svc.cluster.local:9000');
  const region = s3.region ?? 'us-east-1';
  if (typeof region !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(region)) {
    validate.fail(scope, 'backup.s3.region', region, "is not a region name such as 'eu-central-1'");
  }
  if (s3.credentialsSecretName === undefined) {
    validate.fail(scope, 'backup.s3.credentialsSecretName', undefined, "is required: a Secret whose key 'credentials' holds an AWS shared credentials file");
  }
  const secretName = validate.dns1123Subdomain(scope, 'backup.s3.credentialsSecretName', s3.credentialsSecretName);
  const image = s3.image === undefined ? 'rclone/rclone:1.68.2' : validate.image(scope, 'backup.s3.image', s3.image);
  const pod = job.spec!.template.spec!;
  const dump = pod.containers[0];
  const upload: Container = {
    name: 'upload',
    image,
    args: [
      'copy',
      BACKUP_DIR,
      `:s3:${s3.bucket}/${prefix}`,
      // This instance's finished backups only (a .partial never matches).
      `--include=/${instance}-*Z.*.gz`,
      '--s3-env-auth',
      `--s3-provider=${s3.endpoint === undefined ? 'AWS' : 'Other'}`,
      `--s3-region=${region}`,
      ...(s3.endpoint === undefined ? [] : [`--s3-endpoint=${s3.endpoint}`]),
      '--s3-no-check-bucket',
      '--verbose',
    ],
    env: [
      { name: 'AWS_SHARED_CREDENTIALS_FILE', value: `${S3_CREDENTIALS_DIR}/credentials` },
      // rclone looks for its (absent) config file under $HOME.
      { name: 'HOME', value: '/tmp' },
    ],
    resources: dump.resources,
    securityContext: dump.securityContext,
    volumeMounts: [
      { name: 'backups', mountPath: BACKUP_DIR, readOnly: true },
      { name: 's3-credentials', mountPath: S3_CREDENTIALS_DIR, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
  const volumes = [...pod.volumes!, { name: 's3-credentials', secret: { secretName, items: [{ key: 'credentials', path: 'credentials' }], defaultMode: 0o440 } }];
  return { ...job, spec: { ...job.spec, template: { ...job.spec!.template, spec: { ...pod, initContainers: [dump], containers: [upload], volumes } } } };
}

/**
 * The labels of the backup objects and pods: the instance's, with component `backup` and without
 * the pattern label, so that no Service, PodDisruptionBudget or NetworkPolicy of the database
 * selects a backup pod.
 */
function backupLabels(w: ResolvedWorkload): Record<string, string> {
  const all = w.labels.all;
  return {
    [LABEL_NAME]: all[LABEL_NAME],
    [LABEL_INSTANCE]: all[LABEL_INSTANCE],
    [LABEL_COMPONENT]: 'backup',
    ...(all[LABEL_PART_OF] === undefined ? {} : { [LABEL_PART_OF]: all[LABEL_PART_OF] }),
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
}

/**
 * The labels that select an instance's backup and restore pods (for its NetworkPolicy).
 * @internal
 */
export function backupSelector(w: ResolvedWorkload): Record<string, string> {
  const labels = backupLabels(w);
  return { [LABEL_NAME]: labels[LABEL_NAME], [LABEL_INSTANCE]: labels[LABEL_INSTANCE], [LABEL_COMPONENT]: labels[LABEL_COMPONENT] };
}
