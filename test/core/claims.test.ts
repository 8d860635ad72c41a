/** The claims a StatefulSet's pods use, named as the StatefulSet controller names them. */
import { Chart, Testing } from 'cdk8s';
import { claimName, statefulSetClaims, StatefulDatabase } from '../../lib';

function statefulSetOf(replicas: number): any {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
  new StatefulDatabase(chart, 'orders', { image: 'postgres:17', port: 5432, replicas, storage: { size: '20Gi', mountPath: '/data', storageClassName: 'fast' } });
  return Testing.synth(chart).find((o) => o.kind === 'StatefulSet');
}

test('claimName is {template}-{statefulSet}-{ordinal}', () => {
  expect(claimName('data', 'orders-db', 0)).toBe('data-orders-db-0');
});

test('one claim per ordinal, with the template spec and labels, in the StatefulSet namespace', () => {
  const sts = statefulSetOf(3);
  const template = sts.spec.volumeClaimTemplates[0];
  const claims = statefulSetClaims(sts);
  expect(claims.map((c) => c.metadata!.name)).toEqual(['data-orders-0', 'data-orders-1', 'data-orders-2']);
  for (const claim of claims) {
    expect(claim).toEqual({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { ...template.metadata, name: claim.metadata!.name, namespace: 'shop' }, spec: template.spec });
  }
  expect(claims[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } });
});

test('every template, for every ordinal; none without templates', () => {
  const sts = statefulSetOf(2);
  sts.spec.volumeClaimTemplates.push({ metadata: { name: 'wal' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  expect(statefulSetClaims(sts).map((c) => c.metadata!.name)).toEqual(['data-orders-0', 'wal-orders-0', 'data-orders-1', 'wal-orders-1']);
  expect(statefulSetClaims({ metadata: { name: 'x' }, spec: { replicas: 3, selector: {}, serviceName: 'x', template: {} } })).toEqual([]);
});
