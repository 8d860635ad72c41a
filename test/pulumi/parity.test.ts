/**
 * Parity: the same props through the cdk8s construct and through the Pulumi component give the
 * same Kubernetes objects, for the example app and for random props. The one intended
 * difference is the Pulumi-only `pulumi.com/deletionPropagationPolicy` annotation on the
 * StatefulSet, which tells the Pulumi provider how to delete; it is checked, then removed.
 */
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { childrenRegistered, installMocks, registered } from '../support/pulumi';

const registrations = installMocks();
import * as cdk8s from '../../lib';
import * as pulumiPatterns from '../../lib/pulumi';
import { ordersDb, sessions, SHOP_NAMESPACE, storefront } from '../../examples/shop';
import { statefulDatabaseProps, statelessWebProps } from '../support/arbitraries';
import { KubeObject, synth } from '../support/objects';

const byKindAndName = (a: KubeObject, b: KubeObject) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`);

/** Objects registered by the components, without the Pulumi-only annotation (asserted present first). */
function pulumiObjects(names: string[]): KubeObject[] {
  const objects = registrations
    .filter((r) => r.type.startsWith('kubernetes:') && names.some((n) => r.inputs.metadata.name === n || r.inputs.metadata.name.startsWith(`${n}-`)))
    .map((r) => structuredClone(r.inputs) as KubeObject);
  for (const object of objects.filter((o) => o.kind === 'StatefulSet')) {
    expect(object.metadata.annotations['pulumi.com/deletionPropagationPolicy']).toBe('orphan');
    delete object.metadata.annotations['pulumi.com/deletionPropagationPolicy'];
    if (Object.keys(object.metadata.annotations).length === 0) delete object.metadata.annotations;
  }
  return objects.sort(byKindAndName);
}

function cdk8sObjects(build: (chart: Chart) => void, namespace?: string): KubeObject[] {
  const chart = new Chart(Testing.app(), 'app', namespace === undefined ? {} : { namespace });
  build(chart);
  return synth(chart).sort(byKindAndName);
}

beforeEach(() => {
  registrations.length = 0;
});

describe('cdk8s and Pulumi produce identical objects', () => {
  test('for the example app', async () => {
    // GIVEN the example's props, through cdk8s (namespace from the chart)...
    const expected = cdk8sObjects((chart) => {
      new cdk8s.StatefulDatabase(chart, 'orders-db', ordersDb);
      new cdk8s.StatefulDatabase(chart, 'sessions', sessions);
      new cdk8s.StatelessWeb(chart, 'storefront', storefront);
    }, SHOP_NAMESPACE);
    // ...and through Pulumi (namespace as an arg)
    const db = new pulumiPatterns.StatefulDatabase('orders-db', { ...ordersDb, namespace: SHOP_NAMESPACE });
    const cache = new pulumiPatterns.StatefulDatabase('sessions', { ...sessions, namespace: SHOP_NAMESPACE });
    const web = new pulumiPatterns.StatelessWeb('storefront', { ...storefront, namespace: SHOP_NAMESPACE });
    await Promise.all([db, cache, web].map(childrenRegistered));

    // THEN
    const actual = pulumiObjects(['orders-db', 'sessions', 'storefront']);
    expect(actual).toHaveLength(23);
    expect(actual.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expected.map((o) => `${o.kind}/${o.metadata.name}`));
    expect(actual).toEqual(expected);
  });

  test.each([
    ['postgres', () => cdk8s.DatabaseEngine.postgres(), 1],
    ['mysql', () => cdk8s.DatabaseEngine.mysql(), 1],
    ['mariadb', () => cdk8s.DatabaseEngine.mariadb(), 1],
    ['mongodb', () => cdk8s.DatabaseEngine.mongodb(), 3],
    ['redis', () => cdk8s.DatabaseEngine.redis(), 3],
    ['zookeeper', () => cdk8s.DatabaseEngine.zookeeper(), 3],
    ['kafka', () => cdk8s.DatabaseEngine.kafka(), 3],
    ['cassandra', () => cdk8s.DatabaseEngine.cassandra(), 3],
  ])('for the %s preset', async (engineName, engine, replicas) => {
    const props = { name: `${engineName}-db`, engine: engine(), replicas };
    const expected = cdk8sObjects((chart) => new cdk8s.StatefulDatabase(chart, 'db', props), 'data');
    const db = new pulumiPatterns.StatefulDatabase('db', { ...props, namespace: 'data' });
    await registered(db.statefulSet, db.service, db.headlessService, db.podDisruptionBudget, db.configMap, db.primaryService, db.readService);
    const actual = pulumiObjects([props.name]);
    expect(actual.map((o) => o.kind)).toEqual(expected.map((o) => o.kind));
    expect(actual).toEqual(expected);
  });

  test('for random StatefulDatabase props', async () => {
    await fc.assert(
      fc.asyncProperty(statefulDatabaseProps, async (props) => {
        registrations.length = 0;
        const expected = cdk8sObjects((chart) => new cdk8s.StatefulDatabase(chart, 'db', props));
        const db = new pulumiPatterns.StatefulDatabase('db', props);
        await childrenRegistered(db);
        expect(pulumiObjects([props.name!])).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  test('for random StatelessWeb props', async () => {
    await fc.assert(
      fc.asyncProperty(statelessWebProps, async (props) => {
        registrations.length = 0;
        const expected = cdk8sObjects((chart) => new cdk8s.StatelessWeb(chart, 'web', props));
        const web = new pulumiPatterns.StatelessWeb('web', props);
        await childrenRegistered(web);
        expect(pulumiObjects([props.name!])).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});
