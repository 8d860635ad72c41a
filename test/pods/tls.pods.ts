/**
 * `tls` for real, with the certificate of a `kubernetes.io/tls` Secret signed by a CA the test
 * makes with openssl (as cert-manager's CA issuer would). PostgreSQL with `required`: a client
 * that verifies the server gets TLS through the client Service; a client without TLS, a wrong
 * password or a host name the certificate does not hold are refused; the exporter, inside the
 * pod, stays connected; a renewed certificate (from a new CA) is served without a restart;
 * turning TLS off is a rolling update that keeps the data. MariaDB: a verifying client gets TLS,
 * a wrong host name is refused by it, a renewed certificate is served, a plain client is served;
 * then `required` (with metrics and backup) applied: plain TCP refused by the server, the data
 * kept, the probes, the reload sidecar and the exporter (through the socket) still connected, and
 * the backup and restore jobs work over TLS.
 * Redis, 2 replicas: a verifying client writes through the primary Service and the replica gets
 * the write over TLS; a plain client gets no answer; the exporter is connected; a renewed
 * certificate is served without a restart.
 * Kafka, 3 nodes with SASL: `tls` added to a running cluster by `kube-patterns apply` (a planned
 * migration: every node restarted at once), a verifying SASL_SSL client reads the message written
 * before through another node, the partitions stay in sync over the TLS listener, a
 * SASL_PLAINTEXT client and a wrong host name are refused, and a certificate from a new CA is
 * served without a restart, replication intact.
 * Cassandra (a fresh ring) with authentication and `tls.required`: Ready once its user logs in
 * over TLS, that user created through the default superuser, which is gone, system_auth on
 * NetworkTopologyStrategy, its
 * certificate verifies by the Service name (Python's ssl; cqlsh 6.2 does not verify), a client
 * logs in over TLS, a plain client is refused, and a renewed certificate from a new CA is served
 * without a restart (`nodetool reloadssl`).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseEngine, EnvValue, ImagePullPolicy, StatefulDatabaseProps } from '../../lib';
import { cli, plan } from '../cluster/cli';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, podsOf, readySince } from '../cluster/kube';
import { describeUnless } from '../support/skip';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, runJob, scrape, secondsToAllReady, SKIP_REASON, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

function openssl(dir: string, args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
}

/** A CA, and a server certificate it signs for `dnsNames`: the files ca.crt, tls.crt and tls.key in a new directory. */
function certificates(dnsNames: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-patterns-tls-'));
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kube-patterns test CA']);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', `/CN=${dnsNames[0]}`]);
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${dnsNames.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth\n`);
  openssl(dir, ['x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'tls.crt', '-days', '2', '-extfile', 'ext.cnf']);
  return dir;
}

/**
 * Applies the Secret `db-tls` (kubernetes.io/tls, with ca.crt as cert-manager writes it) from a
 * new CA and a certificate for the instance `db`'s Services and pods.
 * @returns the CA (PEM), for the clients
 */
function tlsSecret(ns: string): string {
  const services = ['db', 'db-primary', 'db-read'].flatMap((svc) => [`${svc}.${ns}.svc.cluster.local`, `${svc}.${ns}.svc`]);
  const dir = certificates([...services, `*.db-headless.${ns}.svc.cluster.local`]);
  const data = Object.fromEntries(['tls.crt', 'tls.key', 'ca.crt'].map((key) => [key, readFileSync(join(dir, key)).toString('base64')]));
  applyObjects([{ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'db-tls', namespace: ns }, data }]);
  return readFileSync(join(dir, 'ca.crt'), 'utf8');
}

/** The CA of the Secret `db-tls` as it is now (PEM). */
function currentCa(ns: string): string {
  return Buffer.from(kubectl(['-n', ns, 'get', 'secret', 'db-tls', '-o', 'jsonpath={.data.ca\\.crt}']).stdout, 'base64').toString('utf8');
}

/** The CA copied into the database containers of the first `replicas` pods as `file`, as a client would mount it. */
function copyCa(ns: string, replicas: number, ca: string, file: string): void {
  for (let i = 0; i < replicas; i++) exec(ns, `db-${i}`, `printf '%s' '${ca}' > ${file}`);
}

/** What every test here needs: the namespace, the credentials, the tls Secret, and the CA in the database containers as a client's /tmp/ca.crt. */
async function deployWithTls(ns: string, props: StatefulDatabaseProps, row: Row): Promise<void> {
  createNamespace(ns);
  kubectl(['-n', ns, 'create', 'secret', 'generic', 'db-credentials', '--from-literal=password=it-is-a-secret']);
  const replicas = props.replicas ?? 1;
  const ca = tlsSecret(ns);
  applyObjects(databaseObjects(ns, 'db', props));
  await waitForReadyPods(ns, 'db', replicas, 300);
  row.secondsToReady = secondsToAllReady(podsOf(ns, 'db'));
  copyCa(ns, replicas, ca, '/tmp/ca.crt');
}

/** The lines of db-0's reload sidecar saying the server reloaded its certificate. */
function reloads(ns: string): number {
  return kubectl(['-n', ns, 'logs', 'db-0', '-c', 'tls-reload']).stdout.match(/^tls-reload: the server reloaded its certificate$/gm)?.length ?? 0;
}

/**
 * The Secret replaced by a certificate from a new CA, as a renewal (or a CA rotation) does; the new
 * CA in the database container as /tmp/ca2.crt. First waits for the sidecar's first load (30 s
 * after the pod starts), so that the renewal is a change after it. Returns when the API server
 * has the new Secret.
 */
async function renewCertificate(ns: string, replicas = 1): Promise<void> {
  try {
    await eventually("the reload sidecar's first load", () => reloads(ns) >= 1, 120);
  } catch (e) {
    throw new Error(`${(e as Error).message}; its log:\n${kubectl(['-n', ns, 'logs', 'db-0', '-c', 'tls-reload', '--tail', '40']).stdout}`);
  }
  copyCa(ns, replicas, tlsSecret(ns), '/tmp/ca2.crt');
}

/** Waits until `connects` succeeds with the renewed certificate, and checks the pod was not restarted for it. */
async function expectServedWithoutRestart(ns: string, connects: () => unknown, row: Row): Promise<void> {
  const pod = get('pod', 'db-0', ns);
  const started = Date.now();
  await eventually('the renewed certificate served', () => {
    try {
      connects();
      return true;
    } catch {
      return false;
    }
  }, 300);
  const now = get('pod', 'db-0', ns);
  expect(now.metadata.uid).toBe(pod.metadata.uid);
  expect(now.status.containerStatuses.find((c: any) => c.name === 'database').restartCount).toBe(0);
  // The sidecar did it: once after the pod started, once for the renewal.
  expect(reloads(ns)).toBeGreaterThanOrEqual(2);
  row.checks.push(`renewed certificate served without a restart (${Math.round((Date.now() - started) / 1000)} s)`);
}

/** The message of the error `run` throws; fails when it throws none. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the connection was not refused');
}

describeWithPods('PostgreSQL with tls.required on a real kubelet', () => {
  const ns = 'tls';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'postgresql (tls.required)', replicas: 1, checks: [] };
  rows.push(row);
  const host = `db.${ns}.svc.cluster.local`;
  const props: StatefulDatabaseProps = {
    engine: DatabaseEngine.postgres({ version: '15' }),
    image: image('postgres'),
    imagePullPolicy: ImagePullPolicy.NEVER,
    storage: { size: '1Gi' },
    metrics: { exporterImage: image('postgres-exporter') },
    tls: { secretName: 'db-tls', required: true },
  };
  /** psql in the database container, through the client Service (not loopback), with these connection settings. */
  const psql = (settings: string, sql: string, password = '"$(cat "$POSTGRES_PASSWORD_FILE")"') =>
    exec(ns, 'db-0', `PGPASSWORD=${password} psql "host=${host} user=postgres dbname=postgres connect_timeout=10 ${settings}" -Atc "${sql}"`).trim();
  const verified = 'sslmode=verify-full sslrootcert=/tmp/ca.crt';

  beforeAll(() => deployWithTls(ns, props, row));

  test('a client that verifies the server gets TLS through the client Service', () => {
    expect(psql(verified, 'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).toMatch(/^t\|TLSv1\.[23]$/);
    psql(verified, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)');
    row.checks.push('verify-full via the Service: TLS in use');
  });

  test('a client without TLS is refused, so is a wrong password over TLS', () => {
    expect(refusal(() => psql('sslmode=disable', 'SELECT 1'))).toMatch(/no pg_hba\.conf entry for host .*no encryption/);
    expect(refusal(() => psql(verified, 'SELECT 1', 'wrong'))).toMatch(/password authentication failed for user "postgres"/);
    row.checks.push('no TLS refused (pg_hba)', 'wrong password refused');
  });

  test('the verification is real: a name the certificate does not hold is refused by the client', () => {
    const podIp = get('pod', 'db-0', ns).status.podIP;
    expect(refusal(() => exec(ns, 'db-0', `PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" psql "host=${podIp} user=postgres dbname=postgres ${verified}" -Atc "SELECT 1"`))).toMatch(
      /server certificate for "db\.tls\.svc\.cluster\.local"( \(and \d+ other names?\))? does not match host name "[\d.]+"/,
    );
    row.checks.push('wrong host name refused by verify-full');
  });

  test('the exporter, inside the pod, is connected', () => {
    expect(scrape(ns, 'db-0', 9187)).toMatch(/^pg_up 1$/m);
    row.checks.push('exporter: pg_up 1');
  });

  test('the certificate renewed: the sidecar has the server reload it, no restart', async () => {
    await renewCertificate(ns);
    await expectServedWithoutRestart(ns, () => psql('sslmode=verify-full sslrootcert=/tmp/ca2.crt', 'SELECT 1'), row);
    // The old CA no longer verifies the server.
    expect(refusal(() => psql(verified, 'SELECT 1'))).toMatch(/certificate verify failed/);
  });

  test('tls removed: a rolling update, plain clients served again, the data kept', async () => {
    const before = get('pod', 'db-0', ns).metadata.uid;
    const { tls: _, ...withoutTls } = props;
    applyObjects(databaseObjects(ns, 'db', withoutTls));
    await eventually('a new Ready db-0', () => get('pod', 'db-0', ns).metadata.uid !== before && readySince(get('pod', 'db-0', ns)) !== undefined, 300);
    expect(psql('sslmode=disable', 'SELECT id FROM kept')).toBe('42');
    expect(psql('sslmode=disable', 'SELECT count(*) FROM pg_stat_ssl WHERE ssl')).toBe('0');
    row.checks.push('tls removed: rolled, plain login, data kept');
  });
});

