/**
 * `backup` on a StatefulDatabase: the CronJobs, claim and scripts it adds, what they run and as
 * whom, the labels that keep backup pods out of the database's Services and budgets, and the
 * refusals. The backup and restore run for real (PostgreSQL, MariaDB, MySQL on the MariaDB
 * stand-in) in test/pods/sql.pods.ts, Redis's in test/pods/redis.pods.ts.
 */
import { DatabaseEngine, IDatabaseEngine, NetworkPeer, StatefulDatabase, StatefulDatabaseProps } from '../../lib';
import { strictSchemaErrors } from '../support/kubernetes-validate';
import { find, KubeObject, synthOne, validationMessage } from '../support/objects';
import { restrictedViolations } from '../support/pod-security';

const build = (props: StatefulDatabaseProps) => synthOne((chart) => new StatefulDatabase(chart, 'db', props));
const isSubset = (part: Record<string, string>, whole: Record<string, string>) => Object.entries(part).every(([k, v]) => whole[k] === v);

describe('a PostgreSQL instance with backup', () => {
  const objects = build({ engine: DatabaseEngine.postgres(), storage: { size: '20Gi' }, backup: { keep: 3, timeZone: 'Europe/Berlin' } });
  const backup = find(objects, 'CronJob', 'db-backup');
  const restore = find(objects, 'CronJob', 'db-restore');
  const pod = (cronJob: KubeObject) => cronJob.spec.jobTemplate.spec.template.spec;
  const env = (cronJob: KubeObject) => Object.fromEntries(pod(cronJob).containers[0].env.map((e: any) => [e.name, e.value]));

  test('a daily CronJob that never overlaps, runs the dump script from the database image against the client Service, and keeps `keep` backups', () => {
    expect(backup.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 3600, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 });
    expect(backup.spec.jobTemplate.spec.backoffLimit).toBe(2);
    expect(pod(backup)).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false });
    expect(pod(backup).containers[0]).toMatchObject({ name: 'backup', image: 'postgres:17', command: ['/opt/kube-patterns/backup.sh'] });
    expect(env(backup)).toEqual({
      KP_ENGINE: 'postgresql',
      KP_HOST: 'db',
      KP_PORT: '5432',
      KP_USER: 'postgres',
      KP_PASSWORD_FILE: '/etc/kube-patterns/credentials/password',
      KP_INSTANCE: 'db',
      KP_BACKUP_DIR: '/backups',
      KP_KEEP: '3',
    });
  });

  test('the password as a file of the credentials Secret, the backups on their own claim (the data claim size by default)', () => {
    expect(pod(backup).volumes).toEqual([
      { name: 'backups', persistentVolumeClaim: { claimName: 'db-backups' } },
      { name: 'credentials', secret: { secretName: 'db-credentials', items: [{ key: 'password', path: 'password' }], defaultMode: 0o440 } },
      { name: 'scripts', configMap: { name: 'db-backup-scripts', defaultMode: 0o555 } },
      { name: 'tmp', emptyDir: {} },
    ]);
    expect(find(objects, 'PersistentVolumeClaim', 'db-backups').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(Object.keys(find(objects, 'ConfigMap', 'db-backup-scripts').data).sort()).toEqual(['backup-client.sh', 'backup.sh', 'restore.sh']);
  });

  test('the restore is a suspended CronJob (a Job template) restoring the newest backup with the same pod', () => {
    expect(restore.spec).toMatchObject({ suspend: true, concurrencyPolicy: 'Forbid' });
    expect(pod(restore).containers[0].command).toEqual(['/opt/kube-patterns/restore.sh']);
    const { KP_KEEP, ...shared } = env(backup);
    expect(KP_KEEP).toBe('3');
    expect(env(restore)).toEqual({ ...shared, KP_RESTORE_FILE: 'latest' });
    expect(pod(restore).volumes).toEqual(pod(backup).volumes);
  });

  test('runs as the database user under the restricted profile; valid against the Kubernetes schema', () => {
    const sts = find(objects, 'StatefulSet', 'db');
    expect(pod(backup).securityContext).toEqual(sts.spec.template.spec.securityContext);
    expect(restrictedViolations(pod(backup))).toEqual([]);
    expect(restrictedViolations(pod(restore))).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test("backup pods are selected by none of the database's Services, its budget or its NetworkPolicy", () => {
    const labels = backup.spec.jobTemplate.spec.template.metadata.labels;
    expect(labels).toMatchObject({ 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/component': 'backup' });
    for (const service of objects.filter((o) => o.kind === 'Service')) expect(isSubset(service.spec.selector, labels)).toBe(false);
    expect(isSubset(find(objects, 'NetworkPolicy', 'db').spec.podSelector.matchLabels, labels)).toBe(false);
  });

  test('without backup: none of these objects', () => {
    const plain = build({ engine: DatabaseEngine.postgres() });
    expect(plain.filter((o) => o.kind === 'CronJob' || o.kind === 'PersistentVolumeClaim' || o.metadata.name === 'db-backup-scripts')).toEqual([]);
  });
});

test('MySQL and MariaDB dump with their own tools as root; an existing claim replaces the created one', () => {
  for (const [engine, name] of [[DatabaseEngine.mysql(), 'mysql'], [DatabaseEngine.mariadb(), 'mariadb']] as const) {
    const objects = build({ engine, backup: { storage: { existingClaimName: 'shared-backups' }, schedule: '@daily' } });
    const spec = find(objects, 'CronJob', 'db-backup').spec;
    expect(spec.schedule).toBe('@daily');
    const container = spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'KP_ENGINE', value: name }, { name: 'KP_USER', value: 'root' }, { name: 'KP_PORT', value: '3306' }]));
    expect(spec.jobTemplate.spec.template.spec.volumes[0]).toEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'shared-backups' } });
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  }
});

