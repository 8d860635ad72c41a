/**
 * The example Pulumi program (examples/pulumi/index.ts) run under mocks: everything `pulumi up`
 * would send to the Kubernetes provider, checked without the Pulumi CLI.
 */
import * as pulumi from '@pulumi/pulumi';
import { CapturedOptions, captureOptions, installMocks, resolve } from '../support/pulumi';

const registrations = installMocks();
pulumi.runtime.setConfig('kube-patterns:dbPassword', 'example-password-123');

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
        'kubernetes:core/v1:Secret::orders-db-env',
        'kubernetes:core/v1:Service::orders-db-headless',
        'kubernetes:core/v1:Service::orders-db',
        'kubernetes:apps/v1:StatefulSet::orders-db',
        'kubernetes:policy/v1:PodDisruptionBudget::orders-db',
        'kube-patterns:index:StatelessWeb::storefront',
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
    const parentOf = (type: string, name: string) => options.find((o) => o.type === type && o.name === name)!.opts.parent;
    for (const [type, name] of [
      ['kubernetes:core/v1:Secret', 'orders-db-env'],
      ['kubernetes:core/v1:Service', 'orders-db-headless'],
      ['kubernetes:core/v1:Service', 'orders-db'],
      ['kubernetes:apps/v1:StatefulSet', 'orders-db'],
      ['kubernetes:policy/v1:PodDisruptionBudget', 'orders-db'],
    ]) {
      expect(parentOf(type, name)).toBeInstanceOf(StatefulDatabase);
    }
    for (const [type, name] of [
      ['kubernetes:core/v1:PersistentVolumeClaim', 'storefront-shared'],
      ['kubernetes:apps/v1:Deployment', 'storefront'],
      ['kubernetes:core/v1:Service', 'storefront'],
      ['kubernetes:autoscaling/v2:HorizontalPodAutoscaler', 'storefront'],
      ['kubernetes:policy/v1:PodDisruptionBudget', 'storefront'],
    ]) {
      expect(parentOf(type, name)).toBeInstanceOf(StatelessWeb);
    }
    const objects = registrations.filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'kubernetes:core/v1:Namespace');
    expect(objects).toHaveLength(10);
    for (const r of objects) {
      expect(r.inputs.metadata.namespace).toBe('shop');
      expect(r.inputs.metadata.labels['app.kubernetes.io/managed-by']).toBe('kube-patterns');
    }
  });

  test('the stack outputs are the resolved exports', () => {
    expect(stackOutputs).toEqual({
      databaseHost: 'orders-db.shop.svc.cluster.local',
      databasePods: [0, 1, 2].map((i) => `orders-db-${i}.orders-db-headless.shop.svc.cluster.local`),
      databasePort: 5432,
      webHost: 'storefront.shop.svc.cluster.local',
      webPort: 80,
    });
  });

  test('exports the database and web DNS names and ports', async () => {
    expect(await resolve(program.databaseHost as pulumi.Output<string>)).toBe('orders-db.shop.svc.cluster.local');
    expect(await resolve(program.databasePods as pulumi.Output<string[]>)).toEqual([0, 1, 2].map((i) => `orders-db-${i}.orders-db-headless.shop.svc.cluster.local`));
    expect(program.databasePort).toBe(5432);
    expect(await resolve(program.webHost as pulumi.Output<string>)).toBe('storefront.shop.svc.cluster.local');
    expect(program.webPort).toBe(80);
  });

  test('the database password travels only inside the Secret, as a Pulumi secret', () => {
    const secret = registrations.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(secret.inputs.stringData[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
    expect(JSON.stringify(registrations.filter((r) => r !== secret))).not.toContain('example-password-123');
    const sts = registrations.find((r) => r.type === 'kubernetes:apps/v1:StatefulSet')!;
    expect(sts.inputs.spec.template.spec.containers[0].env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'orders-db-env', key: 'POSTGRES_PASSWORD' } },
    });
  });
});
