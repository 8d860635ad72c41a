/**
 * PostgreSQL major-version upgrades: what `majorUpgrade: PostgresMajorUpgrade.pgUpgrade(...)`
 * adds to the pod (an init container before the server, on the data volume), the StatefulSet
 * annotation the planner reads, the planner's verdicts, the Pulumi replacement rule, and the
 * refusals. The upgrade itself runs on a real kubelet in test/pods/upgrade.pods.ts.
 */
import { buildStatefulDatabase, DatabaseEngine, PgUpgradeTransfer, PostgresMajorUpgrade, StatefulDatabase, StatefulDatabaseProps } from '../../lib';
import { KubeObject, planObject, Verdict } from '../../lib/migrate/plan';
import { strictSchemaErrors } from '../support/kubernetes-validate';
import { find, synthOne, validationMessage } from '../support/objects';
import { restrictedViolations } from '../support/pod-security';

const upgrade17 = (options: Partial<Parameters<typeof PostgresMajorUpgrade.pgUpgrade>[0]> = {}, props: StatefulDatabaseProps = {}) =>
  synthOne((chart) => new StatefulDatabase(chart, 'db', { ...props, engine: DatabaseEngine.postgres({ version: '17', majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16', ...options }) }) }));

describe('the rendered upgrade', () => {
  const objects = upgrade17();
  const sts = find(objects, 'StatefulSet', 'db');
  const pod = sts.spec.template.spec;

  test('an init container runs the preset script before the server, on the data volume, with the majors and the transfer mode', () => {
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0]).toMatchObject({
      name: 'upgrade-data',
      image: 'tianon/postgres-upgrade:16-to-17',
      command: ['/opt/kube-patterns/postgres-upgrade.sh'],
      env: [
        { name: 'KP_PGDATA', value: '/var/lib/postgresql/pgdata' },
        { name: 'KP_FROM', value: '16' },
        { name: 'KP_TO', value: '17' },
        { name: 'KP_TRANSFER', value: 'copy' },
        { name: 'KP_SUPERUSER', value: 'postgres' },
      ],
      volumeMounts: [
        { name: 'data', mountPath: '/var/lib/postgresql' },
        { name: 'scripts', mountPath: '/opt/kube-patterns', readOnly: true },
      ],
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    });
    // The server's own PGDATA is the directory the upgrade writes.
    expect(pod.containers[0].env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/pgdata' });
    expect(find(objects, 'ConfigMap', 'db-scripts').data['postgres-upgrade.sh']).toMatch(/^#!\/bin\/sh\n/);
  });

  test('the StatefulSet records the declared upgrade; the claim template the new format', () => {
    expect(sts.metadata.annotations).toEqual({ 'kube-patterns.io/data-upgrade': 'postgresql-16: pg_upgrade --copy from PostgreSQL 16 to 17' });
    expect(sts.spec.volumeClaimTemplates[0].metadata.annotations).toEqual({ 'kube-patterns.io/data-format': 'postgresql-17' });
  });

  test('valid against the Kubernetes schema, and restricted', () => {
    expect(strictSchemaErrors(objects)).toEqual([]);
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('the transfer mode, image and resources are options; storage.mountPath and volumeName move the mount', () => {
    const init = find(
      upgrade17({ transfer: PgUpgradeTransfer.LINK, image: 'registry.example.com/pg-upgrade:16-17', resources: { limits: { memory: '4Gi' } } }, { storage: { mountPath: '/pg', volumeName: 'pgvol' } }),
      'StatefulSet',
      'db',
    ).spec.template.spec.initContainers[0];
    expect(init.image).toBe('registry.example.com/pg-upgrade:16-17');
    expect(init.env).toContainEqual({ name: 'KP_TRANSFER', value: 'link' });
    expect(init.env).toContainEqual({ name: 'KP_PGDATA', value: '/pg/pgdata' });
    expect(init.volumeMounts[0]).toEqual({ name: 'pgvol', mountPath: '/pg' });
    expect(init.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '4Gi' } });
  });

  test("the user's init containers run after the upgrade", () => {
    const init = find(upgrade17({}, { initContainers: [{ name: 'warm-cache', image: 'busybox:1.36' }] }), 'StatefulSet', 'db').spec.template.spec.initContainers;
    expect(init.map((c: any) => c.name)).toEqual(['upgrade-data', 'warm-cache']);
  });

  test('without the option: no init container, no annotation, no scripts', () => {
    const plain = synthOne((chart) => new StatefulDatabase(chart, 'db', { engine: DatabaseEngine.postgres({ version: '17' }) }));
    const statefulSet = find(plain, 'StatefulSet', 'db');
    expect(statefulSet.spec.template.spec.initContainers).toBeUndefined();
    expect(statefulSet.metadata.annotations).toBeUndefined();
    expect(plain.filter((o) => o.kind === 'ConfigMap')).toEqual([]);
  });
});

describe('refused at synth', () => {
  const message = (fromVersion: unknown, version = '17', extra: object = {}) =>
    validationMessage(() =>
      synthOne((chart) => new StatefulDatabase(chart, 'db', { engine: DatabaseEngine.postgres({ version, majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion: fromVersion as string, ...extra }) }) })),
    );

  test.each([
    ['17', "engine majorUpgrade.fromVersion '17' is not below the engine's major version 17: pg_upgrade only goes forward; to go back, restore a dump into a new instance (see https://www.postgresql.org/docs/current/pgupgrade.html)"],
    ['18', "engine majorUpgrade.fromVersion '18' is not below the engine's major version 17"],
    ['16.4', "engine majorUpgrade.fromVersion '16.4' is not a major version: give the major the data was written by, such as '16'"],
    [16, "engine majorUpgrade.fromVersion 16 is not a major version"],
    [undefined, 'engine majorUpgrade.fromVersion undefined is not a major version'],
  ])('fromVersion %p', (fromVersion, expected) => {
    expect(message(fromVersion)).toContain(expected);
  });

  test('a target before 16, whose pg_upgrade needs the old encoding and locales', () => {
    expect(message('14', '15')).toContain("engine version 15 is below 16: before PostgreSQL 16, pg_upgrade needs a new cluster created with the old one's encoding and locales");
  });

  test('an unknown transfer mode, option or upgrade object', () => {
    expect(message('16', '17', { transfer: 'swap' })).toContain("engine majorUpgrade.transfer 'swap' is not one of");
    expect(message('16', '17', { fromVersoin: '16' })).toMatch(/engine majorUpgrade.*fromVersoin/);
    expect(
      validationMessage(() => synthOne((chart) => new StatefulDatabase(chart, 'db', { engine: DatabaseEngine.postgres({ majorUpgrade: { fromVersion: '16' } as any }) }))),
    ).toBe("engine majorUpgrade {\"fromVersion\":\"16\"} is not a PostgresMajorUpgrade; use PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16' })");
  });
});

describe('the planner', () => {
  const context = { path: 'app/db', defaultName: 'db', namespace: 'shop' };
  const sts = (engine: ReturnType<typeof DatabaseEngine.postgres>) => buildStatefulDatabase({ engine }, context).statefulSet as KubeObject;
  const live = sts(DatabaseEngine.postgres({ version: '16' }));
  const planFor = (desired: KubeObject) => planObject(desired, { live, allowsExpansion: () => true });
  const formatChange = (desired: KubeObject) => planFor(desired).changes.find((c) => c.field.endsWith("['kube-patterns.io/data-format']"));

  test('16 -> 17 without the option: refused, naming the option and the documentation', () => {
    const plan = planFor(sts(DatabaseEngine.postgres({ version: '17' })));
    expect(plan.verdict).toBe(Verdict.REFUSED);
    expect(formatChange(sts(DatabaseEngine.postgres({ version: '17' })))?.reason).toBe(
      'the data on the claims was written by postgresql-16, which postgresql-17 cannot read in place; declare the upgrade (PostgreSQL: majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion })), or dump and restore into a new instance (another name); see https://www.postgresql.org/docs/current/upgrading.html',
    );
  });

  test('16 -> 17 with pgUpgrade from 16: a migration, whose steps end with the upgrade', () => {
    const plan = planFor(sts(DatabaseEngine.postgres({ version: '17', majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16', transfer: PgUpgradeTransfer.LINK }) })));
    expect(plan.verdict).toBe(Verdict.MIGRATION);
    expect(plan.steps).toEqual([
      'delete the StatefulSet shop/db with propagationPolicy Orphan (its pods and claims keep running)',
      'apply the new StatefulSet, which adopts the pods of the same names',
      'each pod restarts on the new version; its init container upgrades the data (postgresql-16: pg_upgrade --link from PostgreSQL 16 to 17)',
      'wait until every pod is adopted, Ready and on the current revision',
    ]);
  });

  test('an upgrade declared from another major than the live data: refused, saying so', () => {
    expect(formatChange(sts(DatabaseEngine.postgres({ version: '17', majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion: '15' }) })))).toMatchObject({
      verdict: Verdict.REFUSED,
      reason: expect.stringContaining('the upgrade declared reads postgresql-15, not postgresql-16'),
    });
  });

  test('the option kept after the upgrade, or removed: no format change, a plain apply', () => {
    const upgraded = sts(DatabaseEngine.postgres({ version: '17', majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16' }) }));
    expect(planObject(sts(DatabaseEngine.postgres({ version: '17' })), { live: upgraded, allowsExpansion: () => true }).verdict).toBe(Verdict.APPLY);
    expect(planObject(upgraded, { live: upgraded, allowsExpansion: () => true }).verdict).toBe(Verdict.UNCHANGED);
  });
});