describe('a Redis instance with backup', () => {
  const objects = build({ engine: DatabaseEngine.redis(), replicas: 3, backup: {}, networkPolicy: { allowFrom: [NetworkPeer.namespaces('shop')] } });
  const pod = (name: string) => find(objects, 'CronJob', name).spec.jobTemplate.spec.template.spec;
  const env = (name: string) => Object.fromEntries(pod(name).containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

  test('the snapshot is taken from the last replica, by its pod DNS name, so the primary never forks for it', () => {
    expect(env('db-backup')).toMatchObject({ KP_ENGINE: 'redis', KP_HOST: 'db-2.db-headless.shop.svc.cluster.local', KP_PORT: '6379', KP_USER: 'default' });
  });

  test("the restore targets the primary's Service and gives the script its own pod IP, which the primary replicates from", () => {
    expect(env('db-restore')).toMatchObject({
      KP_ENGINE: 'redis',
      KP_HOST: 'db-primary',
      KP_RESTORE_FILE: 'latest',
      KP_RESTORE_HOST: { fieldRef: { fieldPath: 'status.podIP' } },
      KP_RESTORE_PORT: '6379',
    });
    expect(restrictedViolations(pod('db-restore'))).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('one pod: the backup reads the primary', () => {
    const single = build({ engine: DatabaseEngine.redis(), backup: {} });
    expect(find(single, 'CronJob', 'db-backup').spec.jobTemplate.spec.template.spec.containers[0].env).toContainEqual({ name: 'KP_HOST', value: 'db-primary' });
  });
});

describe('a MongoDB replica set with backup', () => {
  const objects = build({ engine: DatabaseEngine.mongodb(), replicas: 3, backup: {} });
  const pod = (name: string) => find(objects, 'CronJob', name).spec.jobTemplate.spec.template.spec;
  const env = (name: string) => Object.fromEntries(pod(name).containers[0].env.map((e: any) => [e.name, e.value]));

  test('mongodump reads the last member, with the user name and password as files of the credentials Secret', () => {
    expect(env('db-backup')).toMatchObject({
      KP_ENGINE: 'mongodb',
      KP_HOST: 'db-2.db-headless.shop.svc.cluster.local',
      KP_PORT: '27017',
      KP_USER_FILE: '/etc/kube-patterns/credentials/username',
      KP_PASSWORD_FILE: '/etc/kube-patterns/credentials/password',
      KP_REPLICA_SET: 'rs0',
    });
    expect(env('db-backup').KP_USER).toBeUndefined();
    expect(pod('db-backup').volumes[1].secret.items).toEqual([{ key: 'username', path: 'username' }, { key: 'password', path: 'password' }]);
  });

  test("mongorestore connects through the replica set's seed list, which finds the primary wherever it is", () => {
    const members = [0, 1, 2].map((i) => `db-${i}.db-headless.shop.svc.cluster.local:27017`).join(',');
    expect(env('db-restore')).toMatchObject({ KP_HOST: `rs0/${members}`, KP_REPLICA_SET: 'rs0', KP_RESTORE_FILE: 'latest' });
    expect(restrictedViolations(pod('db-restore'))).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('one server: both jobs use the client Service, without the oplog', () => {
    const single = build({ engine: DatabaseEngine.mongodb(), backup: {} });
    for (const name of ['db-backup', 'db-restore']) {
      expect(find(single, 'CronJob', name).spec.jobTemplate.spec.template.spec.containers[0].env).toEqual(
        expect.arrayContaining([{ name: 'KP_HOST', value: 'db' }, { name: 'KP_REPLICA_SET', value: '' }]),
      );
    }
  });
});

test("the NetworkPolicy admits the instance's backup and restore pods on the client ports, whatever allowFrom says", () => {
  const allowFrom = [NetworkPeer.namespaces('shop')];
  const withBackup = find(build({ engine: DatabaseEngine.postgres(), backup: {}, networkPolicy: { allowFrom } }), 'NetworkPolicy', 'db');
  const backupLabels = find(build({ engine: DatabaseEngine.postgres(), backup: {} }), 'CronJob', 'db-backup').spec.jobTemplate.spec.template.metadata.labels;
  const rule = withBackup.spec.ingress.find((r: any) => r.from.some((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'backup'));
  expect(rule).toEqual({
    from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgresql', 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/component': 'backup' } } }],
    ports: [{ protocol: 'TCP', port: 'postgresql' }],
  });
  expect(isSubset(rule.from[0].podSelector.matchLabels, backupLabels)).toBe(true);
  // Without backup, no such rule.
  const without = find(build({ engine: DatabaseEngine.postgres(), networkPolicy: { allowFrom } }), 'NetworkPolicy', 'db');
  expect(without.spec.ingress).toHaveLength(withBackup.spec.ingress.length - 1);
});

describe('backup.s3: the dump first, then rclone copies the new backups to the bucket', () => {
  const s3 = { bucket: 'acme-backups', endpoint: 'https://minio.storage.svc.cluster.local:9000', credentialsSecretName: 's3-credentials' };
  const objects = build({ engine: DatabaseEngine.postgres(), backup: { keep: 3, s3 } });
  const pod = find(objects, 'CronJob', 'db-backup').spec.jobTemplate.spec.template.spec;

  test('the dump runs as the init container, so the copy starts only after a successful dump', () => {
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['backup']);
    expect(pod.initContainers[0].command).toEqual(['/opt/kube-patterns/backup.sh']);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['upload']);
  });

  test("rclone copy (never deletes in the bucket) of this instance's finished backups, credentials from the Secret's file", () => {
    const upload = pod.containers[0];
    expect(upload.image).toBe('rclone/rclone:1.68.2');
    expect(upload.args).toEqual([
      'copy',
      '/backups',
      ':s3:acme-backups/db',
      '--include=/db-*Z.*.gz',
      '--s3-env-auth',
      '--s3-provider=Other',
      '--s3-region=us-east-1',
      '--s3-endpoint=https://minio.storage.svc.cluster.local:9000',
      '--s3-no-check-bucket',
      '--verbose',
    ]);
    expect(upload.env).toEqual([
      { name: 'AWS_SHARED_CREDENTIALS_FILE', value: '/etc/kube-patterns/s3/credentials' },
      { name: 'HOME', value: '/tmp' },
    ]);
    expect(upload.volumeMounts).toContainEqual({ name: 'backups', mountPath: '/backups', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 's3-credentials', secret: { secretName: 's3-credentials', items: [{ key: 'credentials', path: 'credentials' }], defaultMode: 0o440 } });
    expect(restrictedViolations(pod)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('AWS without an endpoint; a prefix of your own; the restore is unchanged (from the claim)', () => {
    const aws = build({ engine: DatabaseEngine.postgres(), backup: { s3: { bucket: 'acme-backups', prefix: 'prod/orders', region: 'eu-central-1', credentialsSecretName: 'aws' } } });
    const args = find(aws, 'CronJob', 'db-backup').spec.jobTemplate.spec.template.spec.containers[0].args;
    expect(args).toEqual(expect.arrayContaining([':s3:acme-backups/prod/orders', '--s3-provider=AWS', '--s3-region=eu-central-1']));
    expect(args.some((a: string) => a.startsWith('--s3-endpoint'))).toBe(false);
    const restore = find(aws, 'CronJob', 'db-restore').spec.jobTemplate.spec.template.spec;
    expect(restore.initContainers).toBeUndefined();
    expect(restore.containers.map((c: any) => c.name)).toEqual(['restore']);
  });

  test('adding s3 to a running instance changes only the backup CronJob: the StatefulSet and the rest stay identical', () => {
    const before = build({ engine: DatabaseEngine.postgres(), backup: { keep: 3 } });
    const changed = (o: any) => o.kind === 'CronJob' && o.metadata.name === 'db-backup';
    expect(objects.filter((o) => !changed(o))).toEqual(before.filter((o) => !changed(o)));
  });

  test('without s3, the backup pod is exactly as before: one container, no init container', () => {
    const plain = find(build({ engine: DatabaseEngine.postgres(), backup: {} }), 'CronJob', 'db-backup').spec.jobTemplate.spec.template.spec;
    expect(plain.initContainers).toBeUndefined();
    expect(plain.containers.map((c: any) => c.name)).toEqual(['backup']);
  });

  test.each([
    [{ ...s3, bucket: 'Acme_Backups' }, "backup.s3.bucket 'Acme_Backups' is not an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit"],
    [{ ...s3, prefix: '/prod/' }, "backup.s3.prefix '/prod/' is not a key prefix: path segments joined by '/', without a leading or trailing '/', '.', '..', spaces or backslashes"],
    [{ ...s3, prefix: 'a/../b' }, "backup.s3.prefix 'a/../b' is not a key prefix"],
    [{ ...s3, endpoint: 'minio:9000' }, "backup.s3.endpoint 'minio:9000' is not an http:// or https:// URL such as 'https://minio.storage.svc.cluster.local:9000'"],
    [{ ...s3, region: 'EU Central' }, "backup.s3.region 'EU Central' is not a region name such as 'eu-central-1'"],
    [{ bucket: 'acme-backups' }, "backup.s3.credentialsSecretName undefined is required: a Secret whose key 'credentials' holds an AWS shared credentials file"],
    [{ ...s3, accessKey: 'AKIA' }, 'backup.s3.accessKey'],
  ])('refused: %p', (given, expected) => {
    expect(validationMessage(() => build({ engine: DatabaseEngine.postgres(), backup: { s3: given as never } }))).toContain(expected);
  });
});

describe('refused at synth', () => {
  const message = (backup: unknown, engine: IDatabaseEngine | null = DatabaseEngine.postgres()) =>
    validationMessage(() => build(engine ? { engine, backup: backup as never } : { image: 'db:1', port: 1, storage: { size: '1Gi', mountPath: '/d' }, backup: backup as never }));

  test.each([
    ['kafka', DatabaseEngine.kafka(), 'does not fit Kafka: topics are replicated logs, not a dump; mirror them to another cluster with MirrorMaker 2'],
    ['zookeeper', DatabaseEngine.zookeeper(), 'does not fit ZooKeeper'],
    ['cassandra', DatabaseEngine.cassandra(), 'does not fit Cassandra: back up each node with nodetool snapshot'],
  ])('on %s, naming the right tool', (_name, engine, reason) => {
    expect(message({}, engine)).toMatch(new RegExp(`^backup '\\(given\\)' ${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('without a preset', () => {
    expect(message({}, null)).toBe("backup '(given)' needs an engine preset that takes logical backups (postgres, mysql, mariadb, mongodb or redis): without one, kube-patterns does not know the server's dump tool");
  });

  test.each([
    [{ schedule: '0 3 * *' }, "backup.schedule '0 3 * *' is not a cron schedule: give five fields (minute hour day-of-month month day-of-week), e.g. '0 3 * * *', or a macro such as '@daily'"],
    [{ schedule: '@sometimes' }, "backup.schedule '@sometimes' is not a cron schedule"],
    [{ timeZone: 'Berlin time' }, "backup.timeZone 'Berlin time' is not an IANA time zone name such as 'Europe/Berlin' or 'UTC'"],
    [{ keep: 0 }, 'backup.keep 0'],
    [{ storage: { existingClaimName: 'x', size: '1Gi' } }, "backup.storage.existingClaimName 'x' is a claim you manage, so size and storageClassName cannot be given with it; set them on that claim"],
    [{ storage: { size: '-1Gi' } }, "backup.storage.size '-1Gi'"],
    [{ scedule: '@daily' }, 'backup.scedule'],
  ])('%p', (backup, expected) => {
    expect(message(backup)).toContain(expected);
  });
});