describeWithPods('MariaDB with tls on a real kubelet', () => {
  const ns = 'tls-mariadb';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'mariadb (tls)', replicas: 1, checks: [] };
  rows.push(row);
  const props: StatefulDatabaseProps = {
    engine: DatabaseEngine.mariadb({ version: '10.11' }),
    image: image('mariadb'),
    imagePullPolicy: ImagePullPolicy.NEVER,
    storage: { size: '1Gi' },
    tls: { secretName: 'db-tls' },
  };
  /** The mariadb client in the database container, to `host`, with these options. */
  const mariadb = (host: string, options: string, sql: string) =>
    exec(ns, 'db-0', `MYSQL_PWD="$(cat "$MARIADB_ROOT_PASSWORD_FILE")" mariadb -h ${host} -u root -N --connect-timeout=10 ${options} -e "${sql}"`).trim();
  const verified = '--ssl --ssl-ca=/tmp/ca.crt --ssl-verify-server-cert';

  beforeAll(() => deployWithTls(ns, props, row));

  test('a client that verifies the server gets TLS through the client Service', () => {
    expect(mariadb(`db.${ns}.svc.cluster.local`, verified, "SHOW SESSION STATUS LIKE 'Ssl_version'")).toMatch(/^Ssl_version\tTLSv1\.[23]$/);
    row.checks.push('verified TLS via the Service');
  });

  test('the verification is real: a name the certificate does not hold is refused by the client', () => {
    const podIp = get('pod', 'db-0', ns).status.podIP;
    // The client's own error (2026, a TLS failure), not a refused connection.
    const message = refusal(() => mariadb(podIp, verified, 'SELECT 1'));
    expect(message).toMatch(/ERROR 2026 \(HY000\): TLS\/SSL error: .*(certificate|host)/i);
    row.checks.push(`wrong host name refused by the client (${/ERROR 2026[^\n]*/.exec(message)![0]})`);
  });

  test('the certificate renewed: the sidecar has the server reload it (FLUSH SSL), no restart', async () => {
    await renewCertificate(ns);
    await expectServedWithoutRestart(ns, () => mariadb(`db.${ns}.svc.cluster.local`, '--ssl --ssl-ca=/tmp/ca2.crt --ssl-verify-server-cert', 'SELECT 1'), row);
  });

  test('without required, a client without TLS is still served', () => {
    expect(mariadb(`db.${ns}.svc.cluster.local`, '--skip-ssl', "SHOW SESSION STATUS LIKE 'Ssl_version'")).toMatch(/^Ssl_version\s*$/);
    row.checks.push('plain client served (required off)');
  });

  describe('required added, with metrics and backup (a second apply)', () => {
    const host = `db.${ns}.svc.cluster.local`;
    const required: StatefulDatabaseProps = { ...props, tls: { secretName: 'db-tls', required: true }, metrics: { exporterImage: image('mysqld-exporter') }, backup: {} };

    beforeAll(async () => {
      mariadb(host, '--skip-ssl', 'CREATE DATABASE shop; CREATE TABLE shop.kept (id int); INSERT INTO shop.kept VALUES (42)');
      const before = get('pod', 'db-0', ns).metadata.uid;
      applyObjects(databaseObjects(ns, 'db', required));
      await eventually('a new Ready db-0', () => get('pod', 'db-0', ns).metadata.uid !== before && readySince(get('pod', 'db-0', ns)) !== undefined, 300);
      // The new pod's /tmp is new: the CA again, today's (the renewed one).
      copyCa(ns, 1, currentCa(ns), '/tmp/ca.crt');
    }, 360_000);

    test('a client without TLS is refused by the server; a verifying client with the same password is served, the data kept', () => {
      // MariaDB 10.11 answers "Access denied" (MySQL: "Connections using insecure transport are prohibited").
      expect(refusal(() => mariadb(host, '--skip-ssl', 'SELECT 1'))).toMatch(/ERROR 1045 \(28000\): Access denied for user 'root'@'[\d.]+' \(using password: YES\)/);
      expect(mariadb(host, verified, 'SELECT id FROM shop.kept')).toBe('42');
      row.checks.push('required: plain TCP refused by the server, verified TLS served, data kept');
    });

    test("inside the pod: the probes' ping still answers, the reload sidecar logs in with TLS, the exporter through the socket", async () => {
      expect(exec(ns, 'db-0', 'mariadb-admin ping --host=127.0.0.1 --port=3306 >/dev/null 2>&1; echo $?').trim()).toBe('0');
      const pod = get('pod', 'db-0', ns);
      expect(pod.status.containerStatuses.find((c: any) => c.name === 'database').restartCount).toBe(0);
      // Its first check is 30 s after the pod started.
      const reloadLog = () => kubectl(['-n', ns, 'logs', 'db-0', '-c', 'tls-reload']).stdout;
      await eventually('the reload sidecar reports a check', () => reloadLog() !== '', 120);
      expect(reloadLog()).toMatch(/^tls-reload: the server reloaded its certificate$/m);
      expect(reloadLog()).not.toMatch(/failed/);
      expect(scrape(ns, 'db-0', 9104)).toMatch(/^mysql_up 1$/m);
      row.checks.push('required: Ready (TCP ping), reload over TLS, exporter via the socket: mysql_up 1');
    });

    test('the backup job dumps over TLS; the data lost, the restore job brings it back over TLS', async () => {
      const log = await runJob(ns, 'backup-1', 'db-backup');
      const written = /backup: wrote \/backups\/(db-\d{8}T\d{6}Z\.sql\.gz) \(\d+ bytes\)/.exec(log)![1];
      mariadb(host, verified, 'DROP DATABASE shop');
      expect(await runJob(ns, 'restore-1', 'db-restore')).toContain(`restore: restored ${written}`);
      expect(mariadb(host, verified, 'SELECT id FROM shop.kept')).toBe('42');
      row.checks.push('required: backup and restore jobs over TLS');
    });
  });
});

