/**
 * `kube-patterns plan` against the real API server: the live objects are read with
 * @kubernetes/client-node, and each change of the manifests gets its verdict and exit code.
 */
import { DatabaseEngine, PostgresMajorUpgrade, StatefulDatabaseProps } from '../../lib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, manifestsDir, plan, runCli } from './cli';
import { applyObjects, createExpandableVolumes, createNamespace, databaseObjects, eventually, get, kubectl } from './kube';

const ns = 'plan';
const base: StatefulDatabaseProps = { image: 'registry.example.com/db:1', port: 5432, replicas: 2, storage: { size: '1Gi', mountPath: '/data', storageClassName: 'expandable' } };
const objectsOf = (props: StatefulDatabaseProps, id = 'db') => databaseObjects(ns, id, props);
const stsPlan = (result: ReturnType<typeof plan>, name = 'db') => result.json.objects.find((o: any) => o.kind === 'StatefulSet' && o.name === name);

beforeAll(async () => {
  createNamespace(ns);
  createExpandableVolumes('plan', 16);
  applyObjects([...objectsOf(base), ...objectsOf({ engine: DatabaseEngine.postgres({ version: '17' }), storage: { size: '1Gi', storageClassName: 'expandable' } }, 'pg')]);
  await eventually('the claims bound', () => ['data-db-0', 'data-db-1', 'data-pg-0'].every((c) => get('pvc', c, ns).status.phase === 'Bound'), 120);
});

test('the manifests just applied: unchanged, exit 0 (server defaults and canonical forms do not count as changes)', () => {
  const result = plan([...objectsOf(base), ...objectsOf({ engine: DatabaseEngine.postgres({ version: '17' }), storage: { size: '1Gi', storageClassName: 'expandable' } }, 'pg')]);
  expect(result.stderr.replace(/\(node:\d+\) ExperimentalWarning.*\n.*\n?/g, '')).toBe('');
  expect(result.json.objects.filter((o: any) => o.verdict !== 'unchanged')).toEqual([]);
  expect(result.status).toBe(0);
});

test('an image change: safe to apply, exit 2', () => {
  const result = plan(objectsOf({ ...base, image: 'registry.example.com/db:2' }));
  expect(stsPlan(result).verdict).toBe('apply');
  expect(result.status).toBe(2);
});

test('storage growth on an expandable class: a migration with its steps, exit 3', () => {
  const result = plan(objectsOf({ ...base, storage: { ...base.storage, size: '2Gi' } }));
  const sts = stsPlan(result);
  expect(sts.verdict).toBe('migration');
  expect(sts.changes).toEqual([
    expect.objectContaining({ field: 'spec.volumeClaimTemplates[data].spec.resources.requests.storage', from: '1Gi', to: '2Gi', verdict: 'migration' }),
  ]);
  expect(sts.steps).toEqual([
    'check that the StorageClass expandable allows volume expansion',
    'grow every claim data-db-N in plan (those of scaled-down ordinals too) from 1Gi to 2Gi',
    'delete the StatefulSet plan/db with propagationPolicy Orphan (its pods and claims keep running)',
    'apply the new StatefulSet, which adopts the pods of the same names',
    'wait until every pod is adopted, Ready and on the current revision',
  ]);
  expect(result.status).toBe(3);
});

test.each<[string, StatefulDatabaseProps, string, RegExp]>([
  ['a shrink', { ...base, storage: { ...base.storage, size: '512Mi' } }, 'spec.volumeClaimTemplates[data].spec.resources.requests.storage', /a claim cannot shrink/],
  ['a claim rename', { ...base, storage: { ...base.storage, volumeName: 'pgdata' } }, 'spec.volumeClaimTemplates[pgdata]', /the claims would be renamed/],
  ['another storage class', { ...base, storage: { ...base.storage, storageClassName: 'local' } }, 'spec.volumeClaimTemplates[data].spec.storageClassName', /fixed at creation/],
])('%s: refused with the reason, exit 4', (_name, props, field, reason) => {
  const result = plan(objectsOf(props));
  const change = stsPlan(result).changes.find((c: any) => c.field === field);
  expect(change).toMatchObject({ verdict: 'refused' });
  expect(change.reason).toMatch(reason);
  expect(result.status).toBe(4);
});

test('a PostgreSQL major version: refused, naming the upgrade documentation, exit 4', () => {
  const result = plan(objectsOf({ engine: DatabaseEngine.postgres({ version: '18' }), storage: { size: '1Gi', storageClassName: 'expandable' } }, 'pg'));
  const change = stsPlan(result, 'pg').changes.find((c: any) => c.field.endsWith("annotations['kube-patterns.io/data-format']"));
  expect(change).toMatchObject({ from: 'postgresql-17', to: 'postgresql-18', verdict: 'refused' });
  expect(change.reason).toContain('https://www.postgresql.org/docs/current/upgrading.html');
  expect(change.reason).toContain('majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion })');
  expect(result.status).toBe(4);
});

