/**
 * cdk8s-plus-28 interop: the constructs are IPodSelector and INetworkPolicyPeer, so cdk8s-plus
 * workloads and network policies can target their pods.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { StatefulDatabase, StatelessWeb } from '../../lib';
import { KubeObject, ofKind, synth, testChart } from '../support/objects';

const dbProps = { image: 'postgres:16', port: 5432, storage: { size: '1Gi', mountPath: '/data' } };

describe('cdk8s-plus-28 interop', () => {
  test('someKplusWorkload.connections.allowTo(db) creates policies that select exactly the database pods', () => {
    // GIVEN
    const chart = testChart('shop');
    const db = new StatefulDatabase(chart, 'orders-db', dbProps);
    const api = new kplus.Deployment(chart, 'api', { containers: [{ image: 'example/api:1', portNumber: 8080, securityContext: { user: 1000 } }] });

    // WHEN
    api.connections.allowTo(db, { ports: [kplus.NetworkPolicyPort.tcp(db.port)] });

    // THEN
    // cdk8s-plus's own policies, beside the database's default one.
    const policies = ofKind(synth(chart), 'NetworkPolicy').filter((p: KubeObject) => p.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'kube-patterns');
    expect(policies).toHaveLength(2);
    const egress = policies.find((p: KubeObject) => p.spec.policyTypes.includes('Egress'))!;
    const ingress = policies.find((p: KubeObject) => p.spec.policyTypes.includes('Ingress'))!;
    // The API pods may open connections to the database pods, in the database's namespace, on its port.
    expect(egress.spec.egress).toEqual([
      {
        to: [{ podSelector: { matchLabels: db.selectorLabels }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }],
        ports: [{ port: 5432, protocol: 'TCP' }],
      },
    ]);
    // The database pods accept them.
    expect(ingress.spec.podSelector).toEqual({ matchLabels: db.selectorLabels });
    expect(ingress.metadata.namespace).toBe('shop');
  });

  test('a kplus.NetworkPolicy can select a StatefulDatabase and admit a StatelessWeb', () => {
    const chart = testChart();
    const db = new StatefulDatabase(chart, 'db', dbProps);
    const web = new StatelessWeb(chart, 'web', { image: 'nginx:1.27', port: 8080 });
    new kplus.NetworkPolicy(chart, 'policy', { selector: db, ingress: { rules: [{ peer: web }] } });
    const [policy] = ofKind(synth(chart), 'NetworkPolicy').filter((p: KubeObject) => p.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'kube-patterns');
    expect(policy.spec.podSelector).toEqual({ matchLabels: db.selectorLabels });
    expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: web.selectorLabels } }], ports: [] }]);
  });

  test('the selector config names the namespace only when one is known', () => {
    const inNs = new StatefulDatabase(testChart('data'), 'db', dbProps).toPodSelectorConfig();
    expect(inNs.namespaces).toEqual({ names: ['data'] });
    expect(new StatefulDatabase(testChart(), 'db', dbProps).toPodSelectorConfig().namespaces).toBeUndefined();
    const db = new StatefulDatabase(testChart(), 'db2', dbProps);
    expect(db.toPodSelector()).toBe(db);
    expect(db.toNetworkPolicyPeerConfig().podSelector).toBeDefined();
  });
});

describe('Ingress interop', () => {
  test('web.ingressBackend() routes a cdk8s-plus Ingress to the generated Service on its Service port', () => {
    const chart = new Chart(Testing.app(), 'app', { namespace: 'shop' });
    const web = new StatelessWeb(chart, 'storefront', { image: 'nginx:1.27', port: 8080, servicePort: 80 });
    new kplus.Ingress(chart, 'ingress', { metadata: { name: 'shop' }, rules: [{ host: 'shop.example.com', path: '/', backend: web.ingressBackend() }] });
    const objects: any[] = Testing.synth(chart);
    const ingress = objects.find((o) => o.kind === 'Ingress');
    expect(ingress.spec.rules).toEqual([
      { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'storefront', port: { number: 80 } } } }] } },
    ]);
    // The backend names exactly the Service kube-patterns emits, on a port it exposes.
    const service = objects.find((o) => o.kind === 'Service');
    expect(service.metadata.name).toBe(ingress.spec.rules[0].http.paths[0].backend.service.name);
    expect(service.spec.ports.map((p: any) => p.port)).toContain(80);
  });
});
