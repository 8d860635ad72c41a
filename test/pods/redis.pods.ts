/**
 * The Redis preset, for real: the manifests `cdk8s synth` produces (only `image` and
 * `imagePullPolicy` changed, through props) on a real kubelet, in a namespace that enforces the
 * restricted Pod Security profile.
 */
import { DatabaseEngine, ImagePullPolicy, StatefulDatabaseProps } from '../../lib';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, podsOf, readySince } from '../cluster/kube';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, scrape, secondsToAllReady, runJob, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

/** redis-cli in a pod, authenticated with the password the pod got from the Secret. */
const cli = (ns: string, pod: string, command: string, host = '127.0.0.1') => exec(ns, pod, `REDISCLI_AUTH="$(cat "$KP_PASSWORD_FILE")" redis-cli -h ${host} ${command}`).trim();
const info = (ns: string, pod: string) => Object.fromEntries(cli(ns, pod, 'INFO replication').split('\n').filter((l) => l.includes(':')).map((l) => l.split(':')));

function deploy(ns: string, replicas: number, extra: StatefulDatabaseProps = {}): void {
  createNamespace(ns);
  kubectl(['-n', ns, 'create', 'secret', 'generic', 'sessions-credentials', '--from-literal=password=redis-pods-secret']);
  applyObjects(databaseObjects(ns, 'sessions', { engine: DatabaseEngine.redis(), replicas, image: image('redis'), imagePullPolicy: ImagePullPolicy.NEVER, storage: { size: '1Gi' }, ...extra }));
}

