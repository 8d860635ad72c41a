/**
 * The example app (examples/app.ts), as `npm run synth` writes it: a pinned snapshot, plus the
 * rules that matter stated one by one.
 */
import { Testing } from 'cdk8s';
import { ShopChart } from '../../examples/app';
import { KubeObject, find, ofKind, synth } from '../support/objects';
import { schemaErrors } from '../support/schema';
import { strictSchemaErrors } from '../support/kubernetes-validate';

describe('example app', () => {
  let chart: ShopChart;
  let objects: KubeObject[];

  beforeAll(() => {
    chart = new ShopChart(Testing.app(), 'shop');
    objects = synth(chart);
  });

  test('synthesizes the same manifests as last reviewed', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object is valid for the Kubernetes schema (kubernetes-models)', () => {
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('every object is valid for Kubernetes 1.28 and 1.33, with no unknown field (kubernetes-validate --strict)', () => {
    expect(strictSchemaErrors(objects)).toEqual([]);
  });

  test('emits exactly the expected objects', () => {
    // The NetworkPolicy is cdk8s-plus's, named with a hash; it is checked on its own below.
    const ours = objects.filter((o) => o.kind !== 'NetworkPolicy');
    expect(ofKind(objects, 'NetworkPolicy')).toHaveLength(1);
    expect(ours.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        'Service/orders-db-headless',
        'Service/orders-db',
        'StatefulSet/orders-db',
        'PodDisruptionBudget/orders-db',
        'PersistentVolumeClaim/storefront-shared',
        'Deployment/storefront',
        'Service/storefront',
        'HorizontalPodAutoscaler/storefront',
        'PodDisruptionBudget/storefront',
      ].sort(),
    );
  });

  test('the StatefulSet is governed by the headless Service and claims one volume per pod', () => {
    const sts = find(objects, 'StatefulSet', 'orders-db');
    const headless = find(objects, 'Service', 'orders-db-headless');
    expect(sts.spec.serviceName).toBe(headless.metadata.name);
    expect(headless.spec.clusterIP).toBe('None');
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
    const [claim] = sts.spec.volumeClaimTemplates;
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.spec.resources.requests.storage).toBe('10Gi');
    const container = sts.spec.template.spec.containers[0];
    expect(container.volumeMounts).toContainEqual({ name: claim.metadata.name, mountPath: '/var/lib/postgresql/data' });
    // The claim is not also declared as a pod volume: the StatefulSet controller adds it per pod.
    expect(sts.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain(claim.metadata.name);
  });

  test('the web tier shares one ReadWriteMany claim across its replicas', () => {
    const deployment = find(objects, 'Deployment', 'storefront');
    const claim = find(objects, 'PersistentVolumeClaim', 'storefront-shared');
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'storefront');
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'shared', persistentVolumeClaim: { claimName: claim.metadata.name } });
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBe(3);
    // The HPA owns the replica count: a count in the Deployment would reset it on every apply.
    expect(deployment.spec.replicas).toBeUndefined();
  });

  test('the network policy lets only the web pods reach the database port', () => {
    const [policy] = ofKind(objects, 'NetworkPolicy');
    expect(policy.spec.podSelector.matchLabels).toEqual(find(objects, 'StatefulSet', 'orders-db').spec.selector.matchLabels);
    expect(policy.spec.ingress[0].from[0].podSelector.matchLabels).toEqual(find(objects, 'Deployment', 'storefront').spec.selector.matchLabels);
    expect(policy.spec.ingress[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });

  test('exposes deterministic names and DNS names', () => {
    expect(chart.database.podDnsNames).toEqual([
      'orders-db-0.orders-db-headless.shop.svc.cluster.local',
      'orders-db-1.orders-db-headless.shop.svc.cluster.local',
      'orders-db-2.orders-db-headless.shop.svc.cluster.local',
    ]);
    expect(chart.database.host).toBe('orders-db.shop.svc.cluster.local');
    expect(chart.web.host).toBe('storefront.shop.svc.cluster.local');
    expect(find(objects, 'Deployment', 'storefront').spec.template.spec.containers[0].env).toContainEqual({
      name: 'DATABASE_HOST',
      value: chart.database.host,
    });
  });
});
