/**
 * The planner's rules, without a cluster: each change of a StatefulSet, claim or Deployment gets
 * the verdict the API server's rules imply (the cluster suite runs the same against the API server).
 */
import { buildStatefulDatabase, buildStatelessWeb, DatabaseEngine, MetricsProps, StatefulDatabaseProps } from '../../lib';
import { KubeObject, needsRecreation, overall, planObject, restartsTogether, Verdict } from '../../lib/migrate/plan';

const context = { path: 'app/db', defaultName: 'db', namespace: 'shop' };
const base: StatefulDatabaseProps = { image: 'postgres:17', port: 5432, replicas: 3, storage: { size: '10Gi', mountPath: '/data', storageClassName: 'fast' } };
const sts = (props: StatefulDatabaseProps) => buildStatefulDatabase(props, context).statefulSet as KubeObject;
const expandable = (name: string | undefined) => (name === 'fast' ? true : name === 'slow' ? false : undefined);
const planOf = (after: StatefulDatabaseProps, before = base) => planObject(sts(after), { live: sts(before), allowsExpansion: expandable });

test('identical objects are unchanged; zero values the API server omits and canonical quantities do not count', () => {
  expect(planOf(base).verdict).toBe(Verdict.UNCHANGED);
  const live = JSON.parse(JSON.stringify(sts(base)));
  delete live.spec.minReadySeconds;
  live.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '10240Mi';
  live.metadata.uid = 'abc';
  expect(planObject(sts(base), { live, allowsExpansion: expandable }).verdict).toBe(Verdict.UNCHANGED);
});

test('a missing object is a plain apply', () => {
  expect(planObject(sts(base), { live: undefined, allowsExpansion: expandable })).toMatchObject({ verdict: Verdict.APPLY, namespace: 'shop', name: 'db' });
});

test('template changes are a plain apply', () => {
  expect(planOf({ ...base, image: 'postgres:17.2' })).toMatchObject({ verdict: Verdict.APPLY, changes: [] });
});

test('growth on an expandable class is a migration; on a class without expansion, or a missing one, it is refused', () => {
  expect(planOf({ ...base, storage: { ...base.storage, size: '20Gi' } }).verdict).toBe(Verdict.MIGRATION);
  const slow = { ...base, storage: { ...base.storage, storageClassName: 'slow' } };
  expect(planOf({ ...slow, storage: { ...slow.storage, size: '20Gi' } }, slow).changes[0].reason).toBe(
    "the StorageClass 'slow' does not allow volume expansion (allowVolumeExpansion), so the claims cannot grow; use a class that does, or copy the data into a new instance",
  );
  const gone = { ...base, storage: { ...base.storage, storageClassName: 'gone' } };
  expect(planOf({ ...gone, storage: { ...gone.storage, size: '20Gi' } }, gone).changes[0].reason).toMatch(/^the StorageClass 'gone' does not exist/);
});

test('a selector change is refused with the 0.1 upgrade procedure', () => {
  const live = JSON.parse(JSON.stringify(sts(base)));
  live.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'db' };
  const plan = planObject(sts(base), { live, allowsExpansion: expandable });
  expect(plan.verdict).toBe(Verdict.REFUSED);
  expect(plan.changes[0].reason).toMatch(/README: Upgrading from 0.1/);
});

test('pod management policy and claim labels are migrations; the worst verdict wins overall', () => {
  expect(planOf({ ...base, podManagementPolicy: 'Parallel' as never }).verdict).toBe(Verdict.MIGRATION);
  expect(planOf({ ...base, storage: { ...base.storage, labels: { backup: 'daily' } } }).verdict).toBe(Verdict.MIGRATION);
  const plans = [planOf(base), planOf({ ...base, revisionHistoryLimit: 2 }), planOf({ ...base, storage: { ...base.storage, size: '1Gi' } })];
  expect(overall(plans)).toBe(Verdict.REFUSED);
  expect(overall([])).toBe(Verdict.UNCHANGED);
});