describeWithPods('Redis with tls on a real kubelet', () => {
  const ns = 'tls-redis';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'redis (tls)', replicas: 2, checks: [] };
  rows.push(row);
  const props: StatefulDatabaseProps = {
    engine: DatabaseEngine.redis(),
    image: image('redis'),
    imagePullPolicy: ImagePullPolicy.NEVER,
    replicas: 2,
    storage: { size: '1Gi' },
    metrics: { exporterImage: image('redis-exporter') },
    tls: { secretName: 'db-tls' },
  };
  /** redis-cli in pod `pod`'s database container, to `host`, with these options; the password from the mounted file. */
  const cli = (pod: string, host: string, options: string, command: string) =>
    exec(ns, pod, `REDISCLI_AUTH="$(cat "$KP_PASSWORD_FILE")" redis-cli -h ${host} ${options} ${command}`).trim();
  const verified = '--tls --cacert /tmp/ca.crt';
  const primary = `db-primary.${ns}.svc.cluster.local`;

  beforeAll(() => deployWithTls(ns, props, row));

  test('a verifying client writes through the primary Service, and the replica has it: replication over TLS', async () => {
    expect(cli('db-1', primary, verified, 'SET greeting hello')).toBe('OK');
    await eventually('the replica has the key', () => cli('db-0', `db-1.db-headless.${ns}.svc.cluster.local`, verified, 'GET greeting') === 'hello', 60);
    expect(cli('db-0', '127.0.0.1', '--tls --insecure', 'INFO replication')).toMatch(/^connected_slaves:1\r?$/m);
    row.checks.push('verified TLS via the primary Service', 'replication over TLS');
  });

  test('a client without TLS gets no answer', () => {
    let answer: string;
    try {
      answer = cli('db-1', primary, '', 'PING');
    } catch (e) {
      answer = (e as Error).message;
    }
    expect(answer).not.toMatch(/^PONG$/m);
    row.checks.push('plain client refused');
  });

  test('the exporter is connected over TLS', () => {
    expect(scrape(ns, 'db-0', 9121)).toMatch(/^redis_up 1$/m);
    row.checks.push('exporter: redis_up 1');
  });

  test('the certificate renewed: the sidecar has the server reload it (CONFIG SET), no restart', async () => {
    await renewCertificate(ns, 2);
    await expectServedWithoutRestart(ns, () => {
      if (cli('db-1', primary, '--tls --cacert /tmp/ca2.crt', 'PING') !== 'PONG') throw new Error('no PONG');
    }, row);
    expect(refusal(() => cli('db-1', primary, verified, 'PING'))).toMatch(/certificate verify failed/);
  });
});

