/** The Pulumi components under `pulumi.runtime.setMocks`: children, parents, options, outputs. */
import * as pulumi from '@pulumi/pulumi';
import { CapturedOptions, captureOptions, installMocks, registered, resolve } from '../support/pulumi';

const registrations = installMocks();
// Loaded after the mocks are installed, as the Pulumi testing guide does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import { AccessMode, DatabaseEngine, NetworkPeer, PostgresMajorUpgrade, STATEFULSET_IMMUTABLE_FIELDS, StatefulDatabase, StatefulSetDeletion, StatelessWeb, ValidationError } from '../../lib/pulumi';

const dbArgs = { image: 'postgres:16', port: 5432, replicas: 3, storage: { size: '10Gi', mountPath: '/data' } };
const webArgs = { image: 'nginx:1.27', port: 8080, sharedVolume: { size: '5Gi', mountPath: '/srv' }, autoscaling: { minReplicas: 2, maxReplicas: 5 } };

/** Children only: transformations also see the component itself. */
const children = (options: CapturedOptions[]) => options.filter((o) => o.type.startsWith('kubernetes:'));
/** Registrations of objects whose name starts with a test's own prefix (earlier tests may still be registering). */
const objectsNamed = (prefix: string) => registrations.filter((r) => r.type.startsWith('kubernetes:') && String(r.inputs.metadata?.name).startsWith(prefix));

function inputsOf(type: string, name: string): any {
  const matches = registrations.filter((r) => r.type === type && r.inputs.metadata?.name === name);
  expect(matches).toHaveLength(1);
  return matches[0].inputs;
}

beforeEach(() => {
  registrations.length = 0;
});