test('a shared claim grows in place on an expandable class; a Deployment selector change is refused', () => {
  const web = (size: string) => buildStatelessWeb({ image: 'nginx:1.27', port: 80, sharedVolume: { size, mountPath: '/srv', storageClassName: 'fast' } }, { path: 'app/web', defaultName: 'web' });
  const claim = (size: string) => web(size).persistentVolumeClaim as KubeObject;
  expect(planObject(claim('2Gi'), { live: claim('1Gi'), allowsExpansion: expandable }).verdict).toBe(Verdict.APPLY);
  expect(planObject(claim('1Gi'), { live: claim('2Gi'), allowsExpansion: expandable }).verdict).toBe(Verdict.REFUSED);
  const deployment = web('1Gi').deployment as KubeObject;
  const live = JSON.parse(JSON.stringify(deployment));
  live.spec.selector.matchLabels.extra = 'x';
  expect(planObject(deployment, { live, allowsExpansion: expandable }).verdict).toBe(Verdict.REFUSED);
});

describe('peer authentication (ZooKeeper, Kafka)', () => {
  const zk = (authentication: boolean): StatefulDatabaseProps => ({ engine: DatabaseEngine.zookeeper({ authentication }), replicas: 3 });
  const field = "metadata.annotations['kube-patterns.io/peer-authentication']";

  test('recorded on the StatefulSet: sasl by default, none with authentication: false; absent on presets without a quorum setting', () => {
    expect(sts(zk(true)).metadata?.annotations).toEqual({ 'kube-patterns.io/peer-authentication': 'sasl' });
    expect(sts({ engine: DatabaseEngine.kafka({ authentication: false }), replicas: 3 }).metadata?.annotations).toEqual({ 'kube-patterns.io/peer-authentication': 'none' });
    expect(sts({ engine: DatabaseEngine.postgres() }).metadata?.annotations).toBeUndefined();
  });

  test('turned on or off: a migration that applies, then restarts every pod at once; no orphan delete', () => {
    for (const [before, after] of [
      [false, true],
      [true, false],
    ]) {
      const plan = planOf(zk(after), zk(before));
      expect(plan.verdict).toBe(Verdict.MIGRATION);
      expect(plan.changes).toEqual([
        {
          field,
          from: before ? 'sasl' : 'none',
          to: after ? 'sasl' : 'none',
          verdict: Verdict.MIGRATION,
          reason:
            'a member with the new setting cannot join members with the old one, so a rolling update would stop at the first restarted pod; every pod is restarted at once after the apply (a short outage, on the same claims), and clients need the new settings',
        },
      ]);
      expect(plan.steps).toEqual([
        'apply the new StatefulSet shop/db',
        'delete every pod of shop/db at once: they come back with the new peer authentication, on the same claims (if a run stops before this step, delete them by hand: kubectl delete pod -n shop -l app.kubernetes.io/instance=db)',
        'wait until every pod is adopted, Ready and on the current revision',
      ]);
      expect(needsRecreation(plan)).toBe(false);
      expect(restartsTogether(plan)).toBe(true);
    }
  });

  test('Kafka tls added or removed: its brokers move to another listener, so a migration too; tls kept is no change', () => {
    const kafka = (tls: boolean): StatefulDatabaseProps => ({ engine: DatabaseEngine.kafka(), replicas: 3, ...(tls ? { tls: { secretName: 'events-cert' } } : {}) });
    for (const [before, after] of [
      [false, true],
      [true, false],
    ]) {
      const plan = planOf(kafka(after), kafka(before));
      expect(plan.verdict).toBe(Verdict.MIGRATION);
      expect(plan.changes.find((c) => c.field === field)).toMatchObject({ from: before ? 'sasl+tls' : 'sasl', to: after ? 'sasl+tls' : 'sasl', verdict: Verdict.MIGRATION });
      expect(restartsTogether(plan)).toBe(true);
    }
    expect(planOf(kafka(true), kafka(true)).changes).toEqual([]);
  });

  test('MongoDB tls added or removed: members with and without TLS cannot replicate, so a migration; required changed, or a live set from before the annotation, is not', () => {
    const mongo = (tls?: { required: boolean }): StatefulDatabaseProps => ({ engine: DatabaseEngine.mongodb(), replicas: 3, ...(tls ? { tls: { secretName: 'db-cert', ...tls } } : {}) });
    for (const [before, after] of [
      [undefined, { required: false }],
      [{ required: true }, undefined],
    ]) {
      const plan = planOf(mongo(after), mongo(before));
      expect(plan.verdict).toBe(Verdict.MIGRATION);
      expect(plan.changes.find((c) => c.field === field)).toMatchObject({ from: before ? 'tls' : 'none', to: after ? 'tls' : 'none', verdict: Verdict.MIGRATION });
      expect(restartsTogether(plan)).toBe(true);
    }
    // preferTLS to requireTLS: the members reach each other over TLS in both.
    expect(planOf(mongo({ required: true }), mongo({ required: false })).changes.find((c) => c.field === field)).toBeUndefined();
    const live = JSON.parse(JSON.stringify(sts(mongo())));
    delete live.metadata.annotations;
    expect(planObject(sts(mongo()), { live, allowsExpansion: expandable }).changes).toEqual([]);
  });

  test('Cassandra authentication turned on or off: a plain rolling apply, since its nodes do not authenticate each other with it', () => {
    const ring = (authentication: boolean): StatefulDatabaseProps => ({ engine: DatabaseEngine.cassandra({ authentication }), replicas: 3 });
    expect(sts(ring(true)).metadata?.annotations).toBeUndefined();
    for (const [before, after] of [
      [false, true],
      [true, false],
    ]) {
      const plan = planOf(ring(after), ring(before));
      expect(plan.verdict).toBe(Verdict.APPLY);
      expect(restartsTogether(plan)).toBe(false);
    }
  });

  test('Cassandra metrics added, removed, or fetched from another repository: a plain rolling apply (the agent is loaded at each start; its jar stays on the claim)', () => {
    const ring = (metrics?: MetricsProps): StatefulDatabaseProps => ({ engine: DatabaseEngine.cassandra(), replicas: 3, ...(metrics ? { metrics } : {}) });
    for (const [before, after] of [
      [undefined, {}],
      [{}, undefined],
      [{}, { mavenRepository: 'https://nexus.example.com/repository/maven-central' }],
    ] as const) {
      const plan = planOf(ring(after), ring(before));
      expect(plan.verdict).toBe(Verdict.APPLY);
      expect(restartsTogether(plan)).toBe(false);
      expect(needsRecreation(plan)).toBe(false);
    }
  });

  test('a live StatefulSet from before the annotation counts as none: an upgrade that turns authentication on is a migration, one that keeps it off is not', () => {
    const live = JSON.parse(JSON.stringify(sts(zk(false))));
    delete live.metadata.annotations;
    expect(planObject(sts(zk(true)), { live, allowsExpansion: expandable }).verdict).toBe(Verdict.MIGRATION);
    expect(planObject(sts(zk(false)), { live, allowsExpansion: expandable }).changes).toEqual([]);
  });

  test('with an immutable change as well: the orphan recreation, then the restart', () => {
    const plan = planOf({ ...zk(true), podManagementPolicy: 'OrderedReady' as never }, zk(false));
    expect(needsRecreation(plan)).toBe(true);
    expect(restartsTogether(plan)).toBe(true);
    expect(plan.steps.map((s) => s.split(':')[0].split(' (')[0])).toEqual([
      'delete the StatefulSet shop/db with propagationPolicy Orphan',
      'apply the new StatefulSet, which adopts the pods of the same names',
      'delete every pod of shop/db at once',
      'wait until every pod is adopted, Ready and on the current revision',
    ]);
  });
});