describeWithPods('Redis preset, 3 replicas, on a real kubelet', () => {
  const ns = 'redis-3';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'redis', replicas: 3, checks: [] };
  rows.push(row);

  beforeAll(async () => {
    // With the preset's exporter (its stand-in image), as a sidecar of every pod, and backups.
    deploy(ns, 3, { metrics: { exporterImage: image('redis-exporter') }, backup: {} });
    await waitForReadyPods(ns, 'sessions', 3, 300);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'sessions'));
  });

  test('pods start in order: each is created only after the previous one is Ready', () => {
    const pods = podsOf(ns, 'sessions');
    for (let i = 1; i < 3; i++) {
      expect(Date.parse(pods[i].metadata.creationTimestamp)).toBeGreaterThanOrEqual(Date.parse(readySince(pods[i - 1])!));
    }
    // As the restricted profile demands, and on the claim: UID 999, read-only root, data on /data.
    expect(exec(ns, 'sessions-0', 'id -u; touch /probe-root 2>/dev/null && echo writable || echo read-only; ls /data').split('\n')).toEqual(
      expect.arrayContaining(['999', 'read-only', 'appendonlydir']),
    );
    row.checks.push('ordered start, UID 999, read-only root, data on the claim');
  });

  test('replication through the headless DNS name: pod 0 has 2 replicas; writes are refused on replicas', async () => {
    await eventually('2 connected replicas', () => info(ns, 'sessions-0').connected_slaves === '2', 60);
    expect(info(ns, 'sessions-0').role).toBe('master');
    for (const pod of ['sessions-1', 'sessions-2']) {
      const replica = info(ns, pod);
      expect(replica.role).toBe('slave');
      expect(replica.master_host).toBe(`sessions-0.sessions-headless.${ns}.svc.cluster.local`);
      expect(replica.master_link_status).toBe('up');
    }
    expect(cli(ns, 'sessions-0', 'SET greeting written-on-pod-0')).toBe('OK');
    await eventually('the key on both replicas', () => ['sessions-1', 'sessions-2'].every((p) => cli(ns, p, 'GET greeting') === 'written-on-pod-0'), 30);
    expect(cli(ns, 'sessions-1', 'SET greeting overwritten')).toMatch(/^READONLY /);
    row.checks.push('replication via pod DNS', 'writes refused on replicas');
  });

  test('the exporter of every pod is connected (redis_up 1, with its password file); pod 0 reports its 2 replicas', () => {
    for (const pod of ['sessions-0', 'sessions-1', 'sessions-2']) expect(scrape(ns, pod, 9121)).toMatch(/^redis_up 1$/m);
    expect(scrape(ns, 'sessions-0', 9121)).toMatch(/^redis_connected_slaves 2$/m);
    row.checks.push('exporter: redis_up 1 on every pod');
  });

  test('{name}-primary reaches pod 0 and {name}-read every pod, through cluster DNS and kube-proxy', async () => {
    expect(cli(ns, 'sessions-2', 'ROLE', `sessions-primary.${ns}.svc.cluster.local`).split('\n')[0]).toBe('master');
    const seen = new Set<string>();
    await eventually('every pod behind sessions-read', () => {
      seen.add(cli(ns, 'sessions-0', 'INFO server', `sessions-read.${ns}.svc.cluster.local`).match(/run_id:(\w+)/)![1]);
      return seen.size === 3;
    }, 60);
    row.checks.push('primary and read Services');
  });

  test('backup from the last replica, data lost on the primary, restore: the backup is back on every pod, and the primary takes writes again', async () => {
    expect(cli(ns, 'sessions-0', 'HSET cart:1 apples 3 pears 2')).toBe('2');
    await eventually('the cart on sessions-2, the backup source', () => cli(ns, 'sessions-2', 'HGET cart:1 apples') === '3', 30);
    const backupLog = await runJob(ns, 'backup-1', 'sessions-backup');
    const file = /backup: wrote \/backups\/(sessions-\d{8}T\d{6}Z\.rdb\.gz) \(\d+ bytes\)/.exec(backupLog)?.[1];
    expect({ file, backupLog }).toEqual({ file: expect.any(String), backupLog: expect.stringContaining('Transfer finished with success') });
    // The data lost: every key flushed on the primary (and so on the replicas), one written after.
    expect(cli(ns, 'sessions-0', 'FLUSHALL')).toBe('OK');
    expect(cli(ns, 'sessions-0', 'SET written-after-backup 1')).toBe('OK');
    await eventually('the flush on the replicas', () => cli(ns, 'sessions-1', 'EXISTS cart:1') === '0', 30);
    const restoreLog = await runJob(ns, 'restore-1', 'sessions-restore');
    expect(restoreLog).toContain(`restore: restored ${file}`);
    // Exactly the backup's dataset, on the primary and, through replication, on the replicas.
    for (const pod of ['sessions-0', 'sessions-1', 'sessions-2']) {
      await eventually(`the backup on ${pod}`, () => cli(ns, pod, 'HGET cart:1 pears') === '2' && cli(ns, pod, 'EXISTS written-after-backup') === '0', 60);
      expect(cli(ns, pod, 'GET greeting')).toBe('written-on-pod-0');
    }
    expect(info(ns, 'sessions-0').role).toBe('master');
    expect(cli(ns, 'sessions-0', 'SET written-after-restore 1')).toBe('OK');
    await eventually('2 replicas connected to the primary again', () => info(ns, 'sessions-0').connected_slaves === '2', 60);
    row.checks.push('backup from a replica; restore after FLUSHALL, on every pod');
  });

  test('pod 0 deleted: it returns with its data, and the replicas resynchronize within repl-timeout (20 s, not Redis\'s 60 s)', async () => {
    const before = get('pod', 'sessions-0', ns).metadata.uid;
    kubectl(['-n', ns, 'delete', 'pod', 'sessions-0', '--wait=false']);
    await eventually('a new sessions-0', () => get('pod', 'sessions-0', ns).metadata.uid !== before && readySince(get('pod', 'sessions-0', ns)) !== undefined, 180);
    const back = Date.now();
    expect(cli(ns, 'sessions-0', 'GET greeting')).toBe('written-on-pod-0');
    await eventually('2 replicas connected again', () => info(ns, 'sessions-0').connected_slaves === '2', 180);
    const seconds = (Date.now() - back) / 1000;
    process.stdout.write(`redis: replicas resynchronized ${seconds.toFixed(0)} s after pod 0 was Ready again\n`);
    // With Redis's default repl-timeout (60 s) this was 50 s: the replicas waited on pod 0's old address.
    expect(seconds).toBeLessThan(30);
    row.checks.push(`pod 0 back with its data; replicas resynced in ${seconds.toFixed(0)} s`);
  });
});

