/**
 * The second apply: for every change a user may reasonably make to a running instance, the
 * fields the API server refuses to update stay identical, so `kubectl apply` (client- or
 * server-side) and Pulumi update in place. What these fields are is the API server's rule
 * (ValidateStatefulSetUpdate, ValidateDeploymentUpdate); the integration suite applies the same
 * changes to a real API server.
 */
import fc from 'fast-check';
import {
  buildStatefulDatabase,
  buildStatelessWeb,
  DatabaseEngine,
  IDatabaseEngine,
  StatefulDatabaseProps,
  StatelessWebProps,
  StatefulSetUpdateStrategy,
  EnvValue,
  PersistentVolumeClaimRetentionPolicyType,
  Probe,
} from '../../lib';

const context = { path: 'app/db', defaultName: 'db', namespace: 'shop' };

/** Every StatefulSet field that `kubectl apply` cannot update, plus what the Services select. */
function frozen(props: StatefulDatabaseProps) {
  const m = buildStatefulDatabase(props, context);
  const spec = m.statefulSet.spec!;
  return {
    selector: spec.selector,
    serviceName: spec.serviceName,
    podManagementPolicy: spec.podManagementPolicy,
    volumeClaimTemplates: spec.volumeClaimTemplates,
    revisionHistoryLimit: spec.revisionHistoryLimit,
    // Role Services may come and go (Redis and MongoDB add them from 2 replicas); these two always exist.
    serviceSelectors: [m.service.spec!.selector, m.headlessService.spec!.selector],
    podLabelsMatch: Object.entries(spec.selector.matchLabels!).every(([k, v]) => spec.template.metadata!.labels![k] === v),
  };
}

const plain: StatefulDatabaseProps = { image: 'postgres:17', port: 5432, storage: { size: '10Gi', mountPath: '/var/lib/postgresql' } };