describeWithPods('Cassandra with tls.required on a real kubelet (authentication on)', () => {
  const ns = 'tls-cassandra';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'cassandra (tls)', replicas: 1, checks: [] };
  rows.push(row);
  const props: StatefulDatabaseProps = {
    engine: DatabaseEngine.cassandra(),
    image: image('cassandra'),
    imagePullPolicy: ImagePullPolicy.NEVER,
    storage: { size: '1Gi' },
    env: { MAX_HEAP_SIZE: EnvValue.fromValue('512M'), HEAP_NEWSIZE: EnvValue.fromValue('128M') },
    resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
    tls: { secretName: 'db-tls', required: true },
  };
  const service = `db.${ns}.svc.cluster.local`;
  /**
   * cqlsh in db-0 to the client Service, logged in as the Secret's user, with TLS or without.
   * cqlsh 6.2 does not verify the server even when asked (it asks for PROTOCOL_TLS, whose
   * context does not verify, and cassandra-driver 3.30 sets the certificate requirement on the
   * context's options, not its verify_mode), so the server's certificate is verified by `handshake`.
   */
  const cql = (tls: boolean, statement: string) =>
    exec(
      ns,
      'db-0',
      `umask 077 && printf '[plain_text_auth]\nusername = db-admin\npassword = cassandra-secret\n' > /tmp/test-credentials && ` +
        `${tls ? 'SSL_VALIDATE=false cqlsh --ssl' : 'cqlsh'} --credentials /tmp/test-credentials ${service} 9042 -e "${statement}"`,
    );
  /** A TLS handshake from db-0 to `host`:9042 that verifies the certificate against `ca` and the host name (Python's ssl); prints the TLS version. */
  const handshake = (ca: string, host = service) =>
    exec(
      ns,
      'db-0',
      `python3 -c "import socket, ssl; host = '${host}'; context = ssl.create_default_context(cafile='${ca}'); print(context.wrap_socket(socket.create_connection((host, 9042), timeout=10), server_hostname=host).version())"`,
    ).trim();

  beforeAll(async () => {
    createNamespace(ns);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'db-credentials', '--from-literal=username=db-admin', '--from-literal=password=cassandra-secret']);
    const ca = tlsSecret(ns);
    applyObjects(databaseObjects(ns, 'db', props));
    await waitForReadyPods(ns, 'db', 1, 600);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'db'));
    copyCa(ns, 1, ca, '/tmp/ca.crt');
  });

  test('Ready once its user logs in over TLS; the certificate verifies by the Service name (not by the pod IP); a client logs in over TLS; a plain client is refused', () => {
    expect(kubectl(['-n', ns, 'logs', 'db-0', '-c', 'database']).stdout).toContain("cassandra-auth: clients can log in as 'db-admin'");
    expect(handshake('/tmp/ca.crt')).toMatch(/^TLSv1\.[23]$/);
    expect(refusal(() => handshake('/tmp/ca.crt', get('pod', 'db-0', ns).status.podIP))).toMatch(/certificate verify failed: IP address mismatch|doesn't match/);
    expect(cql(true, 'SELECT release_version FROM system.local;')).toMatch(/^\s*5\.0\.\d+\s*$/m);
    expect(refusal(() => cql(false, 'SELECT release_version FROM system.local;'))).toMatch(/Connection error: .*(ConnectionResetError|Connection reset)/);
    row.checks.push('certificate verified by the Service name, not by the pod IP', 'login over TLS', 'plain client refused (required)');
  });

  test('a fresh ring with authentication: the Secret\'s user is the superuser, Cassandra\'s default superuser is gone, system_auth uses NetworkTopologyStrategy', () => {
    const log = kubectl(['-n', ns, 'logs', 'db-0', '-c', 'database']).stdout;
    expect(log).toContain("cassandra-auth: created the user 'db-admin' (superuser) from the credentials Secret");
    expect(log).toContain("cassandra-auth: dropped the default superuser 'cassandra'");
    const roles = cql(true, 'LIST ROLES;');
    expect(roles).toMatch(/db-admin\s*\|\s*True\s*\|\s*True/);
    expect(roles).not.toMatch(/^\s*cassandra\s*\|/m);
    expect(cql(true, "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'system_auth';")).toMatch(/NetworkTopologyStrategy.*'dc1': '1'/);
    row.checks.push('fresh ring: Secret\'s user created, default superuser dropped, system_auth NTS');
  });

  test('the certificate renewed: the sidecar rewrites the keystore and runs nodetool reloadssl, no restart', async () => {
    await renewCertificate(ns);
    await expectServedWithoutRestart(ns, () => handshake('/tmp/ca2.crt'), row);
    expect(refusal(() => handshake('/tmp/ca.crt'))).toMatch(/certificate verify failed/);
    expect(cql(true, 'SELECT release_version FROM system.local;')).toMatch(/^\s*5\.0\.\d+\s*$/m);
  });
});