test('a PostgreSQL major version with a declared pg_upgrade from the live format: a migration whose steps include the upgrade, exit 3', () => {
  const engine = DatabaseEngine.postgres({ version: '18', majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion: '17' }) });
  const result = plan(objectsOf({ engine, storage: { size: '1Gi', storageClassName: 'expandable' } }, 'pg'));
  const sts = stsPlan(result, 'pg');
  const change = sts.changes.find((c: any) => c.field.endsWith("annotations['kube-patterns.io/data-format']"));
  expect(change).toMatchObject({ from: 'postgresql-17', to: 'postgresql-18', verdict: 'migration' });
  expect(change.reason).toContain('pg_upgrade --copy from PostgreSQL 17 to 18');
  expect(sts.steps).toContain('each pod restarts on the new version; its init container upgrades the data (postgresql-17: pg_upgrade --copy from PostgreSQL 17 to 18)');
  expect(result.status).toBe(3);
});

test('a declared upgrade from another major than the live data: refused, saying which format the claims hold, exit 4', () => {
  const engine = DatabaseEngine.postgres({ version: '18', majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16' }) });
  const result = plan(objectsOf({ engine, storage: { size: '1Gi', storageClassName: 'expandable' } }, 'pg'));
  const change = stsPlan(result, 'pg').changes.find((c: any) => c.field.endsWith("annotations['kube-patterns.io/data-format']"));
  expect(change).toMatchObject({ verdict: 'refused' });
  expect(change.reason).toContain('the upgrade declared reads postgresql-16, not postgresql-17');
  expect(result.status).toBe(4);
});

test('a revision history limit: a migration (recreate around the running pods), exit 3', () => {
  const result = plan(objectsOf({ ...base, revisionHistoryLimit: 3 }));
  expect(stsPlan(result).changes).toEqual([expect.objectContaining({ field: 'spec.revisionHistoryLimit', from: 10, to: 3, verdict: 'migration' })]);
  expect(result.status).toBe(3);
});

test('a new instance: safe to apply; an unreachable cluster: exit 1 with a message', () => {
  expect(plan(objectsOf(base, 'other')).status).toBe(2);
  const dir = manifestsDir([objectsOf(base)[0]], 'a.yaml');
  writeFileSync(join(dir, 'config'), 'apiVersion: v1\nkind: Config\nclusters: [{name: x, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]\nusers: [{name: x, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: x, user: x}}]\ncurrent-context: x\n');
  const result = runCli(['plan', join(dir, 'a.yaml'), '--kubeconfig', join(dir, 'config')]);
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^kube-patterns: /m);
});

describe('kube-patterns apply', () => {
  const uids = (kind: string, selector: string) => Object.fromEntries((get(kind, undefined, ns, ['-l', selector]).items as any[]).map((o) => [o.metadata.name, o.metadata.uid]));
  const sizes = (selector: string) => Object.fromEntries((get('pvc', undefined, ns, ['-l', selector]).items as any[]).map((c) => [c.metadata.name, c.spec.resources.requests.storage]));

  test('storage growth: every claim grown (a scaled-down ordinal\'s too), the StatefulSet replaced, the same pods adopted, no claim deleted', async () => {
    const grow = (size: string, replicas: number) => objectsOf({ ...base, replicas, storage: { ...base.storage, size } }, 'grow');
    applyObjects(grow('1Gi', 3));
    await eventually('3 ready grow pods', () => (get('statefulset', 'grow', ns).status?.readyReplicas ?? 0) === 3 && ['data-grow-0', 'data-grow-1', 'data-grow-2'].every((c) => get('pvc', c, ns).status.phase === 'Bound'), 120);
    applyObjects(grow('1Gi', 2));
    await eventually('2 grow pods', () => Object.keys(uids('pod', 'app.kubernetes.io/instance=grow')).length === 2);
    const before = { pods: uids('pod', 'app.kubernetes.io/instance=grow'), claims: uids('pvc', 'app.kubernetes.io/instance=grow'), sts: get('statefulset', 'grow', ns).metadata.uid };

    const result = cli('apply', grow('2Gi', 2));
    expect(result.stderr.replace(/\(node:\d+\) ExperimentalWarning.*\n.*\n?/g, '')).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`grew claim ${ns}/data-grow-2 from 1Gi to 2Gi`);
    expect(result.stdout).toContain(`deleted StatefulSet ${ns}/grow with propagationPolicy Orphan`);
    expect(result.stdout).toContain(`StatefulSet ${ns}/grow adopted its pods and is rolled out`);

    expect(sizes('app.kubernetes.io/instance=grow')).toEqual({ 'data-grow-0': '2Gi', 'data-grow-1': '2Gi', 'data-grow-2': '2Gi' });
    expect(uids('pvc', 'app.kubernetes.io/instance=grow')).toEqual(before.claims);
    expect(uids('pod', 'app.kubernetes.io/instance=grow')).toEqual(before.pods);
    const sts = get('statefulset', 'grow', ns);
    expect(sts.metadata.uid).not.toBe(before.sts);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
    // And a second run has nothing left to do.
    expect(plan(grow('2Gi', 2)).status).toBe(0);
  });

  test('an interrupted migration (claims grown, StatefulSet deleted, nothing applied) is resumed by running apply again', async () => {
    const resume = (size: string) => objectsOf({ ...base, storage: { ...base.storage, size } }, 'resume');
    applyObjects(resume('1Gi'));
    await eventually('2 ready resume pods', () => (get('statefulset', 'resume', ns).status?.readyReplicas ?? 0) === 2, 120);
    const pods = uids('pod', 'app.kubernetes.io/instance=resume');
    // The steps a run did before it was stopped: one claim grown, the StatefulSet orphan-deleted.
    kubectl(['-n', ns, 'patch', 'pvc', 'data-resume-0', '--type=merge', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']);
    kubectl(['-n', ns, 'delete', 'statefulset', 'resume', '--cascade=orphan']);
    await eventually('the StatefulSet gone', () => kubectl(['-n', ns, 'get', 'statefulset', 'resume'], { allowFailure: true }).status !== 0);

    const result = cli('apply', resume('2Gi'));
    expect(result.status).toBe(0);
    expect(get('statefulset', 'resume', ns).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
    await eventually('the pods adopted', () => (get('statefulset', 'resume', ns).status?.readyReplicas ?? 0) === 2);
    expect(uids('pod', 'app.kubernetes.io/instance=resume')).toEqual(pods);
  });

  test('peer authentication turned on (ZooKeeper): a migration that applies, then restarts every pod at once', async () => {
    const zk = (authentication: boolean) => databaseObjects(ns, 'quorum', { engine: DatabaseEngine.zookeeper({ authentication }), replicas: 3, storage: { size: '1Gi', storageClassName: 'expandable' } });
    applyObjects(zk(false));
    await eventually('3 ready quorum pods', () => (get('statefulset', 'quorum', ns).status?.readyReplicas ?? 0) === 3, 120);
    const before = { pods: uids('pod', 'app.kubernetes.io/instance=quorum'), claims: uids('pvc', 'app.kubernetes.io/instance=quorum'), sts: get('statefulset', 'quorum', ns).metadata.uid };
    const planned = plan(zk(true));
    expect(planned.status).toBe(3);
    expect(stsPlan(planned, 'quorum').changes.map((c: any) => [c.field, c.from, c.to])).toEqual([["metadata.annotations['kube-patterns.io/peer-authentication']", 'none', 'sasl']]);

    const result = cli('apply', zk(true));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`deleted the pods of StatefulSet ${ns}/quorum at once (quorum-0, quorum-1, quorum-2)`);
    expect(result.stdout).not.toContain('propagationPolicy Orphan');
    const after = uids('pod', 'app.kubernetes.io/instance=quorum');
    expect(Object.keys(after).sort()).toEqual(['quorum-0', 'quorum-1', 'quorum-2']);
    for (const [pod, uid] of Object.entries(after)) expect(uid).not.toBe(before.pods[pod]);
    expect(get('statefulset', 'quorum', ns).metadata.uid).toBe(before.sts);
    expect(uids('pvc', 'app.kubernetes.io/instance=quorum')).toEqual(before.claims);
    expect(plan(zk(true)).status).toBe(0);
  });

  test('a refused change touches nothing: exit 4', () => {
    const before = { sts: get('statefulset', 'db', ns).metadata.uid, sizes: sizes('app.kubernetes.io/instance=db') };
    const result = cli('apply', objectsOf({ ...base, storage: { ...base.storage, size: '512Mi' } }));
    expect(result.status).toBe(4);
    expect(result.stdout).toContain('refused: nothing was changed');
    expect(get('statefulset', 'db', ns).metadata.uid).toBe(before.sts);
    expect(sizes('app.kubernetes.io/instance=db')).toEqual(before.sizes);
  });
});
