/**
 * The Pulumi component package (pulumi-package/): its schema, read from the data args' TypeScript
 * declarations by Pulumi's own analyzer, has a type for every arg (nothing falls back to `Any`);
 * data args give exactly the objects the TypeScript classes give for the same intent; and bad
 * data is refused with the prop, the value and the reason.
 */
import * as pulumi from '@pulumi/pulumi';
import fc from 'fast-check';
import { join } from 'node:path';
import { childrenRegistered, installMocks, Registration } from '../support/pulumi';

const registrations = installMocks();
import * as classes from '../../lib/pulumi';
import * as pkg from '../../lib/pulumi/package';
import { NGINX_CONFIG, ORDERS_SCHEMA, ordersDb, PULL_SECRET, sessions, storefront } from '../../examples/shop';

const PACKAGE_DIR = join(__dirname, '../../pulumi-package');
const DB = 'kube-patterns:index:StatefulDatabase';
const WEB = 'kube-patterns:index:StatelessWeb';

let schema: any;
beforeAll(async () => {
  schema = JSON.parse(await new pkg.KubePatternsProvider(PACKAGE_DIR).getSchema());
}, 60_000);

beforeEach(() => {
  registrations.length = 0;
});

/** Every property definition in the schema, with where it is. */
function properties(): Array<[string, any]> {
  const all: Array<[string, any]> = [];
  for (const [token, resource] of Object.entries<any>(schema.resources)) {
    for (const [name, p] of Object.entries(resource.inputProperties)) all.push([`${token} input ${name}`, p]);
    for (const [name, p] of Object.entries(resource.properties)) all.push([`${token} output ${name}`, p]);
  }
  for (const [token, type] of Object.entries<any>(schema.types)) {
    for (const [name, p] of Object.entries(type.properties ?? {})) all.push([`${token}.${name}`, p]);
  }
  return all;
}

describe('the package schema', () => {
  test('has the two components, under the package name', () => {
    expect(schema.name).toBe('kube-patterns');
    expect(Object.keys(schema.resources).sort()).toEqual([DB, WEB]);
    expect(schema.resources[DB].isComponent).toBe(true);
  });

  test('types every arg: none is Any, every property is described', () => {
    const untyped = properties().filter(([, p]) => JSON.stringify(p).includes('pulumi.json#/Any'));
    expect(untyped.map(([where]) => where)).toEqual([]);
    const undocumented = properties().filter(([where, p]) => !where.includes(' output ') && !p.description);
    expect(undocumented.map(([where]) => where)).toEqual([]);
  });

  test('describes in words: no JSDoc object leaks into a description', () => {
    expect(JSON.stringify(schema)).not.toContain('[object Object]');
  });

  test('names enum members in PascalCase after their values, as the code generators expect', () => {
    const members = Object.values<any>(schema.types).flatMap((t) => t.enum ?? []);
    expect(members.length).toBeGreaterThan(30);
    for (const member of members) expect(member.name).toBe(member.value.charAt(0).toUpperCase() + member.value.slice(1));
    expect(schema.types['kube-patterns:index:ProbeKind'].enum.map((m: any) => m.name)).toEqual(['TcpSocket', 'HttpGet', 'Exec', 'None']);
  });

  test('requires only what the classes require', () => {
    expect(schema.resources[DB].requiredInputs ?? []).toEqual([]);
    expect([...schema.resources[WEB].requiredInputs].sort()).toEqual(['image', 'port']);
  });

  test('names every engine preset, and nothing else', () => {
    const factories = Object.getOwnPropertyNames(classes.DatabaseEngine).filter((k) => typeof (classes.DatabaseEngine as any)[k] === 'function');
    const kinds = schema.types['kube-patterns:index:EngineKind'].enum.map((e: { value: string }) => e.value);
    expect(kinds.sort()).toEqual(factories.sort());
  });

  test('takes secrets and the namespace as inputs, and the rest as plain data', () => {
    const inputs = schema.resources[DB].inputProperties;
    expect(inputs.namespace.plain).toBeUndefined();
    expect(inputs.credentials.additionalProperties.plain).toBeUndefined();
    expect(inputs.engine.plain).toBe(true);
    expect(inputs.storage.plain).toBe(true);
  });

  test('outputs the names and DNS names', () => {
    expect(Object.keys(schema.resources[DB].properties).sort()).toEqual(
      ['connectionString', 'headlessServiceName', 'host', 'name', 'namespace', 'podDnsNames', 'podNames', 'port', 'primaryHost', 'readHost', 'replicas', 'selectorLabels', 'serviceName'].sort(),
    );
    expect(Object.keys(schema.resources[WEB].properties).sort()).toEqual(['host', 'name', 'namespace', 'port', 'replicas', 'selectorLabels', 'serviceName', 'sharedClaimName'].sort());
  });
});

