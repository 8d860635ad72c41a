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
    // The NetworkPolicies are cdk8s-plus's, named with a hash; they are checked on their own below.
    const ours = objects.filter((o) => o.kind !== 'NetworkPolicy');
    expect(ofKind(objects, 'NetworkPolicy')).toHaveLength(2);
    expect(ours.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        'ConfigMap/orders-db-initdb',
        'Service/orders-db-headless',
        'Service/orders-db',
        'StatefulSet/orders-db',
        'PodMonitor/orders-db',
        'PersistentVolumeClaim/orders-db-backups',
        'ConfigMap/orders-db-backup-scripts',
        'CronJob/orders-db-backup',
        'CronJob/orders-db-restore',
        'ConfigMap/storefront-nginx',
        'Ingress/shop',
        'ConfigMap/sessions-scripts',
        'Service/sessions-headless',
        'Service/sessions',
        'Service/sessions-primary',
        'Service/sessions-read',
        'StatefulSet/sessions',
        'PodDisruptionBudget/sessions',
        'PersistentVolumeClaim/storefront-shared',
        'Deployment/storefront',
        'Service/storefront',
        'HorizontalPodAutoscaler/storefront',
        'PodDisruptionBudget/storefront',
      ].sort(),
    );
    expect(objects.every((o) => o.metadata.namespace === 'shop')).toBe(true);
  });

  test('the PostgreSQL preset: official image, one primary, PGDATA below the mount, password from the Secret', () => {
    const sts = find(objects, 'StatefulSet', 'orders-db');
    const container = sts.spec.template.spec.containers[0];
    expect(sts.spec.replicas).toBe(1);
    expect(container.image).toBe('postgres:17');
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql' });
    expect(container.env).toEqual([
      { name: 'PGDATA', value: '/var/lib/postgresql/pgdata' },
      { name: 'PGPORT', value: '5432' },
      { name: 'POSTGRES_PASSWORD_FILE', value: '/etc/kube-patterns/credentials/password' },
    ]);
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'credentials', secret: { secretName: 'orders-db-credentials', items: [{ key: 'password', path: 'password' }], defaultMode: 0o440 } });
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    expect(chart.database.connectionString).toBe('postgresql://postgres@orders-db.shop.svc.cluster.local:5432/postgres');
  });

  test('the 3-replica StatefulSet is governed by the headless Service, claims one volume per pod, and has a PDB', () => {
    const sts = find(objects, 'StatefulSet', 'sessions');
    const headless = find(objects, 'Service', 'sessions-headless');
    expect(sts.spec.serviceName).toBe(headless.metadata.name);
    expect(headless.spec.clusterIP).toBe('None');
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
    const [claim] = sts.spec.volumeClaimTemplates;
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    const container = sts.spec.template.spec.containers[0];
    expect(container.volumeMounts).toContainEqual({ name: claim.metadata.name, mountPath: '/data' });
    // The claim is not also declared as a pod volume: the StatefulSet controller adds it per pod.
    expect(sts.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain(claim.metadata.name);
    expect(find(objects, 'PodDisruptionBudget', 'sessions').spec).toEqual({ maxUnavailable: 1, selector: sts.spec.selector, unhealthyPodEvictionPolicy: 'IfHealthyBudget' });
    expect(find(objects, 'Service', 'sessions-primary').spec.selector['statefulset.kubernetes.io/pod-name']).toBe('sessions-0');
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

  test('each database admits its own pods on its replication ports, only the web pods (and its backup jobs) as clients, and scrapers on the metrics port', () => {
    const web = { podSelector: { matchLabels: find(objects, 'Deployment', 'storefront').spec.selector.matchLabels } };
    const backupJobs = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgresql', 'app.kubernetes.io/instance': 'orders-db', 'app.kubernetes.io/component': 'backup' } } };
    for (const [name, clientPorts, metrics, backup] of [
      ['orders-db', ['postgresql', 'metrics'], true, true],
      ['sessions', ['redis'], false, false],
    ] as const) {
      const policy = find(objects, 'NetworkPolicy', name);
      const own = find(objects, 'StatefulSet', name).spec.selector.matchLabels;
      expect(policy.spec.podSelector.matchLabels).toEqual(own);
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      const tcp = (ports: readonly string[]) => ports.map((port) => ({ port, protocol: 'TCP' }));
      expect(policy.spec.ingress).toEqual([
        { from: [{ podSelector: { matchLabels: own } }], ports: tcp(find(objects, 'Service', `${name}-headless`).spec.ports.map((p: any) => p.targetPort)) },
        { from: [web], ports: tcp(clientPorts) },
        ...(backup ? [{ from: [backupJobs], ports: tcp(clientPorts) }] : []),
        ...(metrics ? [{ from: [{ namespaceSelector: {} }], ports: tcp(['metrics']) }] : []),
      ]);
    }
    expect(ofKind(objects, 'NetworkPolicy')).toHaveLength(2);
  });

  test('exposes deterministic names and DNS names', () => {
    expect(chart.database.podDnsNames).toEqual(['orders-db-0.orders-db-headless.shop.svc.cluster.local']);
    expect(chart.sessions.podDnsNames).toEqual([0, 1, 2].map((i) => `sessions-${i}.sessions-headless.shop.svc.cluster.local`));
    expect(chart.sessions.primaryHost).toBe('sessions-primary.shop.svc.cluster.local');
    expect(chart.database.host).toBe('orders-db.shop.svc.cluster.local');
    expect(chart.web.host).toBe('storefront.shop.svc.cluster.local');
    expect(find(objects, 'Deployment', 'storefront').spec.template.spec.containers[0].env).toEqual([
      { name: 'DATABASE_HOST', value: chart.database.host },
      { name: 'SESSIONS_HOST', value: chart.sessions.primaryHost },
    ]);
  });
});
