/**
 * The example program (examples/pulumi) on the real engine, unchanged: `up` creates and awaits
 * every resource, a second `up` changes nothing (no perpetual diff, no fight with the HPA), and
 * `destroy` keeps the namespace and every claim, as the README says.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { eventually, get, KUBECTL, kubectl } from '../cluster/kube';
import { describeWithPulumi, printTimings, PulumiStack } from './stack';

const ns = 'shop';
const claims = ['data-orders-db-0', 'data-sessions-0', 'data-sessions-1', 'data-sessions-2', 'storefront-shared', 'orders-db-backups'];

/**
 * Plays the ingress controller this cluster lacks, for one Ingress: once the Ingress exists, it
 * records a load-balancer address in its status, as a controller would. The provider waits for
 * that address before it calls an Ingress created (as kwok plays the kubelet for pods).
 */
function playIngressController(namespace: string, name: string): ChildProcess {
  const status = JSON.stringify({ status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } } });
  const script = `for _ in $(seq 600); do "$0" -n "$1" patch ingress "$2" --subresource=status --type=merge -p "$3" >/dev/null 2>&1 && exit 0; sleep 1; done; exit 1`;
  return spawn('bash', ['-c', script, KUBECTL, namespace, name, status], { env: process.env, stdio: 'ignore' });
}

describeWithPulumi('the example program on the real Pulumi engine', () => {
  let stack: PulumiStack;
  let claimUids: string[];

  beforeAll(() => {
    stack = new PulumiStack('examples/pulumi/index.ts', 'example');
    stack.config({ dbPassword: 'orders-secret', sessionsPassword: 'sessions-secret' }, true);
  });

  afterAll(() => printTimings('test:pulumi example steps'));

  test('up creates every resource and waits for it', () => {
    const controller = playIngressController(ns, 'shop');
    let changes;
    try {
      ({ changes } = stack.up('example: first up'));
    } finally {
      controller.kill();
    }
    expect(Object.keys(changes).sort()).toEqual(['create']);
    expect(get('statefulset', 'orders-db', ns).status.readyReplicas).toBe(1);
    expect(get('statefulset', 'sessions', ns).status.readyReplicas).toBe(3);
    // The Deployment has no replicas field (the HPA owns the count): its first rollout is complete.
    const web = get('deployment', 'storefront', ns);
    expect(web.spec.replicas).toBeGreaterThanOrEqual(1);
    expect(web.status.readyReplicas).toBe(web.spec.replicas);
    claimUids = claims.map((c) => get('pvc', c, ns).metadata.uid);
    const outputs = stack.outputs();
    expect(outputs.sessionsPrimary).toBe('sessions-primary.shop.svc.cluster.local');
    expect(outputs.databaseUri).toMatch(/^postgresql:\/\/postgres@orders-db(-primary)?\.shop\.svc\.cluster\.local:5432\/postgres$/);
  });

  test('a second up, after the HPA has scaled the web tier to its minimum of 3, changes nothing', async () => {
    await eventually('the HPA scaling storefront to 3', () => get('deployment', 'storefront', ns).spec.replicas === 3, 120);
    const { changes } = stack.up('example: second up, no change', ['--expect-no-changes']);
    expect(Object.keys(changes)).toEqual(['same']);
  });

  test('destroy removes the workloads and Services, and keeps the namespace and every claim (Bound, same UIDs)', () => {
    stack.destroy('example: destroy');
    for (const kind of ['statefulsets', 'deployments', 'services', 'ingresses', 'networkpolicies']) {
      expect(kubectl(['get', kind, '-n', ns, '-o', 'name']).stdout.trim()).toBe('');
    }
    expect(get('namespace', ns, undefined).status.phase).toBe('Active');
    expect(claims.map((c) => get('pvc', c, ns).metadata.uid)).toEqual(claimUids);
    for (const c of claims) expect(get('pvc', c, ns).status.phase).toBe('Bound');
  });
});