/** The Kubernetes objects registered until now, sorted. */
function objects(list: readonly Registration[]): any[] {
  return list
    .filter((r) => r.type.startsWith('kubernetes:'))
    .map((r) => structuredClone(r.inputs))
    .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
}

/** Waits until `count` Kubernetes objects are registered (the package component's children). */
async function registeredCount(count: number): Promise<void> {
  for (let i = 0; i < 500 && registrations.filter((r) => r.type.startsWith('kubernetes:')).length < count; i++) {
    await new Promise((done) => setTimeout(done, 2));
  }
}

/** The objects of the class built from `classArgs`, and those of the package component built from `data`. */
async function both<C, D>(
  build: { cls: (args: C) => pulumi.ComponentResource; pkg: (args: D) => pulumi.ComponentResource },
  classArgs: C,
  data: D,
): Promise<{ expected: any[]; actual: any[] }> {
  registrations.length = 0;
  await childrenRegistered(build.cls(classArgs));
  const expected = objects(registrations);
  registrations.length = 0;
  // Under another parent, so that the URNs differ from the class's.
  const parent = new pulumi.ComponentResource('test:index:Data', `data-${Math.random()}`);
  build.pkg(data);
  void parent;
  await registeredCount(expected.length);
  await new Promise((done) => setTimeout(done, 20));
  return { expected, actual: objects(registrations) };
}

let unique = 0;
const database = {
  cls: (args: classes.StatefulDatabaseArgs) => new classes.StatefulDatabase(`db${++unique}`, { name: 'db', ...args }),
  pkg: (args: pkg.StatefulDatabasePackageArgs) => new pkg.StatefulDatabase(`db${++unique}`, { name: 'db', ...args }),
};
const web = {
  cls: (args: classes.StatelessWebArgs) => new classes.StatelessWeb(`web${++unique}`, { name: 'web', ...args }),
  pkg: (args: pkg.StatelessWebPackageArgs) => new pkg.StatelessWeb(`web${++unique}`, { name: 'web', ...args }),
};

