/**
 * The component package (pulumi-package/) from Python, on the real engine: `pulumi package add`
 * generates and installs the Python SDK from the package's schema, and the Python example
 * (examples/pulumi-python) creates the objects the TypeScript classes create for the same
 * intent; a second `up` changes nothing; a bad arg fails with the core's message; destroy keeps
 * the claims.
 */
import { join } from 'node:path';
import { NetworkPeer } from '../../lib';
import { ordersDb, sessions } from '../../examples/shop';
import { createNamespace, databaseObjects, get, kubectl } from '../cluster/kube';
import { describeWithPulumi, printTimings, PulumiStack, timings } from './stack';

const ns = 'shop-py';
const PACKAGE = join(__dirname, '../../pulumi-package');
const claims = ['data-orders-db-0', 'data-sessions-0', 'data-sessions-1', 'data-sessions-2', 'storefront-shared', 'orders-db-backups'];

describeWithPulumi('the component package from a Python program', () => {
  let stack: PulumiStack;

  beforeAll(() => {
    createNamespace(ns);
    stack = new PulumiStack('examples/pulumi-python', 'python');
    const started = Date.now();
    const added = stack.run(['package', 'add', PACKAGE]);
    timings.push({ step: 'python: pulumi package add (SDK generated, venv installed)', seconds: (Date.now() - started) / 1000 });
    expect(added.stdout + added.stderr).toContain('Added package kube-patterns');
    stack.config({ dbPassword: 'orders-secret', sessionsPassword: 'sessions-secret' }, true);
  });

  afterAll(() => printTimings('test:pulumi Python program steps'));

  test('up creates the databases and the web tier, and waits for them', () => {
    const { changes } = stack.up('python: first up');
    expect(Object.keys(changes)).toEqual(['create']);
    expect(get('statefulset', 'orders-db', ns).status.readyReplicas).toBe(1);
    expect(get('statefulset', 'sessions', ns).status.readyReplicas).toBe(3);
    expect(get('deployment', 'storefront', ns).status.readyReplicas).toBeGreaterThanOrEqual(1);
    const outputs = stack.outputs();
    expect(outputs.databaseUri).toMatch(/^postgresql:\/\/postgres@orders-db(-primary)?\.shop-py\.svc\.cluster\.local:5432\/postgres$/);
    expect(outputs.sessionsPrimary).toBe('sessions-primary.shop-py.svc.cluster.local');
    expect(outputs.sessionsPods).toEqual([0, 1, 2].map((i) => `sessions-${i}.sessions-headless.shop-py.svc.cluster.local`));
    // The pods the Python program admits by their labels are the web tier's.
    expect(outputs.webSelectorLabels).toEqual(get('deployment', 'storefront', ns).spec.selector.matchLabels);
  });

  test('the objects are those the TypeScript classes make of the same props', () => {
    const webPods = get('deployment', 'storefront', ns).spec.selector.matchLabels;
    const networkPolicy = { allowFrom: [NetworkPeer.podsWithLabels(webPods)] };
    for (const [id, props] of [['orders-db', ordersDb], ['sessions', sessions]] as const) {
      const expected = databaseObjects(ns, id, { ...props, networkPolicy });
      for (const object of expected) {
        const live = get(object.kind.toLowerCase(), object.metadata.name, ns);
        expect(live.metadata.labels).toEqual(object.metadata.labels);
        if (object.kind === 'ConfigMap') expect(live.data).toEqual(object.data);
        if (object.kind === 'NetworkPolicy') expect(live.spec).toEqual(object.spec);
        if (object.kind === 'StatefulSet') {
          const containers = (sts: any) => sts.spec.template.spec.containers.map((c: any) => [c.name, c.image, c.args ?? [], c.command ?? []]);
          expect(containers(live)).toEqual(containers(object));
          expect(live.spec.serviceName).toBe(object.spec.serviceName);
          expect(live.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.resources])).toEqual(object.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.resources]));
          expect(live.spec.template.metadata.annotations).toEqual(object.spec.template.metadata.annotations);
        }
      }
    }
  });

  test('a second up changes nothing', () => {
    const { changes } = stack.up('python: second up, no change', ['--expect-no-changes']);
    expect(Object.keys(changes)).toEqual(['same']);
  });

  test("a bad arg fails the preview with the core's message, and touches nothing", () => {
    stack.config({ namespace: 'Shop_Py' });
    try {
      const preview = stack.preview();
      expect(preview.status).not.toBe(0);
      expect(preview.output + preview.diagnostics.join('\n')).toMatch(/\[orders-db\] namespace 'Shop_Py' is not a DNS-1123 label/);
    } finally {
      stack.unsetConfig('namespace');
    }
  });

  test('destroy removes the workloads and keeps every claim', () => {
    const uids = claims.map((c) => get('pvc', c, ns).metadata.uid);
    stack.destroy('python: destroy');
    for (const kind of ['statefulsets', 'deployments', 'services', 'networkpolicies']) {
      expect(kubectl(['get', kind, '-n', ns, '-o', 'name']).stdout.trim()).toBe('');
    }
    expect(claims.map((c) => get('pvc', c, ns).metadata.uid)).toEqual(uids);
  });
});
