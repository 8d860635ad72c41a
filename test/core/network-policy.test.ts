/** A StatefulDatabase's NetworkPolicy: defaults, peers, opt-out, bad input, and cdk8s/Pulumi parity. */
import * as kplus from 'cdk8s-plus-28';
import { DatabaseEngine, NetworkPeer, StatefulDatabase, StatefulDatabaseProps, StatelessWeb } from '../../lib';
import { find, KubeObject, ofKind, synthOne, validationMessage } from '../support/objects';
import { schemaErrors } from '../support/schema';
import { strictSchemaErrors } from '../support/kubernetes-validate';

const db: StatefulDatabaseProps = { image: 'registry.example.com/db:1', port: 5432, storage: { size: '1Gi', mountPath: '/data' } };
const tcp = (...ports: (string | number)[]) => ports.map((port) => ({ port, protocol: 'TCP' }));
const selectorOf = (instance: string, pattern = 'stateful-database') => ({
  'app.kubernetes.io/instance': instance,
  'app.kubernetes.io/managed-by': 'kube-patterns',
  'kube-patterns.io/pattern': pattern,
});
const policyOf = (props: StatefulDatabaseProps): KubeObject => find(synthOne((chart) => new StatefulDatabase(chart, 'db', props)), 'NetworkPolicy', 'db');

test('by default: own pods on the replication ports, clients from the same namespace only, no egress rule', () => {
  const objects = synthOne((chart) => new StatefulDatabase(chart, 'db', db));
  const policy = find(objects, 'NetworkPolicy', 'db');
  expect(policy.spec).toEqual({
    podSelector: { matchLabels: selectorOf('db') },
    policyTypes: ['Ingress'],
    ingress: [
      { from: [{ podSelector: { matchLabels: selectorOf('db') } }], ports: tcp('db') },
      { from: [{ podSelector: {} }], ports: tcp('db') },
    ],
  });
  expect(schemaErrors(objects)).toEqual([]);
  expect(strictSchemaErrors(objects)).toEqual([]);
});

test.each([
  ['zookeeper', DatabaseEngine.zookeeper(), ['client', 'follower', 'election'], ['client']],
  ['kafka', DatabaseEngine.kafka(), ['kafka', 'controller'], ['kafka']],
  ['cassandra', DatabaseEngine.cassandra(), ['cql', 'intra-node'], ['cql']],
])('%s (with or without authentication): peers on every port of the headless Service, clients from no other namespace', (_, engine, peerPorts, clientPorts) => {
  const objects = synthOne((chart) => new StatefulDatabase(chart, 'db', { engine, replicas: 3 }));
  const policy = find(objects, 'NetworkPolicy', 'db');
  expect(find(objects, 'Service', 'db-headless').spec.ports.map((p: any) => p.targetPort)).toEqual(peerPorts);
  expect(policy.spec.ingress).toEqual([
    { from: [{ podSelector: { matchLabels: selectorOf('db') } }], ports: tcp(...peerPorts) },
    { from: [{ podSelector: {} }], ports: tcp(...clientPorts) },
  ]);
  // Nothing reaches these pods from another namespace.
  expect(JSON.stringify(policy.spec.ingress)).not.toContain('namespaceSelector');
});

test('metrics: the metrics port is open to every namespace by default, or to metricsFrom', () => {
  const props: StatefulDatabaseProps = { ...db, sidecars: [{ name: 'exporter', image: 'e:1', ports: [{ name: 'metrics', containerPort: 9187 }] }], metrics: { port: 'metrics' } };
  expect(policyOf(props).spec.ingress[2]).toEqual({ from: [{ namespaceSelector: {} }], ports: tcp('metrics') });
  expect(policyOf({ ...props, networkPolicy: { metricsFrom: [NetworkPeer.namespaces('monitoring')] } }).spec.ingress[2]).toEqual({
    from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['monitoring'] }] } }],
    ports: tcp('metrics'),
  });
});

test('allowFrom: kube-patterns constructs (in their namespace), cdk8s-plus workloads, namespaces, labels and address blocks', () => {
  const objects = synthOne((chart) => {
    const web = new StatelessWeb(chart, 'web', { image: 'nginx:1', port: 8080 });
    const other = new StatelessWeb(chart, 'other', { image: 'nginx:1', port: 8080, namespace: 'frontend' });
    const api = new kplus.Deployment(chart, 'api', { containers: [{ image: 'api:1', portNumber: 8080 }] });
    new StatefulDatabase(chart, 'db', {
      ...db,
      networkPolicy: {
        allowFrom: [
          NetworkPeer.pods(web),
          NetworkPeer.pods(other),
          NetworkPeer.pods(api),
          NetworkPeer.namespaces('reports', 'batch'),
          NetworkPeer.podsWithLabels({ role: 'backup' }, {}),
          NetworkPeer.ipBlock('10.20.0.0/16', ['10.20.5.0/24']),
        ],
      },
    });
  });
  const apiLabels = find(objects, 'Deployment', ofKind(objects, 'Deployment').find((d) => d.metadata.name.includes('api'))!.metadata.name).spec.selector.matchLabels;
  expect(find(objects, 'NetworkPolicy', 'db').spec.ingress[1]).toEqual({
    from: [
      { podSelector: { matchLabels: selectorOf('web', 'stateless-web') } },
      { podSelector: { matchLabels: selectorOf('other', 'stateless-web') }, namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['frontend'] }] } },
      { podSelector: { matchLabels: apiLabels }, namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } },
      { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['reports', 'batch'] }] } },
      { podSelector: { matchLabels: { role: 'backup' } }, namespaceSelector: { matchLabels: {} } },
      { ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] } },
    ],
    ports: tcp('db'),
  });
  expect(strictSchemaErrors(objects)).toEqual([]);
});

test('networkPolicy.enabled false: no policy', () => {
  expect(ofKind(synthOne((chart) => new StatefulDatabase(chart, 'db', { ...db, networkPolicy: { enabled: false } })), 'NetworkPolicy')).toEqual([]);
});

test('bad input names the prop, the value and what is allowed', () => {
  const build = (networkPolicy: any) => () => synthOne((chart) => new StatefulDatabase(chart, 'db', { ...db, networkPolicy }));
  expect(validationMessage(build({ allowFrom: [] }))).toBe(
    'networkPolicy.allowFrom [] is empty, which would admit no client at all; leave it out for the default, or list at least one NetworkPeer',
  );
  expect(validationMessage(build({ allowFrom: [NetworkPeer.ipBlock('10.20.0.0/33')] }))).toBe(
    "networkPolicy.allowFrom[0].cidr '10.20.0.0/33' is not a CIDR block such as '10.0.0.0/8' or 'fd00::/8'",
  );
  expect(validationMessage(build({ allowFrom: [{ podSelector: {} }] }))).toMatch(/^networkPolicy.allowFrom\[0\] .* is not a NetworkPeer: use NetworkPeer.pods/);
  expect(validationMessage(build({ allowFrom: [NetworkPeer.namespaces('Reports')] }))).toMatch(/^networkPolicy.allowFrom\[0\]\[0\] 'Reports' /);
  expect(validationMessage(build({ allow: [] }))).toMatch(/^networkPolicy.allow \[\] is not a known prop; the props of networkPolicy are enabled, allowFrom, metricsFrom/);
  expect(validationMessage(build({ enabled: 'no' }))).toBe("networkPolicy.enabled 'no' must be true or false");
});
