/**
 * A PostgreSQL major-version upgrade on a real kubelet: an instance initialized by PostgreSQL 15
 * moves to 17 with `majorUpgrade: PostgresMajorUpgrade.pgUpgrade(...)` and `kube-patterns apply`.
 * The plan refuses the change without the option; with it, the StatefulSet is recreated around
 * the running pod, the pod restarts on the 17 image, its init container runs pg_upgrade on the
 * same claim, and the server starts on the upgraded data (same rows, same password, same
 * ALTER SYSTEM settings), the old cluster kept beside it. Images: Debian's 15 (bookworm) and 17
 * (trixie), and an upgrade image with both, as tianon/postgres-upgrade has.
 */
import { DatabaseEngine, ImagePullPolicy, PostgresMajorUpgrade, StatefulDatabaseProps } from '../../lib';
import { cli, plan } from '../cluster/cli';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, readySince } from '../cluster/kube';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

describeWithPods('PostgreSQL 15 -> 17 with pg_upgrade on a real kubelet', () => {
  const ns = 'pg-upgrade';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'postgresql 15 -> 17 (pg_upgrade)', replicas: 1, checks: [] };
  rows.push(row);
  const host = `db.${ns}.svc.cluster.local`;
  // A password login over TCP through the client Service.
  const sql = (query: string) => exec(ns, 'db-0', `PGPASSWORD=it-is-a-secret psql "host=${host} user=postgres dbname=postgres" -Atc "${query}"`).trim();
  const common: StatefulDatabaseProps = { imagePullPolicy: ImagePullPolicy.NEVER, storage: { size: '1Gi' } };
  const v15 = databaseObjects(ns, 'db', {
    ...common,
    engine: DatabaseEngine.postgres({ version: '15' }),
    image: image('postgres'),
    initScripts: { files: { '01-kept.sql': 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42);' } },
  });
  const v17 = (fromVersion?: string) =>
    databaseObjects(ns, 'db', {
      ...common,
      engine: DatabaseEngine.postgres({ version: '17', majorUpgrade: fromVersion === undefined ? undefined : PostgresMajorUpgrade.pgUpgrade({ fromVersion, image: image('postgres-upgrade') }) }),
      image: image('postgres17'),
    });
  const stsPlan = (result: ReturnType<typeof plan>) => result.json.objects.find((o: any) => o.kind === 'StatefulSet');
  let claimUid: string;

  beforeAll(async () => {
    createNamespace(ns);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'db-credentials', '--from-literal=password=it-is-a-secret']);
    applyObjects(v15);
    await waitForReadyPods(ns, 'db', 1, 300);
    sql('INSERT INTO kept VALUES (43)');
    sql("ALTER SYSTEM SET work_mem = '7MB'");
    sql('SELECT pg_reload_conf()');
    claimUid = get('pvc', 'data-db-0', ns).metadata.uid;
  });

  test('without the option, 17 is refused by the plan and by the API server: the 15 pod keeps running on its data', () => {
    const refused = plan(v17());
    expect(refused.status).toBe(4);
    expect(stsPlan(refused).changes.find((c: any) => c.field.endsWith("['kube-patterns.io/data-format']"))).toMatchObject({ from: 'postgresql-15', to: 'postgresql-17', verdict: 'refused' });
    const applied = applyObjects(v17(), { allowFailure: true });
    expect(applied.status).not.toBe(0);
    expect(applied.stderr).toMatch(/Forbidden: updates to statefulset spec/);
    expect(sql('SHOW server_version')).toMatch(/^15\./);
  });

  test('with pgUpgrade from 15: planned as a migration, applied; the pod restarts on 17 with the same claim, rows and settings', async () => {
    const planned = plan(v17('15'));
    expect(planned.status).toBe(3);
    expect(stsPlan(planned).steps).toContain('each pod restarts on the new version; its init container upgrades the data (postgresql-15: pg_upgrade --copy from PostgreSQL 15 to 17)');
    const before = get('pod', 'db-0', ns).metadata.uid;
    const started = Date.now();
    const applied = cli('apply', v17('15'));
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    await eventually('a Ready db-0 on PostgreSQL 17', () => {
      const pod = get('pod', 'db-0', ns);
      return pod.metadata.uid !== before && pod.spec.containers[0].image === image('postgres17') && readySince(pod) !== undefined;
    }, 600);
    row.secondsToReady = (Date.now() - started) / 1000;
    expect(get('pvc', 'data-db-0', ns).metadata.uid).toBe(claimUid);
    expect(sql('SHOW server_version')).toMatch(/^17\./);
    expect(sql('SELECT string_agg(id::text, \',\' ORDER BY id) FROM kept')).toBe('42,43');
    expect(sql('SHOW work_mem')).toBe('7MB');
    // The init container's log, and the layout it left: the new data directory and the old cluster.
    const log = kubectl(['-n', ns, 'logs', 'db-0', '-c', 'upgrade-data']).stdout;
    expect(log).toContain('postgres-upgrade: done: /var/lib/postgresql/pgdata is PostgreSQL 17');
    expect(exec(ns, 'db-0', 'cat /var/lib/postgresql/pgdata/PG_VERSION /var/lib/postgresql/pgdata-15/PG_VERSION; ls /var/lib/postgresql').split('\n')).toEqual(expect.arrayContaining(['17', '15', 'pgdata', 'pgdata-15']));
    row.checks.push('refused without the option', 'pg_upgrade in the init container', 'rows, password, ALTER SYSTEM kept', 'old cluster kept');
  });

  test('the upgraded pod deleted: the init container sees 17 data and does nothing; the server comes back on it', async () => {
    const before = get('pod', 'db-0', ns).metadata.uid;
    kubectl(['-n', ns, 'delete', 'pod', 'db-0']);
    await eventually('a new Ready db-0', () => get('pod', 'db-0', ns).metadata.uid !== before && readySince(get('pod', 'db-0', ns)) !== undefined, 300);
    expect(kubectl(['-n', ns, 'logs', 'db-0', '-c', 'upgrade-data']).stdout).toContain('is already PostgreSQL 17: nothing to do');
    expect(sql('SELECT count(*) FROM kept')).toBe('2');
    row.checks.push('restart after the upgrade is a no-op');
  });

  test('the option removed: the pods roll without the init container, still on 17', async () => {
    expect(plan(v17()).status).toBe(2);
    const before = get('pod', 'db-0', ns).metadata.uid;
    // The same field manager as the migration's apply, so that the fields it set are removed.
    expect(cli('apply', v17()).status).toBe(0);
    await eventually('a new Ready db-0 without the init container', () => {
      const pod = get('pod', 'db-0', ns);
      return pod.metadata.uid !== before && (pod.spec.initContainers ?? []).length === 0 && readySince(pod) !== undefined;
    }, 300);
    expect(sql('SHOW server_version')).toMatch(/^17\./);
    row.checks.push('option removed: plain rolling update');
  });
});