describeWithPods('Kafka with tls on a real kubelet (3 nodes, SASL on)', () => {
  const ns = 'tls-kafka';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'kafka (tls)', replicas: 3, checks: [] };
  rows.push(row);
  const props = (tls: boolean): StatefulDatabaseProps => ({
    engine: DatabaseEngine.kafka(),
    image: image('kafka'),
    imagePullPolicy: ImagePullPolicy.NEVER,
    replicas: 3,
    storage: { size: '1Gi' },
    ...(tls ? { tls: { secretName: 'db-tls' } } : {}),
  });
  const pods = ['db-0', 'db-1', 'db-2'];
  const server = (pod: string) => `${pod}.db-headless.${ns}.svc.cluster.local:9092`;
  /**
   * A Kafka tool in `pod`'s database container against `bootstrap`, logged in with the pod's JAAS
   * file (KAFKA_OPTS) and the client settings `config`; its exit status and output, with short timeouts.
   */
  const tool = (pod: string, command: string, config: string) => {
    exec(ns, pod, `printf '${config}default.api.timeout.ms=30000\\nrequest.timeout.ms=10000\\n' >/tmp/test.properties`);
    return kubectl(['exec', '-n', ns, pod, '-c', 'database', '--', 'sh', '-c', `/opt/kafka/bin/${command} --command-config /tmp/test.properties 2>&1`], { allowFailure: true });
  };
  /** A client that verifies the broker's certificate and host name against `ca`. */
  const verifying = (ca: string) => `security.protocol=SASL_SSL\\nsasl.mechanism=PLAIN\\nssl.truststore.type=PEM\\nssl.truststore.location=${ca}\\n`;
  /** Each partition's in-sync replicas of the topic `orders`, read through `pod` by a verifying client. */
  const isr = (pod: string, ca = '/tmp/ca.crt') =>
    tool(pod, `kafka-topics.sh --bootstrap-server ${server(pod)} --describe --topic orders`, verifying(ca))
      .stdout.split('\n')
      .map((line) => /Isr: ([\d,]+)/.exec(line)?.[1])
      .filter((list): list is string => list !== undefined)
      .map((list) => list.split(',').sort().join(','));
  /** The first message of `orders`, read through `pod` by a verifying client. */
  const read = (pod: string, ca = '/tmp/ca.crt') => {
    exec(ns, pod, `printf '${verifying(ca)}' >/tmp/consumer.properties`);
    return exec(ns, pod, `/opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server ${server(pod)} --consumer.config /tmp/consumer.properties --topic orders --from-beginning --max-messages 1 --timeout-ms 60000`);
  };

  beforeAll(async () => {
    createNamespace(ns);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'db-credentials', '--from-literal=username=events', '--from-literal=password=it-is-a-secret']);
    applyObjects(databaseObjects(ns, 'db', props(false)));
    await waitForReadyPods(ns, 'db', 3, 420);
    // A topic with a message, over the SASL_PLAINTEXT listener, before tls.
    exec(ns, 'db-0', `/opt/kafka/bin/kafka-topics.sh --bootstrap-server ${server('db-0')} --command-config /tmp/client.properties --create --topic orders --partitions 3 --replication-factor 3`);
    exec(ns, 'db-0', `echo order-42 | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server ${server('db-0')} --producer.config /tmp/client.properties --topic orders --producer-property acks=all`);
  }, 600_000);

  test('kube-patterns apply adds tls as a migration: every node restarted at once, Ready on the TLS listener', async () => {
    const ca = tlsSecret(ns);
    const objects = databaseObjects(ns, 'db', props(true));
    expect(plan(objects).status).toBe(3);
    const old = Object.fromEntries(podsOf(ns, 'db').map((p) => [p.metadata.name, p.metadata.uid]));
    const started = Date.now();
    const result = cli('apply', objects, ['--field-manager', 'kube-patterns-it']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`deleted the pods of StatefulSet ${ns}/db at once (db-0, db-1, db-2)`);
    expect(podsOf(ns, 'db').every((p) => p.metadata.uid !== old[p.metadata.name] && readySince(p) !== undefined)).toBe(true);
    row.secondsToReady = Math.round((Date.now() - started) / 1000);
    copyCa(ns, 3, ca, '/tmp/ca.crt');
    const properties = exec(ns, 'db-0', 'cat /opt/kafka/config/server.properties').split('\n');
    for (const line of ['listeners=SASL_TLS://:9092,CONTROLLER://:9093', 'listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_TLS:SASL_SSL', 'inter.broker.listener.name=SASL_TLS', 'listener.name.sasl_tls.ssl.keystore.type=PEM']) {
      expect(properties).toContain(line);
    }
    // Not "SSL://", which the image's configure script (and the stand-in) would refuse without keystore password files.
    expect(properties).toContain(`advertised.listeners=SASL_TLS://${server('db-0')}`);
    row.checks.push(`kube-patterns apply (tls on): all three restarted at once, Ready in ${row.secondsToReady} s`);
  }, 600_000);

  test('a client that verifies every broker reads the message written before tls, through another node; the brokers replicate over TLS', async () => {
    expect(read('db-2').split('\n')).toContain('order-42');
    await eventually('every partition in sync on all three', () => isr('db-1').every((list) => list === '0,1,2') && isr('db-1').length === 3, 120);
    row.checks.push('verified SASL_SSL client: message kept, read via node 2', 'ISR 0,1,2 over the TLS listener');
  });

  test('refused: a SASL_PLAINTEXT client, and a verifying client that reaches a broker by a name the certificate does not hold', () => {
    const plain = tool('db-0', `kafka-topics.sh --bootstrap-server ${server('db-1')} --list`, 'security.protocol=SASL_PLAINTEXT\\nsasl.mechanism=PLAIN\\n');
    expect(plain.status).not.toBe(0);
    expect(plain.stdout).not.toMatch(/^orders$/m);
    const podIp = get('pod', 'db-1', ns).status.podIP;
    const wrongName = tool('db-0', `kafka-topics.sh --bootstrap-server ${podIp}:9092 --list`, verifying('/tmp/ca.crt'));
    expect(wrongName.status).not.toBe(0);
    expect(wrongName.stdout).toMatch(/SSL handshake failed/);
    expect(wrongName.stdout).toMatch(/No subject alternative names matching IP address/);
    row.checks.push('SASL_PLAINTEXT client refused', 'wrong host name refused by the client');
  });

  /** What the reload sidecars and the brokers said about the stores, for a failure's message. */
  const storeLogs = () =>
    pods
      .map((pod) => {
        const sidecar = kubectl(['-n', ns, 'logs', pod, '-c', 'tls-reload', '--tail', '15'], { allowFailure: true }).stdout;
        const broker = kubectl(['-n', ns, 'logs', pod, '-c', 'database'], { allowFailure: true }).stdout.split('\n').filter((line) => /reconfigur|keystore|truststore|SslFactory|Validation/i.test(line)).slice(-10).join('\n');
        return `--- ${pod} tls-reload:\n${sidecar}\n--- ${pod} broker:\n${broker}`;
      })
      .join('\n');

  test('the certificate renewed from a new CA: the sidecars have the brokers reload it, no restart, replication intact', async () => {
    await renewCertificate(ns, 3);
    let last = '';
    try {
      await expectServedWithoutRestart(ns, () => {
        try {
          if (!read('db-0', '/tmp/ca2.crt').split('\n').includes('order-42')) throw new Error('not read');
        } catch (e) {
          last = (e as Error).message.slice(-600);
          throw e;
        }
      }, row);
    } catch (e) {
      throw new Error(`${(e as Error).message}; the last read: ${last}\n${storeLogs()}`);
    }
    // Every broker reloads within its sidecar's interval, and trusts the new CA for replication.
    await eventually('every partition in sync on all three with the new certificates', () => isr('db-2', '/tmp/ca2.crt').every((list) => list === '0,1,2') || undefined, 180);
    for (const pod of pods) expect(get('pod', pod, ns).status.containerStatuses.find((c: any) => c.name === 'database').restartCount).toBe(0);
    row.checks.push('ISR 0,1,2 after the renewal, no restart');
  }, 600_000);
});

