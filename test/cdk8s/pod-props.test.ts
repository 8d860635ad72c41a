/**
 * The pod-spec props a real app needs without JSON patches: scheduling (tolerations, node
 * affinity, topology spread), identity (pull secrets, a created ServiceAccount), pod labels,
 * and the client Service's exposure. Rendered output, schema, and one test per bad input.
 */
import {
  DatabaseEngine,
  ServiceType,
  StatefulDatabase,
  StatefulDatabaseProps,
  StatelessWeb,
  StatelessWebProps,
  TaintEffect,
  WhenUnsatisfiable,
} from '../../lib';
import { strictSchemaErrors } from '../support/kubernetes-validate';
import { find, synthOne, validationMessage } from '../support/objects';
import { restrictedViolations } from '../support/pod-security';
import { schemaErrors } from '../support/schema';

const SELECTOR = { 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/managed-by': 'kube-patterns', 'kube-patterns.io/pattern': 'stateful-database' };
const db: StatefulDatabaseProps = { image: 'postgres:16', port: 5432, storage: { size: '10Gi', mountPath: '/data' } };
const web: StatelessWebProps = { image: 'nginx:1.27', port: 8080 };

const synthDb = (props: StatefulDatabaseProps) => synthOne((chart) => new StatefulDatabase(chart, 'db', props));
const synthWeb = (props: StatelessWebProps) => synthOne((chart) => new StatelessWeb(chart, 'web', props));
const dbError = (props: Partial<StatefulDatabaseProps>) => `[app/db] ${validationMessage(() => synthDb({ ...db, ...props }))}`;
const webError = (props: Partial<StatelessWebProps>) => `[app/web] ${validationMessage(() => synthWeb({ ...web, ...props }))}`;

describe('a database on dedicated, internal infrastructure', () => {
  const objects = synthDb({
    engine: DatabaseEngine.postgres(),
    tolerations: [{ key: 'dedicated', value: 'db', effect: TaintEffect.NO_SCHEDULE }],
    nodeAffinity: {
      required: [[{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'm6i.large'] }]],
      preferred: [{ weight: 50, requirements: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] }],
    },
    topologySpreadConstraints: [{ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: WhenUnsatisfiable.DO_NOT_SCHEDULE }],
    imagePullSecrets: ['regcred'],
    serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/db' } },
    podLabels: { team: 'orders' },
    serviceType: ServiceType.LOAD_BALANCER,
    loadBalancerSourceRanges: ['10.0.0.0/8', 'fd00::/8'],
    serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
    serviceLabels: { exposure: 'internal' },
  });
  const sts = find(objects, 'StatefulSet', 'db');
  const pod = sts.spec.template.spec;

  test('every object is schema-valid (strictly, 1.28 and 1.33) and the pod stays restricted', () => {
    expect(schemaErrors(objects)).toEqual([]);
    expect(strictSchemaErrors(objects)).toEqual([]);
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('tolerations, node affinity beside the replicas anti-affinity, spread over the instance selector', () => {
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }]);
    expect(pod.affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'm6i.large'] }] }],
      },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } }],
    });
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels).toEqual(SELECTOR);
    expect(pod.topologySpreadConstraints).toEqual([
      { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: SELECTOR } },
    ]);
  });

  test('a ServiceAccount named after the instance, used by the pods, no token mounted', () => {
    const account = find(objects, 'ServiceAccount', 'db');
    expect(account.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/db' });
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('db');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  test('pod labels reach the pods only; the selector is unchanged', () => {
    expect(sts.spec.template.metadata.labels.team).toBe('orders');
    expect(sts.metadata.labels.team).toBeUndefined();
    expect(sts.spec.selector.matchLabels).toEqual(SELECTOR);
  });

  test('the client Service is an internal load balancer for the given ranges; headless and role Services are untouched', () => {
    const client = find(objects, 'Service', 'db');
    expect(client.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', 'fd00::/8'], selector: SELECTOR });
    expect(client.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
    expect(client.metadata.labels.exposure).toBe('internal');
    const headless = find(objects, 'Service', 'db-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.metadata.annotations).toBeUndefined();
    expect(headless.spec.loadBalancerSourceRanges).toBeUndefined();
  });
});

describe('StatelessWeb spreads over zones by default', () => {
  test('maxSkew 1, ScheduleAnyway, counting the current revision only', () => {
    const pod = find(synthWeb(web), 'Deployment', 'web').spec.template.spec;
    expect(pod.topologySpreadConstraints).toEqual([
      {
        topologyKey: 'topology.kubernetes.io/zone',
        maxSkew: 1,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/managed-by': 'kube-patterns', 'kube-patterns.io/pattern': 'stateless-web' } },
        matchLabelKeys: ['pod-template-hash'],
      },
    ]);
  });

  test('[] removes it; a StatefulDatabase has none by default', () => {
    expect(find(synthWeb({ ...web, topologySpreadConstraints: [] }), 'Deployment', 'web').spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(find(synthDb(db), 'StatefulSet', 'db').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('the token is mounted only when asked', () => {
    expect(find(synthWeb({ ...web, automountServiceAccountToken: true }), 'Deployment', 'web').spec.template.spec.automountServiceAccountToken).toBe(true);
  });
});

describe('bad input', () => {
  test.each<[string, Partial<StatefulDatabaseProps>, string]>([
    ['a toleration without key or exists', { tolerations: [{ value: 'x' }] }, 'tolerations[0].key undefined is required unless exists is true (a toleration without a key, with exists, tolerates every taint)'],
    ['exists with a value', { tolerations: [{ key: 'k', exists: true, value: 'x' }] }, "tolerations[0].value 'x' cannot be given with exists: true, which matches every value"],
    [
      'tolerationSeconds without NoExecute',
      { tolerations: [{ key: 'k', value: 'v', effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: 30 }] },
      "tolerations[0].tolerationSeconds 30 is only allowed with effect 'NoExecute': other effects never evict a running pod",
    ],
    ['In without values', { nodeAffinity: { required: [[{ key: 'k', operator: 'In' }]] } }, 'nodeAffinity.required[0][0].values undefined must list at least one value for In'],
    ['Gt with a non-integer', { nodeAffinity: { required: [[{ key: 'k', operator: 'Gt', values: ['a'] }]] } }, 'nodeAffinity.required[0][0].values ["a"] must be exactly one integer for Gt'],
    ['Exists with values', { nodeAffinity: { required: [[{ key: 'k', operator: 'Exists', values: ['a'] }]] } }, 'nodeAffinity.required[0][0].values ["a"] must be empty for Exists'],
    ['a preference weight of 0', { nodeAffinity: { preferred: [{ weight: 0, requirements: [{ key: 'k', operator: 'Exists' }] }] } }, 'nodeAffinity.preferred[0].weight 0 is not an integer from 1 to 100'],
    [
      'two spread constraints on one key and policy',
      { topologySpreadConstraints: [{ topologyKey: 'z' }, { topologyKey: 'z' }] },
      "topologySpreadConstraints[1].topologyKey 'z' is already constrained with ScheduleAnyway; the API server allows one constraint per topology key and policy",
    ],
    ['maxSkew 0', { topologySpreadConstraints: [{ topologyKey: 'z', maxSkew: 0 }] }, 'topologySpreadConstraints[0].maxSkew 0 is not an integer from 1 to 2147483647 (int32)'],
    [
      'a pull secret name that is not a DNS subdomain',
      { imagePullSecrets: ['Bad_Name'] },
      "imagePullSecrets[0] 'Bad_Name' is not a DNS-1123 subdomain: use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    ],
    [
      'a created and an existing ServiceAccount',
      { serviceAccountName: 'x', serviceAccount: {} },
      'serviceAccount {} cannot be given with serviceAccountName: either use an existing ServiceAccount or let the pattern create one',
    ],
    ['a recommended label in podLabels', { podLabels: { 'app.kubernetes.io/name': 'x' } }, "podLabels 'app.kubernetes.io/name' is set by kube-patterns itself; use the appName, component or partOf props instead"],
    [
      'source ranges without a load balancer',
      { loadBalancerSourceRanges: ['10.0.0.0/8'] },
      'loadBalancerSourceRanges ["10.0.0.0/8"] needs serviceType \'LoadBalancer\'; only a load balancer filters client addresses',
    ],
    [
      'a malformed CIDR',
      { serviceType: ServiceType.LOAD_BALANCER, loadBalancerSourceRanges: ['10.0.0.0/33'] },
      "loadBalancerSourceRanges[0] '10.0.0.0/33' is not a CIDR block such as '10.0.0.0/8' or 'fd00::/8'",
    ],
    ['the pattern label in serviceLabels', { serviceLabels: { 'kube-patterns.io/pattern': 'x' } }, "serviceLabels 'kube-patterns.io/pattern' is set by kube-patterns itself"],
    ['a node port on a ClusterIP database Service', { nodePort: 30001 }, "nodePort 30001 needs serviceType 'NodePort' or 'LoadBalancer'; a ClusterIP Service has no node port"],
  ])('%s', (_name, props, message) => {
    expect(dbError(props)).toBe(`[app/db] ${message}`);
  });

  test('the same rules hold for StatelessWeb', () => {
    expect(webError({ tolerations: [{ value: 'x' }] })).toBe(
      '[app/web] tolerations[0].key undefined is required unless exists is true (a toleration without a key, with exists, tolerates every taint)',
    );
  });
});