describe('StatefulDatabase: changes that must stay a plain apply', () => {
  test.each<[string, StatefulDatabaseProps, StatefulDatabaseProps]>([
    ['image repository', plain, { ...plain, image: 'bitnami/postgresql:17' }],
    ['image to a fork', plain, { ...plain, image: 'postgis/postgis:17-3.5' }],
    ['image tag', plain, { ...plain, image: 'postgres:17.2' }],
    ['appName set', plain, { ...plain, appName: 'orders' }],
    ['component', plain, { ...plain, component: 'primary-store' }],
    ['partOf', plain, { ...plain, partOf: 'shop' }],
    ['labels', plain, { ...plain, labels: { team: 'orders' } }],
    ['port', plain, { ...plain, port: 5433 }],
    ['resources', plain, { ...plain, resources: { limits: { memory: '4Gi' } } }],
    ['env', plain, { ...plain, env: { TZ: EnvValue.fromValue('UTC') } }],
    ['probes', plain, { ...plain, readinessProbe: Probe.exec(['true']) }],
    ['update strategy', plain, { ...plain, updateStrategy: StatefulSetUpdateStrategy.onDelete() }],
    ['retention policy', plain, { ...plain, persistentVolumeClaimRetentionPolicy: { whenScaled: PersistentVolumeClaimRetentionPolicyType.DELETE } }],
    ['replicas', plain, { ...plain, replicas: 3 }],
    ['engine minor version', { engine: DatabaseEngine.postgres({ version: '17.1' }) }, { engine: DatabaseEngine.postgres({ version: '17.2' }) }],
    ['engine image override', { engine: DatabaseEngine.postgres() }, { engine: DatabaseEngine.postgres(), image: 'postgis/postgis:17-3.5' }],
  ])('%s', (_change, before, after) => {
    expect(frozen(after)).toEqual(frozen(before));
    expect(frozen(after).podLabelsMatch).toBe(true);
  });

  test('a PostgreSQL major version change alters the claim template, so the API server refuses it instead of starting 18 on 17 data', () => {
    const before = frozen({ engine: DatabaseEngine.postgres({ version: '17' }) });
    const after = frozen({ engine: DatabaseEngine.postgres({ version: '18' }) });
    expect({ ...after, volumeClaimTemplates: undefined }).toEqual({ ...before, volumeClaimTemplates: undefined });
    expect(before.volumeClaimTemplates![0].metadata!.annotations).toEqual({ 'kube-patterns.io/data-format': 'postgresql-17' });
    expect(after.volumeClaimTemplates![0].metadata!.annotations).toEqual({ 'kube-patterns.io/data-format': 'postgresql-18' });
  });

  test('adding a preset to a running plain instance keeps the selector, but its data-format annotation changes the claim template: refused, not a silent move of the data directory', () => {
    const before = frozen(plain);
    const after = frozen({ engine: DatabaseEngine.postgres(), storage: { size: '10Gi' } });
    expect(after.selector).toEqual(before.selector);
    expect(after.serviceSelectors).toEqual(before.serviceSelectors);
    expect(after.volumeClaimTemplates).not.toEqual(before.volumeClaimTemplates);
  });

  const clustered: [string, () => IDatabaseEngine][] = [
    ['redis', () => DatabaseEngine.redis()],
    ['mongodb', () => DatabaseEngine.mongodb()],
    ['zookeeper', () => DatabaseEngine.zookeeper()],
    ['kafka', () => DatabaseEngine.kafka()],
    ['cassandra', () => DatabaseEngine.cassandra()],
  ];
  test.each(clustered)('%s: scaling 1 -> 3 -> 5 -> 1 keeps podManagementPolicy and every other immutable field', (_name, engine) => {
    const at = (replicas: number) => frozen({ engine: engine(), replicas });
    for (const replicas of [3, 5, 1]) {
      expect(at(replicas)).toEqual(at(1));
    }
  });

  test('the selector is a function of the name and the pattern only', () => {
    fc.assert(
      fc.property(
        fc.record({
          image: fc.constantFrom('postgres:17', 'bitnami/postgresql:17', 'registry.example.com/a/b:1@sha256:' + 'a'.repeat(64)),
          appName: fc.option(fc.constantFrom('orders', 'pg', 'x.y_z'), { nil: undefined }),
          component: fc.option(fc.constantFrom('database', 'primary', 'cache'), { nil: undefined }),
          partOf: fc.option(fc.constantFrom('shop', 'billing'), { nil: undefined }),
          replicas: fc.integer({ min: 0, max: 7 }),
          port: fc.integer({ min: 1, max: 65535 }),
        }),
        (change) => {
          const m = buildStatefulDatabase({ ...plain, ...change }, context);
          expect(m.statefulSet.spec!.selector).toEqual({
            matchLabels: { 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/managed-by': 'kube-patterns', 'kube-patterns.io/pattern': 'stateful-database' },
          });
        },
      ),
    );
  });
});

describe('StatelessWeb: changes that must stay a plain apply', () => {
  const web: StatelessWebProps = { image: 'nginxinc/nginx-unprivileged:1.27', port: 8080 };
  const selector = (props: StatelessWebProps) => {
    const m = buildStatelessWeb(props, { path: 'app/web', defaultName: 'web' });
    return { deployment: m.deployment.spec!.selector, service: m.service.spec!.selector, pdb: m.podDisruptionBudget?.spec?.selector };
  };
  test.each<[string, StatelessWebProps]>([
    ['image repository', { ...web, image: 'bitnami/nginx:1.27' }],
    ['appName', { ...web, appName: 'storefront' }],
    ['component', { ...web, component: 'frontend' }],
    ['partOf and labels', { ...web, partOf: 'shop', labels: { tier: 'edge' } }],
    ['replicas', { ...web, replicas: 5 }],
    ['autoscaling added', { ...web, autoscaling: { maxReplicas: 6 } }],
  ])('%s', (_change, after) => {
    expect(selector(after)).toEqual(selector(web));
  });
});