/** cert-manager's controller (test/pods/cert-manager.sh, built by the global setup), or why the tests below are skipped. */
const CERT_MANAGER = process.env.KUBE_PATTERNS_CERT_MANAGER;
const describeWithCertManager = (name: string, body: () => void): void =>
  describeUnless(SKIP_REASON ?? (CERT_MANAGER ? undefined : (process.env.KUBE_PATTERNS_CERT_MANAGER_SKIP ?? 'cert-manager not built')), name, body);

describeWithCertManager('PostgreSQL with tls.issuerRef: the Certificate issued by a real cert-manager (CA issuer)', () => {
  const ns = 'tls-cert-manager';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'postgresql (tls.issuerRef, cert-manager)', replicas: 1, checks: [] };
  rows.push(row);
  const props: StatefulDatabaseProps = {
    engine: DatabaseEngine.postgres({ version: '15' }),
    image: image('postgres'),
    imagePullPolicy: ImagePullPolicy.NEVER,
    storage: { size: '1Gi' },
    tls: { issuerRef: { name: 'ca' }, required: true },
  };
  let controller: ChildProcess | undefined;
  let ca = '';
  const host = `db.${ns}.svc.cluster.local`;
  const psql = (sql: string) =>
    exec(ns, 'db-0', `PGPASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")" psql "host=${host} user=postgres dbname=postgres connect_timeout=10 sslmode=verify-full sslrootcert=/tmp/ca.crt" -Atc "${sql}"`).trim();
  /** The serial number of the certificate the server presents, as openssl reads it over PostgreSQL's STARTTLS. */
  const servedSerial = () => exec(ns, 'db-0', 'echo | openssl s_client -starttls postgres -connect 127.0.0.1:5432 2>/dev/null | openssl x509 -noout -serial').trim();
  const secretCertificate = () => Buffer.from(kubectl(['-n', ns, 'get', 'secret', 'db-tls', '-o', 'jsonpath={.data.tls\\.crt}']).stdout, 'base64').toString('utf8');

  beforeAll(async () => {
    kubectl(['apply', '--server-side', '-f', join(CERT_MANAGER!, 'crds')]);
    kubectl(['wait', '--for=condition=Established', '-f', join(CERT_MANAGER!, 'crds'), '--timeout=60s']);
    const log = openSync(join(process.env.KUBE_PATTERNS_PODS_WORK!, 'cert-manager.log'), 'a');
    controller = spawn(join(CERT_MANAGER!, 'cert-manager-controller'), ['--kubeconfig', process.env.KUBECONFIG!, '--leader-elect=false', `--namespace=${ns}`], { stdio: ['ignore', log, log] });
    createNamespace(ns);
    // The CA issuer's signing key pair, as cert-manager's CA issuer reads it from a Secret.
    const dir = mkdtempSync(join(tmpdir(), 'kube-patterns-ca-'));
    openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kube-patterns test issuer']);
    kubectl(['-n', ns, 'create', 'secret', 'tls', 'ca-key-pair', `--cert=${join(dir, 'ca.crt')}`, `--key=${join(dir, 'ca.key')}`]);
    ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
    applyObjects([{ apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'ca', namespace: ns }, spec: { ca: { secretName: 'ca-key-pair' } } }]);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'db-credentials', '--from-literal=password=it-is-a-secret']);
    // The construct's objects, the Certificate among them: the pod waits for the Secret it writes.
    applyObjects(databaseObjects(ns, 'db', props));
    await waitForReadyPods(ns, 'db', 1, 300);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'db'));
    copyCa(ns, 1, ca, '/tmp/ca.crt');
  }, 420_000);
  afterAll(() => controller?.kill());

  test('cert-manager issued the Secret the pod mounts: Ready, a PKCS#8 key, the issuing CA as ca.crt', () => {
    const certificate = get('certificate', 'db-tls', ns);
    expect(certificate.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'True' });
    const secret = get('secret', 'db-tls', ns);
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(secret.data['tls.key'], 'base64').toString('utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(Buffer.from(secret.data['ca.crt'], 'base64').toString('utf8')).toBe(ca);
    row.checks.push('Certificate Ready, Secret issued (PKCS#8 key, ca.crt)');
  });

  test('a client that verifies the server by the client Service name gets TLS with the issued certificate', () => {
    expect(psql('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).toBe('t');
    const served = servedSerial();
    expect(served).toMatch(/^serial=[0-9A-F]+$/);
    row.checks.push('verify-full via the Service with the issuer CA');
  });

  test('renewal asked as `cmctl renew` does: a new certificate and key issued, served without a restart', async () => {
    const before = { serial: servedSerial(), certificate: secretCertificate(), pod: get('pod', 'db-0', ns).metadata.uid };
    const conditions = get('certificate', 'db-tls', ns).status.conditions.filter((c: any) => c.type !== 'Issuing');
    const issuing = { type: 'Issuing', status: 'True', reason: 'ManuallyTriggered', message: 'renewal asked by the test', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    kubectl(['-n', ns, 'patch', 'certificate', 'db-tls', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { conditions: [...conditions, issuing] } })]);
    const started = Date.now();
    await eventually('the Secret re-issued', () => secretCertificate() !== before.certificate, 120);
    await eventually('the new certificate served', () => servedSerial() !== before.serial, 300);
    expect(get('pod', 'db-0', ns).metadata.uid).toBe(before.pod);
    expect(psql('SELECT 1')).toBe('1');
    row.checks.push(`renewed by cert-manager, served without a restart (${Math.round((Date.now() - started) / 1000)} s)`);
  }, 480_000);
});
