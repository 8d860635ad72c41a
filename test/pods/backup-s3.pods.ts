/**
 * `backup.s3`, for real: PostgreSQL's backups copied to an S3-compatible bucket (moto's S3 server,
 * in a pod of the test's namespace) by the backup Job's rclone container (Debian's rclone as a
 * stand-in for the rclone image), after the dump. Two backups with `keep: 1`: the claim keeps
 * the newest, the bucket both, and the object in the bucket is the dump.
 */
import { DatabaseEngine, ImagePullPolicy } from '../../lib';
import { applyObjects, createNamespace, databaseObjects, kubectl } from '../cluster/kube';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, runJob, serverPod, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

describeWithPods('backup.s3 on a real kubelet: PostgreSQL backups copied to an S3-compatible bucket', () => {
  const ns = 'backup-s3';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'postgres (backup.s3)', replicas: 1, checks: [] };
  rows.push(row);
  /** boto3 (installed with moto) in the S3 server's own container, against the server. */
  const boto = (code: string) =>
    exec(ns, 's3', `/opt/moto/bin/python -c "import boto3, gzip; s3 = boto3.client('s3', endpoint_url='http://127.0.0.1:5000', aws_access_key_id='test', aws_secret_access_key='test', region_name='us-east-1'); ${code}"`, 's3').trim();

  beforeAll(async () => {
    createNamespace(ns);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'db-credentials', '--from-literal=password=it-is-a-secret']);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 's3-credentials', '--from-literal=credentials=[default]\naws_access_key_id = test\naws_secret_access_key = test\n']);
    // moto's S3 API.
    await serverPod(ns, 's3', 's3', 5000);
    const endpoint = `http://s3.${ns}.svc.cluster.local:5000`;
    applyObjects(
      databaseObjects(ns, 'db', {
        engine: DatabaseEngine.postgres({ version: '15' }),
        image: image('postgres'),
        imagePullPolicy: ImagePullPolicy.NEVER,
        storage: { size: '1Gi' },
        backup: { keep: 1, s3: { bucket: 'backups', endpoint, credentialsSecretName: 's3-credentials', image: image('rclone') } },
      }),
    );
    await waitForReadyPods(ns, 'db', 1, 300);
    // kube-patterns never creates the bucket.
    boto("s3.create_bucket(Bucket='backups')");
  });

  test('two backups with keep 1: the claim keeps the newest, the bucket both; each Job copies only what the bucket lacks', async () => {
    const uploads: string[] = [];
    for (const name of ['backup-1', 'backup-2']) {
      uploads.push(await runJob(ns, name, 'db-backup'));
      // Names have a one-second resolution.
      await new Promise((resolve) => setTimeout(resolve, 1100));
    }
    const kept = kubectl(['-n', ns, 'logs', 'job/backup-2', '-c', 'backup']).stdout;
    expect(kept).toMatch(/backup: removed db-\d{8}T\d{6}Z\.sql\.gz \(keeping the newest 1\)/);
    const objects = boto("print('\\n'.join(o['Key'] for o in s3.list_objects_v2(Bucket='backups')['Contents']))").split('\n');
    expect(objects).toHaveLength(2);
    for (const key of objects) expect(key).toMatch(/^db\/db-\d{8}T\d{6}Z\.sql\.gz$/);
    // backup-2 copied its new backup only: the first was already in the bucket.
    expect(uploads[1].match(/Copied \(new\)/g)).toHaveLength(1);
    row.checks.push('claim keeps 1, bucket keeps 2, only new backups copied');
  });

  test('the object in the bucket is the dump: pg_dumpall output, gzip-compressed', () => {
    const head = boto(
      "key = sorted(o['Key'] for o in s3.list_objects_v2(Bucket='backups')['Contents'])[-1]; print(gzip.decompress(s3.get_object(Bucket='backups', Key=key)['Body'].read()).decode()[:400])",
    );
    expect(head).toContain('PostgreSQL database cluster dump');
    row.checks.push('the object is the gzip-compressed pg_dumpall output');
  });
});