describeWithPods('Redis preset, 1 replica, on a real kubelet', () => {
  const ns = 'redis-1';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'redis', replicas: 1, checks: [] };
  rows.push(row);

  test('starts, keeps its data across a pod deletion', async () => {
    deploy(ns, 1);
    await waitForReadyPods(ns, 'sessions', 1, 300);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'sessions'));
    expect(cli(ns, 'sessions-0', 'SET kept yes')).toBe('OK');
    const before = get('pod', 'sessions-0', ns).metadata.uid;
    kubectl(['-n', ns, 'delete', 'pod', 'sessions-0']);
    await eventually('a new Ready sessions-0', () => get('pod', 'sessions-0', ns).metadata.uid !== before && readySince(get('pod', 'sessions-0', ns)) !== undefined, 180);
    expect(cli(ns, 'sessions-0', 'GET kept')).toBe('yes');
    row.checks.push('data kept across pod deletion');
  });
});

describeWithPods('Redis preset: a dataset that loads for longer than the liveness probe waits', () => {
  const ns = 'redis-load';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'redis (slow load)', replicas: 1, checks: [] };
  rows.push(row);
  const props = (cpu?: string) =>
    databaseObjects(ns, 'big', {
      engine: DatabaseEngine.redis(),
      image: image('redis'),
      imagePullPolicy: ImagePullPolicy.NEVER,
      storage: { size: '2Gi' },
      // Room for the dataset (about 750 MB in memory); the CPU limit, when given, slows its load.
      resources: { requests: { memory: '256Mi', ...(cpu ? { cpu } : {}) }, limits: { memory: '2Gi', ...(cpu ? { cpu } : {}) } },
    });

  test('is not killed while it loads (LOADING is alive, not ready), and serves every key afterwards', async () => {
    createNamespace(ns);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'big-credentials', '--from-literal=password=redis-pods-secret']);
    applyObjects(props());
    await waitForReadyPods(ns, 'big', 1, 300);
    // 8 million keys (about 400 MB of append-only file, 750 MB in memory), written in chunks a
    // script runs in a second or two: a script blocks the server, and with 1 million keys a chunk,
    // on a node busy with a compile, one chunk's exec ended in exit 137 (the container killed,
    // most likely by the liveness probe, which allows 60 s).
    const chunkSize = 250_000;
    for (let chunk = 0; chunk < 8_000_000 / chunkSize; chunk++) {
      const script = `for i=${chunk * chunkSize + 1},${(chunk + 1) * chunkSize} do redis.call('SET', 'key:' .. i, 'value-' .. i) end return 1`;
      expect(cli(ns, 'big-0', `EVAL "${script}" 0`)).toBe('1');
    }
    // The same manifests with a CPU limit of 100m (and room for the dataset): the pod rolls, and
    // reloading the dataset on so little CPU takes longer than the liveness probe's 6 failures x
    // 10 s, while the probes themselves still get CPU to answer.
    const before = get('pod', 'big-0', ns).metadata.uid;
    applyObjects(props('100m'));
    await eventually('the rolled pod', () => get('pod', 'big-0', ns).metadata.uid !== before, 120);
    await eventually('the rolled pod Ready', () => readySince(get('pod', 'big-0', ns)) !== undefined, 600);
    const pod = get('pod', 'big-0', ns);
    const started = Date.parse(pod.status.containerStatuses[0].state.running.startedAt);
    const loadSeconds = (Date.parse(readySince(pod)!) - started) / 1000;
    expect(pod.status.containerStatuses[0].restartCount).toBe(0);
    expect(loadSeconds).toBeGreaterThan(60);
    expect(cli(ns, 'big-0', 'DBSIZE')).toBe('8000000');
    const events = get('events', undefined, ns, ['--field-selector', 'involvedObject.name=big-0']).items.map((e: any) => e.message).join('\n');
    expect(events).toContain('Readiness probe failed: redis-ping: LOADING');
    process.stdout.write(`redis: 8M keys loaded in ${loadSeconds.toFixed(0)} s at 100m CPU with no restart\n`);
    row.checks.push(`a ${loadSeconds.toFixed(0)} s load at 100m CPU: not ready while LOADING, no restart, every key served`);
  });
});
