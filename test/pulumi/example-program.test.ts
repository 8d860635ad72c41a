/**
 * The example Pulumi program (examples/pulumi/index.ts) run under mocks: everything `pulumi up`
 * would send to the Kubernetes provider, checked without the Pulumi CLI.
 */
import * as pulumi from '@pulumi/pulumi';
import { CapturedOptions, captureOptions, installMocks } from '../support/pulumi';

const registrations = installMocks();
pulumi.runtime.setConfig('kube-patterns:dbPassword', 'example-password-123');
pulumi.runtime.setConfig('kube-patterns:sessionsPassword', 'sessions-password-456');

describe('examples/pulumi', () => {
  let program: Record<string, pulumi.Output<unknown> | number>;
  let stackOutputs: Record<string, unknown>;
  const options: CapturedOptions[] = [];

  beforeAll(async () => {
    // Run the program the way the Pulumi runtime does: inside a stack, whose outputs are the
    // program's exports, resolved once every registration has been made.
    stackOutputs = (await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation(captureOptions(options));
      program = await import('../../examples/pulumi/index');
      return program;
    })) as Record<string, unknown>;
    // Let the registrations still queued (those waiting on dependsOn) reach the mocks.
    await pulumi.runtime.disconnect();
  });

  test('registers the components and their typed children', () => {
    const names = registrations.map((r) => `${r.type}::${r.name}`).sort();
    expect(names).toEqual(
      [
        'pulumi:pulumi:Stack::kube-patterns-test',
        'kubernetes:core/v1:Namespace::shop',
        'kube-patterns:index:StatefulDatabase::orders-db',
        'kubernetes:core/v1:Secret::orders-db-credentials',
        'kubernetes:core/v1:ConfigMap::orders-db-initdb',
        'kubernetes:core/v1:Service::orders-db-headless',
        'kubernetes:core/v1:Service::orders-db',
        'kubernetes:core/v1:PersistentVolumeClaimPatch::data-orders-db-0',
        'kubernetes:apps/v1:StatefulSet::orders-db',
        'kubernetes:monitoring.coreos.com/v1:PodMonitor::orders-db',
        'kubernetes:core/v1:PersistentVolumeClaim::orders-db-backups',
        'kubernetes:core/v1:ConfigMap::orders-db-backup-scripts',
        'kubernetes:batch/v1:CronJob::orders-db-backup',
        'kubernetes:batch/v1:CronJob::orders-db-restore',
        'kube-patterns:index:StatefulDatabase::sessions',
        'kubernetes:core/v1:Secret::sessions-credentials',
        'kubernetes:core/v1:ConfigMap::sessions-scripts',
        'kubernetes:core/v1:Service::sessions-headless',
        'kubernetes:core/v1:Service::sessions',
        'kubernetes:core/v1:Service::sessions-primary',
        'kubernetes:core/v1:Service::sessions-read',
        'kubernetes:core/v1:PersistentVolumeClaimPatch::data-sessions-0',
        'kubernetes:core/v1:PersistentVolumeClaimPatch::data-sessions-1',
        'kubernetes:core/v1:PersistentVolumeClaimPatch::data-sessions-2',
        'kubernetes:apps/v1:StatefulSet::sessions',
        'kubernetes:policy/v1:PodDisruptionBudget::sessions',
        'kube-patterns:index:StatelessWeb::storefront',
        'kubernetes:core/v1:ConfigMap::storefront-nginx',
        'kubernetes:networking.k8s.io/v1:Ingress::shop',
        'kubernetes:networking.k8s.io/v1:NetworkPolicy::orders-db',
        'kubernetes:networking.k8s.io/v1:NetworkPolicy::sessions',
        'kubernetes:core/v1:PersistentVolumeClaim::storefront-shared',
        'kubernetes:apps/v1:Deployment::storefront',
        'kubernetes:core/v1:Service::storefront',
        'kubernetes:autoscaling/v2:HorizontalPodAutoscaler::storefront',
        'kubernetes:policy/v1:PodDisruptionBudget::storefront',
      ].sort(),
    );
  });

  test('each Kubernetes object is a child of its component, in the shop namespace', async () => {
    const { StatefulDatabase, StatelessWeb } = await import('../../lib/pulumi');
    // The program's own objects (namespace, nginx ConfigMap, Ingress) have no component parent.
    const programObjects = ['kubernetes:core/v1:Namespace', 'kubernetes:networking.k8s.io/v1:Ingress'];
    const own = (o: { type: string; name: string }) => programObjects.includes(o.type) || o.name === 'storefront-nginx';
    const kubernetesChildren = options.filter((o) => o.type.startsWith('kubernetes:') && !own(o));
    expect(kubernetesChildren).toHaveLength(29);
    for (const child of kubernetesChildren) {
      const expectedParent = child.name.startsWith('storefront') ? StatelessWeb : StatefulDatabase;
      expect(child.opts.parent).toBeInstanceOf(expectedParent);
    }
    const objects = registrations.filter((r) => r.type.startsWith('kubernetes:') && !own(r));
    expect(objects).toHaveLength(29);
    for (const r of objects) {
      expect(r.inputs.metadata.namespace).toBe('shop');
      expect(r.inputs.metadata.labels['app.kubernetes.io/managed-by']).toBe('kube-patterns');
    }
  });

  test('destroy keeps the data: the namespace (whose deletion would delete every claim), the shared web claim and the backup claim are retained', () => {
    const retained = options.filter((o) => o.opts.retainOnDelete).map((o) => `${o.type}::${o.name}`).sort();
    expect(retained).toEqual([
      'kubernetes:core/v1:Namespace::shop',
      'kubernetes:core/v1:PersistentVolumeClaim::orders-db-backups',
      'kubernetes:core/v1:PersistentVolumeClaim::storefront-shared',
      'kubernetes:core/v1:PersistentVolumeClaimPatch::data-orders-db-0',
      'kubernetes:core/v1:PersistentVolumeClaimPatch::data-sessions-0',
      'kubernetes:core/v1:PersistentVolumeClaimPatch::data-sessions-1',
      'kubernetes:core/v1:PersistentVolumeClaimPatch::data-sessions-2',
    ]);
    // The StatefulSets' claims are applied by the components and retained; the retention policy keeps them too.
    for (const sts of registrations.filter((r) => r.type === 'kubernetes:apps/v1:StatefulSet')) {
      expect(sts.inputs.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    }
  });

  test('the stack outputs are the resolved exports', () => {
    expect(stackOutputs).toEqual({
      databaseUri: 'postgresql://postgres@orders-db.shop.svc.cluster.local:5432/postgres',
      databaseHost: 'orders-db.shop.svc.cluster.local',
      sessionsPrimary: 'sessions-primary.shop.svc.cluster.local',
      sessionsPods: [0, 1, 2].map((i) => `sessions-${i}.sessions-headless.shop.svc.cluster.local`),
      webHost: 'storefront.shop.svc.cluster.local',
      webPort: 80,
    });
    expect(pulumi.Output.isInstance(program.databaseHost)).toBe(true);
  });

  test('the passwords travel only inside the credentials Secrets, as Pulumi secrets', () => {
    const secrets = registrations.filter((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(secrets.map((r) => r.inputs.metadata.name).sort()).toEqual(['orders-db-credentials', 'sessions-credentials']);
    for (const secret of secrets) {
      expect(secret.inputs.stringData[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
    }
    const others = JSON.stringify(registrations.filter((r) => !secrets.includes(r)));
    expect(others).not.toContain('example-password-123');
    expect(others).not.toContain('sessions-password-456');
    const sts = registrations.find((r) => r.type === 'kubernetes:apps/v1:StatefulSet' && r.name === 'orders-db')!;
    // The pod reads the Secret as a file.
    expect(sts.inputs.spec.template.spec.containers[0].env).toContainEqual({ name: 'POSTGRES_PASSWORD_FILE', value: '/etc/kube-patterns/credentials/password' });
    expect(sts.inputs.spec.template.spec.volumes).toContainEqual({ name: 'credentials', secret: { secretName: 'orders-db-credentials', items: [{ key: 'password', path: 'password' }], defaultMode: 0o440 } });
  });
});