describe('StatefulDatabase (Pulumi)', () => {
  test('creates typed children, parented to the component, with explicit names', async () => {
    const options: CapturedOptions[] = [];
    const db = new StatefulDatabase('typed', dbArgs, { transformations: [captureOptions(options)] });
    const urns = await registered(db.headlessService, db.service, db.statefulSet, db.podDisruptionBudget);

    expect(objectsNamed('typed').map((r) => r.type).sort()).toEqual(
      ['kubernetes:apps/v1:StatefulSet', 'kubernetes:core/v1:Service', 'kubernetes:core/v1:Service', 'kubernetes:policy/v1:PodDisruptionBudget', 'kubernetes:networking.k8s.io/v1:NetworkPolicy'].sort(),
    );
    for (const urn of urns) {
      expect(urn).toMatch(/::kube-patterns:index:StatefulDatabase\$kubernetes:/);
    }
    // The four objects above, the NetworkPolicy and the three claims (data-typed-0..2).
    expect(children(options)).toHaveLength(8);
    expect(children(options).every((o) => o.opts.parent === db)).toBe(true);
    // Never auto-naming: every object's metadata.name is set, and serviceName matches.
    expect(objectsNamed('typed').map((r) => r.inputs.metadata.name).sort()).toEqual(['typed', 'typed', 'typed', 'typed', 'typed-headless']);
    const sts = inputsOf('kubernetes:apps/v1:StatefulSet', 'typed');
    expect(sts.spec.serviceName).toBe(inputsOf('kubernetes:core/v1:Service', 'typed-headless').metadata.name);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  });

  test("applies each ordinal's claim before the StatefulSet, as the controller would create it, and never deletes it", async () => {
    const options: CapturedOptions[] = [];
    const db = new StatefulDatabase('grown', { ...dbArgs, namespace: 'shop' }, { transformations: [captureOptions(options)] });
    const urns = await registered(...db.claims, db.statefulSet);
    expect(urns.slice(0, 3).every((urn) => urn.includes('::kube-patterns:index:StatefulDatabase$kubernetes:core/v1:PersistentVolumeClaimPatch::data-grown-'))).toBe(true);
    const claims = registrations.filter((r) => r.type === 'kubernetes:core/v1:PersistentVolumeClaimPatch');
    const template = inputsOf('kubernetes:apps/v1:StatefulSet', 'grown').spec.volumeClaimTemplates[0];
    expect(claims.map((c) => c.inputs.metadata.name)).toEqual(['data-grown-0', 'data-grown-1', 'data-grown-2']);
    for (const claim of claims) {
      // The template's spec and labels, in the StatefulSet's namespace; forced, so that a claim the
      // controller created (another field manager) can be resized.
      expect(claim.inputs.spec).toEqual(template.spec);
      expect(claim.inputs.metadata).toEqual({ ...template.metadata, name: claim.inputs.metadata.name, namespace: 'shop', annotations: { 'pulumi.com/patchForce': 'true' } });
    }
    const claimOptions = options.filter((o) => o.type === 'kubernetes:core/v1:PersistentVolumeClaimPatch');
    expect(claimOptions.map((o) => o.opts.retainOnDelete)).toEqual([true, true, true]);
    const sts = options.find((o) => o.type === 'kubernetes:apps/v1:StatefulSet')!;
    for (const claim of db.claims) expect(sts.opts.dependsOn).toContain(claim);
  });

  test('a NetworkPolicy that admits a web component as the only client, as the cdk8s construct renders it', async () => {
    const web = new StatelessWeb('np-web', { ...webArgs, namespace: 'shop' });
    const db = new StatefulDatabase('np-db', { ...dbArgs, namespace: 'shop', networkPolicy: { allowFrom: [NetworkPeer.pods(web)] } });
    await registered(db.networkPolicy!);
    const policy = inputsOf('kubernetes:networking.k8s.io/v1:NetworkPolicy', 'np-db');
    expect(policy.metadata.namespace).toBe('shop');
    expect(policy.spec.ingress[1]).toEqual({ from: [{ podSelector: { matchLabels: web.selectorLabels } }], ports: [{ port: 'db', protocol: 'TCP' }] });
    expect(new StatefulDatabase('np-off', { ...dbArgs, networkPolicy: { enabled: false } }).networkPolicy).toBeUndefined();
  });

  test('immutable StatefulSet fields replace it, deleting first and orphaning pods and claims', async () => {
    const options: CapturedOptions[] = [];
    const db = new StatefulDatabase('orders', dbArgs, { transformations: [captureOptions(options)] });
    await registered(db.statefulSet);
    const sts = options.find((o) => o.type === 'kubernetes:apps/v1:StatefulSet')!;
    expect(sts.opts.replaceOnChanges).toEqual([
      'spec.selector',
      'spec.serviceName',
      'spec.podManagementPolicy',
      'spec.revisionHistoryLimit',
      'spec.volumeClaimTemplates[*].spec',
      'spec.volumeClaimTemplates[*].metadata.labels',
    ]);
    // Every replaced path is one the API server refuses to update (the cluster suite checks that list).
    for (const path of sts.opts.replaceOnChanges!) expect(STATEFULSET_IMMUTABLE_FIELDS.some((field) => path.startsWith(field))).toBe(true);
    expect(sts.opts.deleteBeforeReplace).toBe(true);
    expect(inputsOf('kubernetes:apps/v1:StatefulSet', 'orders').metadata.annotations).toEqual({ 'pulumi.com/deletionPropagationPolicy': 'orphan' });
    // Other children are updated in place as usual.
    expect(children(options).filter((o) => o.opts.replaceOnChanges !== undefined).map((o) => o.type)).toEqual(['kubernetes:apps/v1:StatefulSet']);
  });

  test('a declared PostgreSQL upgrade adds the data-format annotation to the replaced paths, so that the new StatefulSet is created around the running pod', async () => {
    const options: CapturedOptions[] = [];
    const engine = DatabaseEngine.postgres({ version: '17', majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16' }) });
    const db = new StatefulDatabase('upgraded', { namespace: 'shop', engine, storage: { size: '1Gi' } }, { transformations: [captureOptions(options)] });
    await registered(db.statefulSet);
    const sts = options.find((o) => o.type === 'kubernetes:apps/v1:StatefulSet')!;
    expect(sts.opts.replaceOnChanges).toContain('spec.volumeClaimTemplates[*].metadata.annotations');
    for (const path of sts.opts.replaceOnChanges!) expect(STATEFULSET_IMMUTABLE_FIELDS.some((field) => path.startsWith(field))).toBe(true);
    expect(inputsOf('kubernetes:apps/v1:StatefulSet', 'upgraded').metadata.annotations['kube-patterns.io/data-upgrade']).toBe('postgresql-16: pg_upgrade --copy from PostgreSQL 16 to 17');
    expect(inputsOf('kubernetes:apps/v1:StatefulSet', 'upgraded').spec.template.spec.initContainers[0].name).toBe('upgrade-data');
  });

  test('statefulSetDeletion: foreground deletes the pods with the StatefulSet (a clean destroy); a bad value is refused', async () => {
    const db = new StatefulDatabase('clean', { ...dbArgs, statefulSetDeletion: StatefulSetDeletion.FOREGROUND });
    await resolve(db.statefulSet.urn);
    expect(inputsOf('kubernetes:apps/v1:StatefulSet', 'clean').metadata.annotations).toEqual({ 'pulumi.com/deletionPropagationPolicy': 'foreground' });
    expect(() => new StatefulDatabase('bad', { ...dbArgs, statefulSetDeletion: 'cascade' as StatefulSetDeletion })).toThrow(
      "[bad] statefulSetDeletion 'cascade' is not one of 'orphan', 'foreground'",
    );
  });

  test('registers names, DNS names, host and port as outputs', async () => {
    const spy = jest.spyOn(pulumi.ComponentResource.prototype as any, 'registerOutputs');
    const db = new StatefulDatabase('orders', { ...dbArgs, namespace: 'shop' });
    const outputs = spy.mock.calls.at(-1)![0] as Record<string, unknown>;
    spy.mockRestore();
    expect(Object.keys(outputs).sort()).toEqual([
      'connectionString',
      'headlessServiceName',
      'host',
      'name',
      'namespace',
      'podDnsNames',
      'podNames',
      'port',
      'primaryHost',
      'readHost',
      'replicas',
      'serviceName',
    ]);
    expect(outputs.name).toBe('orders');
    expect(outputs.port).toBe(5432);
    expect(await resolve(db.podDnsNames)).toEqual([0, 1, 2].map((i) => `orders-${i}.orders-headless.shop.svc.cluster.local`));
    expect(await resolve(db.host)).toBe('orders.shop.svc.cluster.local');
  });

  test('a namespace known only later is set on every object and used in DNS names', async () => {
    const ns = new (await import('@pulumi/kubernetes')).core.v1.Namespace('data', { metadata: { name: 'data' } });
    const db = new StatefulDatabase('late', { ...dbArgs, namespace: ns.metadata.name });
    await registered(db.statefulSet, db.service, db.headlessService, db.podDisruptionBudget);
    expect(objectsNamed('late')).toHaveLength(5);
    for (const r of objectsNamed('late')) {
      expect(r.inputs.metadata.namespace).toBe('data');
    }
    expect(await resolve(db.podDnsNames)).toContain('late-0.late-headless.data.svc.cluster.local');
  });

  test('secretEnv becomes a Secret referenced by secretKeyRef; the value is a Pulumi secret and not in the pod spec', async () => {
    const db = new StatefulDatabase('secretive', { ...dbArgs, secretEnv: { POSTGRES_PASSWORD: pulumi.output('hunter2-xyz') } });
    await registered(db.statefulSet, db.secret);
    const secret = inputsOf('kubernetes:core/v1:Secret', 'secretive-env');
    // Sent to the engine as a secret (encrypted in the state), not as plain text.
    expect(secret.stringData).toEqual({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: { POSTGRES_PASSWORD: 'hunter2-xyz' } });
    expect(await pulumi.isSecret(db.secret!.stringData)).toBe(true);
    const sts = inputsOf('kubernetes:apps/v1:StatefulSet', 'secretive');
    expect(sts.spec.template.spec.containers[0].env).toEqual([{ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'secretive-env', key: 'POSTGRES_PASSWORD' } } }]);
    expect(JSON.stringify(registrations.filter((r) => r.type !== 'kubernetes:core/v1:Secret'))).not.toContain('hunter2-xyz');
  });

  test('credentials create the Secret the engine reads, as Pulumi secrets; presets expose roles and URIs', async () => {
    const db = new StatefulDatabase('cache', { engine: DatabaseEngine.redis(), replicas: 3, namespace: 'shop', credentials: { password: pulumi.secret('r3dis-pw') } });
    await registered(db.statefulSet, db.credentialsSecret, db.configMap, db.primaryService, db.readService);
    const secret = inputsOf('kubernetes:core/v1:Secret', 'cache-credentials');
    expect(secret.stringData).toEqual({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: { password: 'r3dis-pw' } });
    expect(JSON.stringify(objectsNamed('cache').filter((r) => r.type !== 'kubernetes:core/v1:Secret'))).not.toContain('r3dis-pw');
    expect(inputsOf('kubernetes:core/v1:ConfigMap', 'cache-scripts').data['redis-start.sh']).toMatch(/^#!\/bin\/sh\n/);
    expect(inputsOf('kubernetes:core/v1:Service', 'cache-primary').spec.selector['statefulset.kubernetes.io/pod-name']).toBe('cache-0');
    expect(await resolve(db.primaryHost)).toBe('cache-primary.shop.svc.cluster.local');
    expect(await resolve(db.readHost)).toBe('cache-read.shop.svc.cluster.local');
    expect(await resolve(db.connectionString)).toBe('redis://cache-primary.shop.svc.cluster.local:6379');
  });

  test('credentials without an engine that reads them are refused', () => {
    expect(() => new StatefulDatabase('zk', { engine: DatabaseEngine.zookeeper({ authentication: false }), credentials: { password: 'x' } })).toThrow(
      "[zk] credentials '(given)' needs an engine that reads a credentials Secret: postgres, mysql, mariadb, mongodb, redis, or zookeeper, kafka and cassandra with authentication",
    );
  });

  test('bad args throw ValidationError at construction, naming the resource', () => {
    expect(() => new StatefulDatabase('Orders', dbArgs)).toThrow(
      new ValidationError('Orders', 'name (from the resource name; set props.name to choose one)', 'Orders', "is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit"),
    );
    expect(() => new StatefulDatabase('orders', { ...dbArgs, env: { A: undefined as any }, secretEnv: { A: 'x' } })).toThrow(ValidationError);
  });

  test('does not mutate its args', async () => {
    const args = { ...dbArgs, secretEnv: { PASSWORD: 'x' }, namespace: 'shop' };
    const copy = structuredClone(args);
    const db = new StatefulDatabase('orders', args);
    await registered(db.statefulSet);
    expect(args).toEqual(copy);
  });
});

describe('StatelessWeb (Pulumi)', () => {
  test('creates typed children; the shared claim is retained on delete', async () => {
    const options: CapturedOptions[] = [];
    const web = new StatelessWeb('shop', webArgs, { transformations: [captureOptions(options)] });
    const urns = await registered(web.persistentVolumeClaim, web.deployment, web.service, web.horizontalPodAutoscaler, web.podDisruptionBudget);
    expect(urns.every((urn) => urn.includes('::kube-patterns:index:StatelessWeb$kubernetes:'))).toBe(true);
    expect(children(options).map((o) => o.type).sort()).toEqual(
      ['kubernetes:apps/v1:Deployment', 'kubernetes:autoscaling/v2:HorizontalPodAutoscaler', 'kubernetes:core/v1:PersistentVolumeClaim', 'kubernetes:core/v1:Service', 'kubernetes:policy/v1:PodDisruptionBudget'].sort(),
    );
    expect(options.find((o) => o.type === 'kubernetes:core/v1:PersistentVolumeClaim')!.opts.retainOnDelete).toBe(true);
    expect(options.filter((o) => o.opts.retainOnDelete).length).toBe(1);
    expect(inputsOf('kubernetes:core/v1:PersistentVolumeClaim', 'shop-shared').spec.accessModes).toEqual(['ReadWriteMany']);
    expect(inputsOf('kubernetes:apps/v1:Deployment', 'shop').spec.replicas).toBeUndefined();
    expect(await resolve(web.host)).toBe('shop.default.svc.cluster.local');
  });

  test('refuses a ReadWriteOnce volume shared by replicas, as the cdk8s construct does', () => {
    expect(() => new StatelessWeb('shop', { ...webArgs, sharedVolume: { size: '1Gi', mountPath: '/srv', accessMode: AccessMode.READ_WRITE_ONCE } })).toThrow(
      "[shop] sharedVolume.accessMode 'ReadWriteOnce' cannot be shared by up to 5 replicas (autoscaling.maxReplicas); use ReadWriteMany or ReadOnlyMany: the volume attaches to a single node at a time, so replicas scheduled elsewhere would never start",
    );
  });
});
