/**
 * The component package (pulumi-package/) from Python, on the real engine: `pulumi package add`
 * generates and installs the Python SDK from the package's schema, and the Python example
 * (examples/pulumi-python, the whole example shop) creates the objects the TypeScript classes
 * create from the example's props; a second `up` changes nothing; a bad arg fails with the
 * core's message; destroy keeps the namespace and the claims.
 */
import { join } from 'node:path';
import { EnvValue, NetworkPeer, serviceHost } from '../../lib';
import { ordersDb, sessions, storefront } from '../../examples/shop';
import { databaseObjects, get, kubectl, webObjects } from '../cluster/kube';
import { describeWithPulumi, printTimings, PulumiStack, timings } from './stack';

const ns = 'shop-py';
const PACKAGE = join(__dirname, '../../pulumi-package');
const claims = ['data-orders-db-0', 'data-sessions-0', 'data-sessions-1', 'data-sessions-2', 'storefront-shared', 'orders-db-backups'];

describeWithPulumi('the component package from a Python program', () => {
  let stack: PulumiStack;

  beforeAll(() => {
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
    // The example's props, with the hosts in this program's namespace.
    const host = (service: string) => serviceHost(service, ns, 'cluster.local');
    const web = {
      ...storefront,
      env: { DATABASE_HOST: EnvValue.fromValue(host('orders-db')), SESSIONS_HOST: EnvValue.fromValue(host('sessions-primary')) },
      initContainers: [{ ...storefront.initContainers![0], command: ['sh', '-c', `until nc -z -w 2 ${host('orders-db')} 5432; do echo waiting for orders-db; sleep 2; done`] }],
    };
    const expected = [...databaseObjects(ns, 'orders-db', { ...ordersDb, networkPolicy }), ...databaseObjects(ns, 'sessions', { ...sessions, networkPolicy }), ...webObjects(ns, 'storefront', web)];
    expect(expected.map((o) => o.kind)).toEqual(expect.arrayContaining(['StatefulSet', 'Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'CronJob']));
    const podTemplate = (o: any) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template);
    // Environment by name and literal value (the API server adds fieldRef.apiVersion).
    const env = (c: any) => (c.env ?? []).map((e: any) => [e.name, e.value ?? Object.keys(e.valueFrom)[0]]);
    const containers = (spec: any) => [...(spec.initContainers ?? []), ...spec.containers].map((c: any) => [c.name, c.image, c.args ?? [], c.command ?? [], env(c)]);
    for (const object of expected) {
      const live = get(object.kind.toLowerCase(), object.metadata.name, ns);
      expect([object.kind, live.metadata.labels]).toEqual([object.kind, object.metadata.labels]);
      if (object.kind === 'ConfigMap') expect(live.data).toEqual(object.data);
      if (object.kind === 'NetworkPolicy') expect(live.spec).toEqual(object.spec);
      if (['StatefulSet', 'Deployment', 'CronJob'].includes(object.kind)) {
        expect(containers(podTemplate(live).spec)).toEqual(containers(podTemplate(object).spec));
        expect(podTemplate(live).metadata.annotations).toEqual(podTemplate(object).metadata.annotations);
        expect(podTemplate(live).spec.volumes.map((v: any) => v.name)).toEqual(podTemplate(object).spec.volumes.map((v: any) => v.name));
      }
      if (object.kind === 'StatefulSet') {
        expect(live.spec.serviceName).toBe(object.spec.serviceName);
        expect(live.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.resources])).toEqual(object.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.resources]));
      }
    }
  });

  test('a second up changes nothing', () => {
    const { changes } = stack.up('python: second up, no change', ['--expect-no-changes']);
    expect(Object.keys(changes)).toEqual(['same']);
  });

  test("a bad arg fails the preview with the core's message, and touches nothing", () => {
    stack.config({ sessionsReplicas: 20000 });
    try {
      const preview = stack.preview();
      expect(preview.status).not.toBe(0);
      expect(preview.output + preview.diagnostics.join('\n')).toMatch(/\[sessions\] replicas 20000 is more than 10000, the most one StatefulDatabase supports/);
    } finally {
      stack.unsetConfig('sessionsReplicas');
    }
    expect(get('statefulset', 'sessions', ns).spec.replicas).toBe(3);
  });

  test('destroy removes the workloads and keeps every claim', () => {
    const uids = claims.map((c) => get('pvc', c, ns).metadata.uid);
    stack.destroy('python: destroy');
    for (const kind of ['statefulsets', 'deployments', 'services', 'networkpolicies']) {
      expect(kubectl(['get', kind, '-n', ns, '-o', 'name']).stdout.trim()).toBe('');
    }
    expect(claims.map((c) => get('pvc', c, ns).metadata.uid)).toEqual(uids);
    expect(get('namespace', ns, undefined).status.phase).toBe('Active');
  });
});