describe('data args give the objects of the TypeScript classes', () => {
  const shopNodes = [{ key: 'workload', value: 'shop', effect: classes.TaintEffect.NO_SCHEDULE }];

  test("for the example's orders database, as the Python example gives it", async () => {
    const { expected, actual } = await both(database, { ...ordersDb, name: 'db', namespace: 'shop' }, {
      namespace: 'shop',
      engine: { kind: pkg.EngineKind.POSTGRES, version: '17' },
      storage: { size: '20Gi' },
      config: { shared_buffers: '256MB', log_min_duration_statement: '500' },
      initScripts: { files: { '01-orders.sql': ORDERS_SCHEMA } },
      backup: { schedule: '0 3 * * *', keep: 14 },
      tolerations: shopNodes,
      imagePullSecrets: [PULL_SECRET],
      metrics: { interval: '30s', podMonitor: true },
    });
    expect(actual.map((o) => o.kind)).toContain('StatefulSet');
    expect(actual).toEqual(expected);
  });

  test("for the example's sessions cache, with a network policy admitting the web tier's pods", async () => {
    const webPods = { 'app.kubernetes.io/instance': 'storefront' };
    const { expected, actual } = await both(
      database,
      { ...sessions, name: 'db', networkPolicy: { allowFrom: [classes.NetworkPeer.podsWithLabels(webPods), classes.NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16'])] } },
      {
        engine: { kind: pkg.EngineKind.REDIS },
        replicas: 3,
        config: { maxmemory: '256mb', 'maxmemory-policy': 'allkeys-lru' },
        tolerations: shopNodes,
        imagePullSecrets: [PULL_SECRET],
        networkPolicy: { allowFrom: [{ kind: pkg.NetworkPeerKind.PODS, podLabels: webPods }, { kind: pkg.NetworkPeerKind.IP_BLOCK, cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }] },
      },
    );
    expect(actual.find((o) => o.kind === 'NetworkPolicy')).toBeDefined();
    expect(actual).toEqual(expected);
  });

  test("for the example's web tier: config volume, init container, preStop, probe, autoscaling", async () => {
    const host = (service: string) => classes.serviceHost(service, 'shop', 'cluster.local');
    const env = { DATABASE_HOST: host('orders-db'), SESSIONS_HOST: host('sessions-primary') };
    const { expected, actual } = await both(web, { ...storefront, name: 'web' }, {
      image: 'nginxinc/nginx-unprivileged:1.27',
      port: 8080,
      servicePort: 80,
      securityContext: { runAsUser: 101, writablePaths: ['/tmp'] },
      sharedVolume: { size: '5Gi', mountPath: '/usr/share/nginx/html/media' },
      volumes: [{ name: 'nginx-conf', kind: pkg.VolumeKind.CONFIG_MAP, sourceName: NGINX_CONFIG.name, sourceData: NGINX_CONFIG.data, mountPath: '/etc/nginx/conf.d' }],
      initContainers: [{ name: 'wait-for-db', image: 'busybox:1.36', command: storefront.initContainers![0].command }],
      autoscaling: { minReplicas: 3, maxReplicas: 10 },
      readinessProbe: { kind: pkg.ProbeKind.HTTP_GET, path: '/healthz' },
      preStop: { exec: ['sleep', '5'] },
      tolerations: shopNodes,
      imagePullSecrets: [PULL_SECRET],
      env,
    });
    const deployment = actual.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.metadata.annotations['kube-patterns.io/config-sha256']).toBeDefined();
    expect(actual).toEqual(expected);
  });

  test('for volumes of every kind, and a sidecar with its port, probe, environment and envFrom', async () => {
    const classVolumes = [
      { name: 'conf', source: classes.VolumeSource.configMap('conf', { items: [{ key: 'a', path: 'a.conf' }], defaultMode: 0o440 }), mountPath: '/etc/conf' },
      { name: 'creds', source: classes.VolumeSource.secret('creds', { optional: true }), mountPath: '/etc/creds' },
      { name: 'data', source: classes.VolumeSource.persistentVolumeClaim('data', { readOnly: true }), mountPath: '/data', readOnly: true },
      { name: 'scratch', source: classes.VolumeSource.emptyDir({ medium: 'Memory', sizeLimit: '64Mi' }), mountPath: '/scratch' },
      {
        name: 'bundle',
        source: classes.VolumeSource.projected(
          [
            { configMap: { name: 'site', data: { 'index.html': '<h1>hi</h1>' } }, items: [{ key: 'index.html', path: 'www/index.html' }] },
            { secret: 'api-key' },
            { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 600 } },
            { downwardAPI: [{ path: 'pod', fieldPath: 'metadata.name' }] },
          ],
          { defaultMode: 0o440 },
        ),
        mountPath: '/etc/bundle',
      },
    ];
    const sidecar = { name: 'proxy', image: 'envoyproxy/envoy:v1.31', ports: [{ name: 'admin', containerPort: 9901 }], volumeMounts: [{ volume: 'scratch', mountPath: '/cache' }] };
    const { expected, actual } = await both(
      web,
      {
        image: 'nginx:1.27',
        port: 80,
        volumes: classVolumes,
        sidecars: [{ ...sidecar, env: { LEVEL: classes.EnvValue.fromValue('info') }, envFrom: [{ configMap: 'proxy-env', prefix: 'P_' }], readinessProbe: classes.Probe.tcpSocket() }],
      },
      {
        image: 'nginx:1.27',
        port: 80,
        volumes: [
          { name: 'conf', kind: pkg.VolumeKind.CONFIG_MAP, sourceName: 'conf', items: [{ key: 'a', path: 'a.conf' }], defaultMode: 0o440, mountPath: '/etc/conf' },
          { name: 'creds', kind: pkg.VolumeKind.SECRET, sourceName: 'creds', optional: true, mountPath: '/etc/creds' },
          { name: 'data', kind: pkg.VolumeKind.PERSISTENT_VOLUME_CLAIM, sourceName: 'data', claimReadOnly: true, mountPath: '/data', readOnly: true },
          { name: 'scratch', kind: pkg.VolumeKind.EMPTY_DIR, medium: 'Memory', sizeLimit: '64Mi', mountPath: '/scratch' },
          {
            name: 'bundle',
            kind: pkg.VolumeKind.PROJECTED,
            sources: [
              { configMap: 'site', sourceData: { 'index.html': '<h1>hi</h1>' }, items: [{ key: 'index.html', path: 'www/index.html' }] },
              { secret: 'api-key' },
              { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 600 } },
              { downwardAPI: [{ path: 'pod', fieldPath: 'metadata.name' }] },
            ],
            defaultMode: 0o440,
            mountPath: '/etc/bundle',
          },
        ],
        sidecars: [{ ...sidecar, env: { LEVEL: 'info' }, envFrom: [{ configMap: 'proxy-env', prefix: 'P_' }], readinessProbe: { kind: pkg.ProbeKind.TCP_SOCKET } }],
      },
    );
    const pod = actual.find((o) => o.kind === 'Deployment').spec.template.spec;
    expect(pod.volumes.map((v: any) => v.name)).toEqual(expect.arrayContaining(['conf', 'creds', 'data', 'scratch', 'bundle']));
    expect(pod.volumes.find((v: any) => v.name === 'bundle').projected.sources).toHaveLength(4);
    // The projected ConfigMap's content is hashed, as in TypeScript.
    expect(actual.find((o) => o.kind === 'Deployment').spec.template.metadata.annotations['kube-patterns.io/config-sha256']).toBeDefined();
    expect([...pod.containers, ...(pod.initContainers ?? [])].map((c: any) => c.name)).toContain('proxy');
    expect(actual).toEqual(expected);
  });

  test.each(Object.values(pkg.EngineKind))('for the %s preset with its options', async (kind) => {
    const options = { version: '1.2.3', credentialsSecretName: 'creds', ...(kind === 'mongodb' ? { replicaSetName: 'rs1' } : {}), ...(kind === 'cassandra' ? { datacenter: 'dc2' } : {}) };
    // The SQL presets do not replicate and refuse more than one pod.
    const replicas = ['postgres', 'mysql', 'mariadb'].includes(kind) ? 1 : 3;
    const { expected, actual } = await both(database, { engine: classes.DatabaseEngine[kind](options), replicas }, { engine: { kind, ...options }, replicas });
    expect(actual).toEqual(expected);
  });

  test.each([pkg.EngineKind.ZOOKEEPER, pkg.EngineKind.KAFKA, pkg.EngineKind.CASSANDRA])('for the %s preset with authentication off', async (kind) => {
    const { expected, actual } = await both(database, { engine: classes.DatabaseEngine[kind]({ authentication: false }), replicas: 3 }, { engine: { kind, authentication: false }, replicas: 3 });
    expect(actual.find((o) => o.kind === 'StatefulSet').spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('credentials');
    expect(actual).toEqual(expected);
  });

  test('for a web tier with probes, environment, preStop and autoscaling', async () => {
    const common = { image: 'nginx:1.27', port: 8080, autoscaling: { minReplicas: 2, maxReplicas: 5 }, preStop: { exec: ['sleep', '5'] } };
    const { expected, actual } = await both(
      web,
      {
        ...common,
        env: { MODE: classes.EnvValue.fromValue('production') },
        readinessProbe: classes.Probe.httpGet('/healthz', { periodSeconds: 5 }),
        livenessProbe: classes.Probe.exec(['cat', '/tmp/alive']),
        startupProbe: classes.Probe.none(),
      },
      {
        ...common,
        env: { MODE: 'production' },
        readinessProbe: { kind: pkg.ProbeKind.HTTP_GET, path: '/healthz', periodSeconds: 5 },
        livenessProbe: { kind: pkg.ProbeKind.EXEC, command: ['cat', '/tmp/alive'] },
        startupProbe: { kind: pkg.ProbeKind.NONE },
      },
    );
    expect(actual.map((o) => o.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);
    expect(actual).toEqual(expected);
  });

  test('for random probe specs', async () => {
    const timing = fc.record({ periodSeconds: fc.integer({ min: 1, max: 60 }), failureThreshold: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: [] });
    const spec = fc.oneof(
      timing.map((t) => ({ data: { kind: pkg.ProbeKind.TCP_SOCKET, ...t }, probe: classes.Probe.tcpSocket(t) })),
      fc.tuple(fc.constantFrom('/', '/healthz', '/ready'), timing).map(([path, t]) => ({ data: { kind: pkg.ProbeKind.HTTP_GET, path, ...t }, probe: classes.Probe.httpGet(path, t) })),
      fc.tuple(fc.array(fc.constantFrom('true', 'test', '-f', '/tmp/ok'), { minLength: 1, maxLength: 3 }), timing).map(([command, t]) => ({ data: { kind: pkg.ProbeKind.EXEC, command, ...t }, probe: classes.Probe.exec(command, t) })),
    );
    await fc.assert(
      fc.asyncProperty(spec, async ({ data, probe }) => {
        const { expected, actual } = await both(web, { image: 'nginx:1.27', port: 80, livenessProbe: probe }, { image: 'nginx:1.27', port: 80, livenessProbe: data });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  test('for the update strategy, retention policy and deletion', async () => {
    const same = { storage: { size: '1Gi', mountPath: '/data' }, persistentVolumeClaimRetentionPolicy: { whenScaled: classes.PersistentVolumeClaimRetentionPolicyType.DELETE }, statefulSetDeletion: classes.StatefulSetDeletion.FOREGROUND };
    const { expected, actual } = await both(
      database,
      { ...same, image: 'postgres:17', port: 5432, updateStrategy: classes.StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 }) },
      { ...same, image: 'postgres:17', port: 5432, updateStrategy: { type: pkg.UpdateStrategyType.ROLLING_UPDATE, partition: 1 } },
    );
    expect(actual).toEqual(expected);
  });

  test('for a PostgreSQL major upgrade: the same upgrade container and data-format annotations', async () => {
    const storage = { size: '1Gi' };
    const { expected, actual } = await both(
      database,
      { storage, engine: classes.DatabaseEngine.postgres({ version: '17', majorUpgrade: classes.PostgresMajorUpgrade.pgUpgrade({ fromVersion: '16', transfer: classes.PgUpgradeTransfer.LINK, resources: { limits: { memory: '2Gi' } } }) }) },
      { storage, engine: { kind: pkg.EngineKind.POSTGRES, version: '17', majorUpgrade: { fromVersion: '16', transfer: classes.PgUpgradeTransfer.LINK, resources: { limits: { memory: '2Gi' } } } } },
    );
    expect(actual).toEqual(expected);
    const statefulSet = actual.find((o) => o.kind === 'StatefulSet')!;
    expect(statefulSet.spec.template.spec.initContainers.map((c: any) => c.name)).toContain('upgrade-data');
    expect(statefulSet.metadata.annotations['kube-patterns.io/data-upgrade']).toMatch(/postgresql-16/);
  });

  test.each<[string, ConstructorParameters<typeof classes.StatelessWeb>[1]['strategy'], pkg.DeploymentStrategySpec]>([
    ['Recreate', classes.DeploymentStrategy.recreate(), { type: pkg.DeploymentStrategyType.RECREATE }],
    ['RollingUpdate with a count and a percentage', classes.DeploymentStrategy.rollingUpdate({ maxSurge: classes.PercentOrAbsolute.absolute(2), maxUnavailable: classes.PercentOrAbsolute.percent(10) }), { type: pkg.DeploymentStrategyType.ROLLING_UPDATE, maxSurge: '2', maxUnavailable: '10%' }],
    ['RollingUpdate with the defaults', classes.DeploymentStrategy.rollingUpdate(), { type: pkg.DeploymentStrategyType.ROLLING_UPDATE }],
  ])('for the web strategy: %s', async (_, strategy, data) => {
    const { expected, actual } = await both(web, { image: 'nginx:1.27', port: 80, strategy }, { image: 'nginx:1.27', port: 80, strategy: data });
    expect(actual).toEqual(expected);
    expect(actual.find((o) => o.kind === 'Deployment')!.spec.strategy.type).toBe(data.type);
  });
});

describe('bad data is refused with the prop, the value and the reason', () => {
  test.each<[string, pkg.StatelessWebPackageArgs['strategy'], RegExp]>([
    ['a surge with Recreate', { type: pkg.DeploymentStrategyType.RECREATE, maxSurge: '1' }, /strategy\.maxSurge '1' applies only to strategy\.type 'RollingUpdate', not 'Recreate'/],
    ['a surge that is neither a count nor a percentage', { type: pkg.DeploymentStrategyType.ROLLING_UPDATE, maxSurge: '1.5' }, /strategy\.maxSurge '1\.5' is not a count of pods \('1'\) or a whole percentage of the desired replicas \('25%'\)/],
    ['a percentage above 100 (checked by the core)', { type: pkg.DeploymentStrategyType.ROLLING_UPDATE, maxUnavailable: '150%' }, /strategy\.maxUnavailable 150 /],
    ['both zero (checked by the core)', { type: pkg.DeploymentStrategyType.ROLLING_UPDATE, maxSurge: '0', maxUnavailable: '0%' }, /strategy\.maxSurge 0 and strategy\.maxUnavailable are both zero/],
    ['an unknown type', { type: 'BlueGreen' as pkg.DeploymentStrategyType }, /strategy\.type 'BlueGreen' is not one of 'RollingUpdate', 'Recreate'/],
  ])('web: %s', (_, strategy, message) => {
    expect(() => new pkg.StatelessWeb(`bad${++unique}`, { image: 'x:1', port: 1, strategy })).toThrow(message);
  });

  test.each<[string, pkg.StatefulDatabasePackageArgs, RegExp]>([
    ['an unknown engine kind', { engine: { kind: 'oracle' as pkg.EngineKind } }, /engine\.kind 'oracle' is not one of 'postgres', 'mysql'/],
    ['an option of another kind', { engine: { kind: pkg.EngineKind.POSTGRES, replicaSetName: 'rs0' } }, /engine\.replicaSetName 'rs0' applies only to engine\.kind 'mongodb', not 'postgres'/],
    ['an unknown engine option', { engine: { kind: pkg.EngineKind.REDIS, walLevel: 'logical' } as never }, /engine\.walLevel 'logical' is not a known prop/],
    ['a major upgrade of another engine', { engine: { kind: pkg.EngineKind.MYSQL, majorUpgrade: { fromVersion: '8' } } }, /engine\.majorUpgrade .* applies only to engine\.kind 'postgres', not 'mysql'/],
    ['a major upgrade that goes back (checked by the core)', { engine: { kind: pkg.EngineKind.POSTGRES, version: '16', majorUpgrade: { fromVersion: '17' } } }, /engine majorUpgrade\.fromVersion '17' is not below the engine's major version 16/],
    ['httpGet without a path', { image: 'x:1', port: 1, readinessProbe: { kind: pkg.ProbeKind.HTTP_GET } }, /readinessProbe\.path .* is required with readinessProbe\.kind 'httpGet'/],
    ['a command on a TCP probe', { image: 'x:1', port: 1, livenessProbe: { kind: pkg.ProbeKind.TCP_SOCKET, command: ['true'] } }, /livenessProbe\.command .* applies only to livenessProbe\.kind 'exec', not 'tcpSocket'/],
    ['timings on no probe', { image: 'x:1', port: 1, startupProbe: { kind: pkg.ProbeKind.NONE, periodSeconds: 5 } }, /startupProbe .* has timings, which startupProbe\.kind 'none' does not take/],
    ['a peer without its labels', { engine: { kind: pkg.EngineKind.REDIS }, networkPolicy: { allowFrom: [{ kind: pkg.NetworkPeerKind.PODS }] } }, /networkPolicy\.allowFrom\[0\]\.podLabels .* is required with networkPolicy\.allowFrom\[0\]\.kind 'pods'/],
    ['a CIDR on a namespace peer', { engine: { kind: pkg.EngineKind.REDIS }, networkPolicy: { allowFrom: [{ kind: pkg.NetworkPeerKind.NAMESPACES, namespaces: ['a'], cidr: '10.0.0.0/8' }] } }, /networkPolicy\.allowFrom\[0\]\.cidr '10\.0\.0\.0\/8' applies only to networkPolicy\.allowFrom\[0\]\.kind 'ipBlock', not 'namespaces'/],
    ['a partition with OnDelete', { image: 'x:1', port: 1, updateStrategy: { type: pkg.UpdateStrategyType.ON_DELETE, partition: 1 } }, /updateStrategy\.partition 1 applies only to updateStrategy\.type 'RollingUpdate'/],
    ['a non-string environment value', { image: 'x:1', port: 1, env: { N: 5 as unknown as string } }, /env\['N'\] 5 must be a string/],
    ['a volume without its source', { image: 'x:1', port: 1, volumes: [{ name: 'v', kind: pkg.VolumeKind.CONFIG_MAP }] }, /volumes\[0\]\.sourceName .* is required with volumes\[0\]\.kind 'configMap'/],
    ['an emptyDir with a source', { image: 'x:1', port: 1, volumes: [{ name: 'v', kind: pkg.VolumeKind.EMPTY_DIR, sourceName: 'x' }] }, /volumes\[0\]\.sourceName 'x' applies only to volumes\[0\]\.kind 'configMap' or 'secret' or 'persistentVolumeClaim', not 'emptyDir'/],
    ['a projected volume without sources', { image: 'x:1', port: 1, volumes: [{ name: 'v', kind: pkg.VolumeKind.PROJECTED }] }, /volumes\[0\]\.sources .* is required with volumes\[0\]\.kind 'projected'/],
    ['a projected source with two kinds (checked by the core)', { image: 'x:1', port: 1, volumes: [{ name: 'v', kind: pkg.VolumeKind.PROJECTED, sources: [{ configMap: 'a', secret: 'b' }] }] }, /volumes\[0\]\.source sources\[0\]/],
    ['content without a ConfigMap or Secret', { image: 'x:1', port: 1, volumes: [{ name: 'v', kind: pkg.VolumeKind.PROJECTED, sources: [{ downwardAPI: [{ path: 'p', fieldPath: 'metadata.name' }], sourceData: { a: 'b' } }] }] }, /volumes\[0\]\.sources\[0\]\.sourceData .* is the content of a configMap or secret source/],
    ['a medium on a claim', { image: 'x:1', port: 1, volumes: [{ name: 'v', kind: pkg.VolumeKind.PERSISTENT_VOLUME_CLAIM, sourceName: 'c', medium: 'Memory' }] }, /volumes\[0\]\.medium 'Memory' applies only to volumes\[0\]\.kind 'emptyDir'/],
    ['a container probe without its path', { image: 'x:1', port: 1, sidecars: [{ name: 's', image: 's:1', readinessProbe: { kind: pkg.ProbeKind.HTTP_GET } }] }, /sidecars\[0\]\.readinessProbe\.path .* is required/],
    ['a non-string container environment value', { image: 'x:1', port: 1, initContainers: [{ name: 'i', image: 'i:1', env: { N: true as unknown as string } }] }, /initContainers\[0\]\.env\['N'\] true must be a string/],
  ])('%s', (_, args, message) => {
    expect(() => new pkg.StatefulDatabase(`bad${++unique}`, args)).toThrow(message);
  });

  test('the core still validates what is passed on', () => {
    expect(() => new pkg.StatefulDatabase(`bad${++unique}`, { engine: { kind: pkg.EngineKind.POSTGRES }, storage: { size: 'lots' } })).toThrow(/storage\.size 'lots'/);
  });
});
