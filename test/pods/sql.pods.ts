/**
 * The PostgreSQL, MariaDB and MySQL presets, for real: first initialization with the password
 * from the Secret, the engine `config` and `initScripts` applied, a password login through the
 * client Service, and the data kept across a pod deletion. MySQL has no reachable source here, so
 * its preset runs on the MariaDB stand-in (which accepts MYSQL_ROOT_PASSWORD_FILE, as the official
 * MariaDB image does): that tests the MySQL preset's wiring, not MySQL.
 */
import { DatabaseEngine, ImagePullPolicy, StatefulDatabaseProps } from '../../lib';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, podsOf, readySince } from '../cluster/kube';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, scrape, secondsToAllReady, runJob, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

interface Case {
  readonly preset: string;
  readonly props: StatefulDatabaseProps;
  readonly initScript: string;
  /** A query as the superuser, over TCP with the password, to `host`. */
  readonly query: (host: string, sql: string) => string;
  /** The engine setting `config` sets, its value as the server reports it, and the query for it. */
  readonly setting: readonly [string, string];
  readonly readTable: string;
  /** Statements that lose the data `readTable` reads. */
  readonly damage: readonly string[];
  /** The exporter's port, and the line that says it is connected. */
  readonly exporter: readonly [number, string];
}

// The password comes from the file the preset mounts from the Secret (the variable names the file).
const psql = (host: string, sql: string) => `PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" psql "host=${host} user=postgres dbname=postgres" -Atc "${sql}"`;
const mariadb = (variable: string) => (host: string, sql: string) => `MYSQL_PWD="$(cat "$${variable}")" mariadb -h ${host} -u root -N -e "${sql}"`;

const CASES: Case[] = [
  {
    preset: 'postgresql',
    props: { engine: DatabaseEngine.postgres({ version: '15' }), image: image('postgres'), config: { shared_buffers: '64MB' }, metrics: { exporterImage: image('postgres-exporter') } },
    initScript: 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42);',
    query: psql,
    setting: ['SHOW shared_buffers', '64MB'],
    readTable: 'SELECT id FROM kept',
    damage: ['DROP TABLE kept'],
    exporter: [9187, 'pg_up 1'],
  },
  ...(['mariadb', 'mysql'] as const).map((engine, i): Case => {
    // The MariaDB image reads MYSQL_ROOT_PASSWORD_FILE too, which the MySQL preset sets.
    const mysql = engine === 'mysql';
    const connections = 50 + 10 * i;
    return {
      preset: mysql ? 'mysql (on the MariaDB stand-in)' : 'mariadb',
      props: {
        engine: mysql ? DatabaseEngine.mysql({ version: '8.4' }) : DatabaseEngine.mariadb({ version: '10.11' }),
        image: image('mariadb'),
        config: { max_connections: connections },
        metrics: { exporterImage: image('mysqld-exporter') },
      },
      initScript: 'CREATE DATABASE shop; CREATE TABLE shop.kept (id int); INSERT INTO shop.kept VALUES (42);',
      query: mariadb(mysql ? 'MYSQL_ROOT_PASSWORD_FILE' : 'MARIADB_ROOT_PASSWORD_FILE'),
      setting: ['SELECT @@max_connections', String(connections)],
      readTable: 'SELECT id FROM shop.kept',
      damage: ['DROP DATABASE shop'],
      exporter: [9104, 'mysql_up 1'],
    };
  }),
];

for (const c of CASES) {
  describeWithPods(`${c.preset} preset on a real kubelet`, () => {
    const ns = `sql-${c.preset.split(' ')[0]}`;
    deleteNamespaceAfterAll(ns);
    const row: Row = { preset: c.preset, replicas: 1, checks: [] };
    rows.push(row);
    const host = `db.${ns}.svc.cluster.local`;
    const query = (sql: string) => exec(ns, 'db-0', c.query(host, sql)).trim();

    const props: StatefulDatabaseProps = {
      ...c.props,
      imagePullPolicy: ImagePullPolicy.NEVER,
      storage: { size: '1Gi' },
      initScripts: { files: { '01-kept.sql': c.initScript } },
    };

    beforeAll(async () => {
      createNamespace(ns);
      kubectl(['-n', ns, 'create', 'secret', 'generic', 'db-credentials', '--from-literal=password=it-is-a-secret']);
      applyObjects(databaseObjects(ns, 'db', props));
      await waitForReadyPods(ns, 'db', 1, 300);
      row.secondsToReady = secondsToAllReady(podsOf(ns, 'db'));
    });

    test('initialized on the claim with the Secret password: login through the client Service; config and init scripts applied', () => {
      expect(query(c.readTable)).toBe('42');
      expect(query(c.setting[0])).toBe(c.setting[1]);
      // A wrong password is refused: the login above used the Secret's.
      expect(() => exec(ns, 'db-0', c.query(host, 'SELECT 1').replace(/="\$\(cat "\$\w+"\)"/, '=wrong'))).toThrow();
      // The password is in no variable of the container, only in the mounted file.
      expect(exec(ns, 'db-0', 'env')).not.toContain('it-is-a-secret');
      expect(exec(ns, 'db-0', 'cat /etc/kube-patterns/credentials/password')).toBe('it-is-a-secret');
      row.checks.push('password login via Service (password from a file, in no variable)', 'config applied', 'init script ran');
    });

    test('the preset exporter is connected with the password from the Secret', () => {
      expect(scrape(ns, 'db-0', c.exporter[0])).toMatch(new RegExp(`^${c.exporter[1]}$`, 'm'));
      row.checks.push(`exporter: ${c.exporter[1]}`);
    });

    test('the pod deleted: it comes back on the same claim with the data', async () => {
      const before = get('pod', 'db-0', ns).metadata.uid;
      const claim = get('pvc', 'data-db-0', ns).metadata.uid;
      kubectl(['-n', ns, 'delete', 'pod', 'db-0']);
      await eventually('a new Ready db-0', () => get('pod', 'db-0', ns).metadata.uid !== before && readySince(get('pod', 'db-0', ns)) !== undefined, 300);
      expect(get('pvc', 'data-db-0', ns).metadata.uid).toBe(claim);
      expect(query(c.readTable)).toBe('42');
      row.checks.push('data kept across pod deletion');
    });

    test('backup added: the pods do not roll; three backups keep the newest two; the data lost, the restore job brings it back', async () => {
      const pod = get('pod', 'db-0', ns).metadata.uid;
      applyObjects(databaseObjects(ns, 'db', { ...props, backup: { keep: 2 } }));
      const written: string[] = [];
      for (const run of ['backup-1', 'backup-2', 'backup-3']) {
        const log = await runJob(ns, run, 'db-backup');
        written.push(/backup: wrote \/backups\/(db-\d{8}T\d{6}Z\.sql\.gz) \(\d+ bytes\)/.exec(log)![1]);
        if (run === 'backup-3') expect(log).toContain(`backup: removed ${written[0]} (keeping the newest 2)`);
        // Names have a one-second resolution.
        await new Promise((resolve) => setTimeout(resolve, 1100));
      }
      expect(new Set(written).size).toBe(3);
      expect(get('pod', 'db-0', ns).metadata.uid).toBe(pod);
      c.damage.forEach((sql) => query(sql));
      expect(() => query(c.readTable)).toThrow();
      const log = await runJob(ns, 'restore-1', 'db-restore');
      expect(log).toContain(`restore: restored ${written[2]}`);
      expect(query(c.readTable)).toBe('42');
      row.checks.push('backup job (retention 2 of 3)', 'restore job after data loss');
    });
  });
}
