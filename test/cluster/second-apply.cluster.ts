/**
 * The second apply, on the real API server: each change a user may make to a running instance
 * is applied BEFORE, then AFTER, and ends in exactly one of
 *   - applied: kubectl succeeds, the rollout completes with the same pod names, every claim keeps
 *     its UID, and every Service selects Ready pods;
 *   - refused at synth: a ValidationError that says what to do (nothing reaches the cluster);
 *   - needs a planned migration: the API server refuses the immutable field, and nothing that
 *     was running changed: same pods, claims, and endpoints (kube-patterns' migration command, a
 *     later capability, performs these changes).
 * Server-side apply throughout, as `kubectl apply --server-side`; the autoscaling handover is
 * tested for client-side apply too.
 */
import { Chart, Testing } from 'cdk8s';
import {
  AccessMode,
  DatabaseEngine,
  EnvValue,
  IDatabaseEngine,
  NetworkPeer,
  PersistentVolumeClaimRetentionPolicyType,
  PodManagementPolicy,
  ServiceType,
  STATEFULSET_IMMUTABLE_FIELDS,
  STATEFULSET_UPDATABLE_FIELDS,
  StatefulDatabase,
  StatefulDatabaseProps,
  StatefulSetUpdateStrategy,
  StatelessWebProps,
  TaintEffect,
  ValidationError,
  VolumeSource,
} from '../../lib';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, podsOf, sleep, webObjects, yamlFile } from './kube';

/** Enough ReadWriteOnce and ReadWriteMany volumes for every row's claims (the fixtures' are used by the other suite). */
beforeAll(() => {
  const volume = (i: number, mode: string) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `second-apply-${mode.toLowerCase()}-${i}` },
    spec: { capacity: { storage: '100Gi' }, accessModes: [mode], storageClassName: 'local', persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/tmp/kube-patterns-it/sa-${i}` } },
  });
  kubectl(['apply', '--server-side', '-f', yamlFile([...Array.from({ length: 120 }, (_, i) => volume(i, 'ReadWriteOnce')), ...Array.from({ length: 6 }, (_, i) => volume(i, 'ReadWriteMany'))])]);
});

let counter = 0;
/** A fresh restricted namespace per row, so rows cannot disturb each other. */
function freshNamespace(): string {
  const ns = `second-apply-${++counter}`;
  createNamespace(ns);
  return ns;
}

interface Snapshot {
  readonly pods: Record<string, string>;
  readonly claims: Record<string, string>;
  readonly generation: number;
}

function snapshot(ns: string, instance: string, kind: 'statefulset' | 'deployment'): Snapshot {
  const list = podsOf(ns, instance);
  // Claims from the template carry the selector labels, so this finds exactly the instance's claims.
  const claims = (get('pvc', undefined, ns, ['-l', `app.kubernetes.io/instance=${instance}`]).items as any[]).map((c) => [c.metadata.name, c.metadata.uid]);
  return {
    pods: Object.fromEntries(list.map((p) => [p.metadata.name, p.metadata.uid])),
    claims: Object.fromEntries(claims),
    generation: get(kind, instance, ns).metadata.generation,
  };
}

/** Waits until a StatefulSet has rolled out every replica on its current template. */
async function statefulSetSettled(ns: string, name: string): Promise<any> {
  return eventually(`StatefulSet ${ns}/${name} to settle`, () => {
    const sts = get('statefulset', name, ns);
    const s = sts.status ?? {};
    const replicas = sts.spec.replicas;
    const onDelete = sts.spec.updateStrategy?.type === 'OnDelete';
    return (
      s.observedGeneration === sts.metadata.generation &&
      (s.readyReplicas ?? 0) === replicas &&
      (s.replicas ?? 0) === replicas &&
      (onDelete || ((s.updatedReplicas ?? 0) === replicas && s.currentRevision === s.updateRevision)) &&
      podsOf(ns, name).length === replicas &&
      sts
    );
  }, 180);
}

async function deploymentSettled(ns: string, name: string): Promise<any> {
  return eventually(`Deployment ${ns}/${name} to settle`, () => {
    const d = get('deployment', name, ns);
    const s = d.status ?? {};
    return s.observedGeneration === d.metadata.generation && (s.readyReplicas ?? 0) === d.spec.replicas && (s.updatedReplicas ?? 0) === d.spec.replicas && (s.replicas ?? 0) === d.spec.replicas && d;
  }, 180);
}

/** Ready endpoints of a Service, from its EndpointSlices. */
function readyEndpoints(ns: string, service: string): number {
  const slices = get('endpointslices', undefined, ns, ['-l', `kubernetes.io/service-name=${service}`]).items as any[];
  return slices.flatMap((s) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready).length;
}

/** Every Service among `objects` selects Ready pods (waits for the endpoint controller). */
async function everyServiceHasEndpoints(ns: string, objects: any[]): Promise<void> {
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    await eventually(`endpoints of Service ${ns}/${service.metadata.name}`, () => readyEndpoints(ns, service.metadata.name) > 0, 60);
  }
}

const IMMUTABLE_REFUSAL = /Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden/;

/** BEFORE, then AFTER; asserts "applied": same pod names, same claims, every Service with endpoints. */
async function expectApplied(build: (ns: string) => { before: any[]; after: any[] }, instance = 'db'): Promise<{ ns: string; after: any[] }> {
  const ns = freshNamespace();
  const { before, after } = build(ns);
  applyObjects(before);
  await statefulSetSettled(ns, instance);
  await everyServiceHasEndpoints(ns, before);
  const was = snapshot(ns, instance, 'statefulset');

  const result = applyObjects(after);
  expect(result.stderr).toBe('');
  const sts = await statefulSetSettled(ns, instance);
  await everyServiceHasEndpoints(ns, after);
  const now = snapshot(ns, instance, 'statefulset');
  // Pods may be replaced by the rolling update, but keep their names (and so their claims).
  const replicas = sts.spec.replicas;
  expect(Object.keys(now.pods)).toEqual(Array.from({ length: replicas }, (_, i) => `${instance}-${i}`));
  for (const [claim, uid] of Object.entries(was.claims)) expect(now.claims[claim]).toBe(uid);
  return { ns, after };
}

/** BEFORE, then AFTER; asserts the API server refuses the StatefulSet and nothing running changed. */
async function expectMigration(build: (ns: string) => { before: any[]; after: any[] }, instance = 'db'): Promise<string> {
  const ns = freshNamespace();
  const { before, after } = build(ns);
  applyObjects(before);
  await statefulSetSettled(ns, instance);
  const was = snapshot(ns, instance, 'statefulset');

  const result = applyObjects(after, { allowFailure: true });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(IMMUTABLE_REFUSAL);
  await sleep(3);
  expect(snapshot(ns, instance, 'statefulset')).toEqual(was);
  // kubectl applied the other objects; with selectors that never change, they still select the pods.
  await everyServiceHasEndpoints(ns, after);
  return result.stderr;
}

const plain: StatefulDatabaseProps = { image: 'registry.example.com/postgres:17', port: 5432, replicas: 2, storage: { size: '1Gi', mountPath: '/data' } };
const db = (props: StatefulDatabaseProps) => (ns: string) => databaseObjects(ns, 'db', props);
const change = (before: StatefulDatabaseProps, after: StatefulDatabaseProps) => (ns: string) => ({ before: db(before)(ns), after: db(after)(ns) });

describe('StatefulDatabase: applied cleanly, every pod kept, every Service with endpoints', () => {
  test.each<[string, StatefulDatabaseProps, StatefulDatabaseProps]>([
    ['image repository and tag', plain, { ...plain, image: 'registry.example.com/bitnami/postgresql:17.2' }],
    ['appName', plain, { ...plain, appName: 'orders' }],
    ['component', plain, { ...plain, component: 'primary-store' }],
    ['partOf', plain, { ...plain, partOf: 'shop' }],
    ['labels', plain, { ...plain, labels: { team: 'orders' } }],
    ['port', plain, { ...plain, port: 5433 }],
    ['networkPolicy.allowFrom (the NetworkPolicy is updated in place)', plain, { ...plain, networkPolicy: { allowFrom: [NetworkPeer.namespaces('reports')] } }],
    ['mount path (the data directory follows it on the same claim)', plain, { ...plain, storage: { ...plain.storage, mountPath: '/var/lib/data' } }],
    ['update strategy', plain, { ...plain, updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 }) }],
    ['retention policy', plain, { ...plain, persistentVolumeClaimRetentionPolicy: { whenDeleted: PersistentVolumeClaimRetentionPolicyType.DELETE } }],
    ['engine minor version', { engine: DatabaseEngine.postgres({ version: '17.1' }) }, { engine: DatabaseEngine.postgres({ version: '17.2' }) }],
    ['engine image override (a fork of the same major)', { engine: DatabaseEngine.postgres() }, { engine: DatabaseEngine.postgres(), image: 'postgis/postgis:17-3.5' }],
    ['engine args and tuning env', { engine: DatabaseEngine.mysql() }, { engine: DatabaseEngine.mysql(), args: ['--max-connections=500'], env: { TZ: EnvValue.fromValue('UTC') } }],
    [
      'the rest of the pod spec added (tolerations, node affinity, volumes, envFrom, an init container, a sidecar, preStop, Service exposure, pod labels)',
      plain,
      {
        ...plain,
        tolerations: [{ key: 'workload', value: 'db', effect: TaintEffect.NO_SCHEDULE }],
        nodeAffinity: { preferred: [{ weight: 10, requirements: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] }] },
        volumes: [{ name: 'scratch', source: VolumeSource.emptyDir({ sizeLimit: '64Mi' }), mountPath: '/scratch' }],
        envFrom: [{ configMap: 'settings', optional: true }],
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['true'] }],
        sidecars: [{ name: 'exporter', image: 'registry.example.com/exporter:1', ports: [{ name: 'metrics', containerPort: 9187, service: true }] }],
        preStop: { exec: ['sleep', '1'] },
        serviceAnnotations: { 'example.com/owner': 'orders' },
        podLabels: { team: 'orders' },
      },
    ],
    ['engine config added', { engine: DatabaseEngine.redis(), replicas: 2 }, { engine: DatabaseEngine.redis(), replicas: 2, config: { maxmemory: '64mb' } }],
    ['tls added with a cert-manager Certificate, and required', { engine: DatabaseEngine.postgres() }, { engine: DatabaseEngine.postgres(), tls: { issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer' }, required: true } }],
    ['kafka tls added with a cert-manager Certificate (its listener renamed, the reload sidecar added)', { engine: DatabaseEngine.kafka(), replicas: 3 }, { engine: DatabaseEngine.kafka(), replicas: 3, tls: { issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer' } }, metrics: {} }],
    ['mongodb tls added with a cert-manager Certificate, and required (the probes, the exporter and the reload sidecar over TLS)', { engine: DatabaseEngine.mongodb(), replicas: 3 }, { engine: DatabaseEngine.mongodb(), replicas: 3, tls: { issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer' }, required: true }, metrics: {}, backup: {} }],
    ['cassandra tls added with a cert-manager Certificate, and required (the start script serves it, the reload sidecar added)', { engine: DatabaseEngine.cassandra(), replicas: 3 }, { engine: DatabaseEngine.cassandra(), replicas: 3, tls: { issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer' }, required: true } }],
    ['cassandra metrics added, from a Maven mirror, with a PodMonitor (the agent-fetching init container, the port on the headless Service)', { engine: DatabaseEngine.cassandra(), replicas: 3 }, { engine: DatabaseEngine.cassandra(), replicas: 3, metrics: { podMonitor: true, mavenRepository: 'http://nexus.tools.svc:8081/repository/maven-central' } }],
    ['cassandra authentication turned on (an open ring upgraded to the default): a rolling update, no migration', { engine: DatabaseEngine.cassandra({ authentication: false }), replicas: 3 }, { engine: DatabaseEngine.cassandra(), replicas: 3 }],
    ['replicas up', plain, { ...plain, replicas: 4 }],
    ['replicas down', plain, { ...plain, replicas: 1 }],
  ])('%s', async (_name, before, after) => {
    await expectApplied(change(before, after));
  });

  const presets: Array<[string, number, () => IDatabaseEngine]> = [
    ['redis', 3, () => DatabaseEngine.redis()],
    ['mongodb', 3, () => DatabaseEngine.mongodb()],
    ['zookeeper', 3, () => DatabaseEngine.zookeeper()],
    ['kafka', 3, () => DatabaseEngine.kafka()],
    ['cassandra', 3, () => DatabaseEngine.cassandra()],
  ];
  test.each(presets)('%s: replicas 1 -> %d -> 1', async (_name, replicas, engine) => {
    const at = (n: number) => ({ engine: engine(), replicas: n, storage: { size: '1Gi' } });
    const { ns } = await expectApplied(change(at(1), at(replicas)));
    applyObjects(db(at(1))(ns));
    const sts = await statefulSetSettled(ns, 'db');
    expect(sts.spec.replicas).toBe(1);
    // Scale-down keeps the removed ordinals' claims (Retain).
    expect((get('pvc', undefined, ns).items as any[]).map((c) => c.metadata.name).sort()).toEqual(Array.from({ length: replicas }, (_, i) => `data-db-${i}`));
  });

  test.each([
    ['postgres', () => DatabaseEngine.postgres()],
    ['mysql', () => DatabaseEngine.mysql()],
    ['mariadb', () => DatabaseEngine.mariadb()],
  ])('%s: replicas 1 -> 3 is refused at synth (no replication in the preset)', (_name, engine) => {
    expect(() => new StatefulDatabase(new Chart(Testing.app(), 'it'), 'db', { engine: engine(), replicas: 3 })).toThrow(ValidationError);
  });
});

describe('StatefulDatabase: immutable fields need a planned migration; the API server refuses them and nothing running changes', () => {
  test.each<[string, StatefulDatabaseProps]>([
    ['storage size up', { ...plain, storage: { ...plain.storage, size: '2Gi' } }],
    ['storage size down', { ...plain, storage: { ...plain.storage, size: '512Mi' } }],
    ['storage class', { ...plain, storage: { ...plain.storage, storageClassName: 'fast' } }],
    ['access modes', { ...plain, storage: { ...plain.storage, accessModes: [AccessMode.READ_WRITE_ONCE_POD] } }],
    ['volume name (the claims would be renamed)', { ...plain, storage: { ...plain.storage, volumeName: 'pgdata' } }],
    ['claim labels', { ...plain, storage: { ...plain.storage, labels: { backup: 'daily' } } }],
    ['pod management policy', { ...plain, podManagementPolicy: PodManagementPolicy.PARALLEL }],
    ['revision history limit', { ...plain, revisionHistoryLimit: 3 }],
  ])('%s', async (_name, after) => {
    await expectMigration(change(plain, after));
  });

  test('engine major version: the data-format annotation makes the API server refuse 17 -> 18 instead of starting 18 on 17 data', async () => {
    await expectMigration(change({ engine: DatabaseEngine.postgres({ version: '17' }) }, { engine: DatabaseEngine.postgres({ version: '18' }) }));
  });
});

describe('StatefulDatabase: a new name or namespace is a new instance; the old one and its data stay', () => {
  test.each([
    ['namespace', (ns: string) => databaseObjects(`${ns}-moved`, 'db', plain)],
    ['construct id (the default name)', (ns: string) => databaseObjects(ns, 'orders', plain)],
  ])('%s', async (_name, moved) => {
    const ns = freshNamespace();
    createNamespace(`${ns}-moved`);
    applyObjects(db(plain)(ns));
    await statefulSetSettled(ns, 'db');
    const was = snapshot(ns, 'db', 'statefulset');
    applyObjects(moved(ns));
    await sleep(2);
    // kubectl apply never deletes: the old StatefulSet, its pods and claims are untouched.
    expect(snapshot(ns, 'db', 'statefulset')).toEqual(was);
  });
});

describe('StatelessWeb', () => {
  const web: StatelessWebProps = { image: 'registry.example.com/nginx:1.27', port: 8080, replicas: 3 };
  const webAt = (ns: string, props: StatelessWebProps) => webObjects(ns, 'web', props);
  const replicasOf = (ns: string) => get('deployment', 'web', ns).spec.replicas as number;

  test.each<[string, StatelessWebProps]>([
    ['image repository', { ...web, image: 'registry.example.com/bitnami/nginx:1.27' }],
    ['appName and component', { ...web, appName: 'storefront', component: 'frontend' }],
    ['replicas', { ...web, replicas: 5 }],
    ['service type', { ...web, serviceType: ServiceType.NODE_PORT }],
  ])('%s: applied, with endpoints', async (_name, after) => {
    const ns = freshNamespace();
    applyObjects(webAt(ns, web));
    await deploymentSettled(ns, 'web');
    expect(applyObjects(webAt(ns, after)).stderr).toBe('');
    await deploymentSettled(ns, 'web');
    await everyServiceHasEndpoints(ns, webAt(ns, after));
  });

  /** Polls the Deployment's replica count while `seconds` pass; returns the lowest seen. */
  async function lowestReplicas(ns: string, seconds: number): Promise<number> {
    let lowest = Number.MAX_SAFE_INTEGER;
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      lowest = Math.min(lowest, replicasOf(ns));
      await sleep(0.5);
    }
    return lowest;
  }

  const autoscaled: StatelessWebProps = { ...web, replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 6 } };

  test('autoscaling added, server-side apply: without the handover the Deployment drops to 1 replica (why the step exists)', async () => {
    const ns = freshNamespace();
    applyObjects(webAt(ns, web));
    await deploymentSettled(ns, 'web');
    applyObjects(webAt(ns, autoscaled));
    expect(await lowestReplicas(ns, 3)).toBe(1);
  });

  test('autoscaling added, server-side apply with the documented handover: the count never drops', async () => {
    const ns = freshNamespace();
    applyObjects(webAt(ns, web));
    await deploymentSettled(ns, 'web');
    // The handover: a second field manager takes shared ownership of spec.replicas...
    kubectl(['apply', '--server-side', '--field-manager=handover-to-hpa', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns }, spec: { replicas: 3 } }),
    });
    // ...so the apply that drops the field from kube-patterns' manifest leaves its value alone.
    expect(applyObjects(webAt(ns, autoscaled)).stderr).toBe('');
    expect(await lowestReplicas(ns, 5)).toBe(3);
    expect(get('hpa', 'web', ns).spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
  });

  test('autoscaling added, client-side apply with the documented handover (set-last-applied): the count never drops', async () => {
    const ns = freshNamespace();
    kubectl(['apply', '-f', yamlFile(webAt(ns, web))]);
    await deploymentSettled(ns, 'web');
    const objects = webAt(ns, autoscaled);
    // The handover: record the new Deployment (which has no replicas) as last applied, so the
    // three-way merge of the real apply has no spec.replicas to delete. Only the Deployment:
    // set-last-applied cannot name objects that do not exist yet, such as the new HPA.
    kubectl(['apply', 'set-last-applied', '-f', yamlFile(objects.filter((o) => o.kind === 'Deployment'))]);
    kubectl(['apply', '-f', yamlFile(objects)]);
    expect(await lowestReplicas(ns, 5)).toBe(3);
  });

  test('autoscaling removed: the Deployment gets its count back, and the HPA stays until deleted (kubectl apply never deletes)', async () => {
    const ns = freshNamespace();
    applyObjects(webAt(ns, autoscaled));
    await deploymentSettled(ns, 'web');
    applyObjects(webAt(ns, { ...web, replicas: 4 }));
    await eventually('4 replicas', () => replicasOf(ns) === 4);
    expect(get('hpa', 'web', ns).metadata.name).toBe('web');
    kubectl(['-n', ns, 'delete', 'hpa', 'web']);
    await deploymentSettled(ns, 'web');
    expect(replicasOf(ns)).toBe(4);
  });

  test.each<[string, Partial<StatelessWebProps['sharedVolume']>, RegExp]>([
    ['size (no expansion in this StorageClass)', { size: '2Gi' }, /only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize/],
    // ReadWriteOnce at one replica (a new ReadOnlyMany claim is refused at synth: it would stay empty).
    ['access mode', { accessMode: AccessMode.READ_WRITE_ONCE }, /spec is immutable after creation except resources.requests/],
  ])('shared volume %s: the claim update is refused by the API server; the Deployment keeps running', async (_name, changed, refusal) => {
    const ns = freshNamespace();
    const shared = { size: '1Gi', mountPath: '/srv' };
    const single = { ...web, replicas: 1 };
    applyObjects(webAt(ns, { ...single, sharedVolume: shared }));
    await deploymentSettled(ns, 'web');
    const result = applyObjects(webAt(ns, { ...single, sharedVolume: { ...shared, ...changed } }), { allowFailure: true });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(refusal);
    await deploymentSettled(ns, 'web');
    expect(get('pvc', 'web-shared', ns).spec.resources.requests.storage).toBe('1Gi');
  });
});

describe('the immutable StatefulSet fields, as the API server decides', () => {
  test('a server-side dry run of a change to each spec field is refused exactly for STATEFULSET_IMMUTABLE_FIELDS', async () => {
    const ns = freshNamespace();
    const base = db(plain)(ns).find((o) => o.kind === 'StatefulSet');
    applyObjects([base]);
    await statefulSetSettled(ns, 'db');
    const changes: Record<string, (spec: any) => void> = {
      replicas: (s) => (s.replicas = 3),
      template: (s) => (s.template.metadata.annotations = { changed: 'yes' }),
      updateStrategy: (s) => (s.updateStrategy = { type: 'OnDelete' }),
      persistentVolumeClaimRetentionPolicy: (s) => (s.persistentVolumeClaimRetentionPolicy.whenScaled = 'Delete'),
      minReadySeconds: (s) => (s.minReadySeconds = 5),
      selector: (s) => {
        s.selector.matchLabels.extra = 'x';
        s.template.metadata.labels.extra = 'x';
      },
      serviceName: (s) => (s.serviceName = 'other-headless'),
      podManagementPolicy: (s) => (s.podManagementPolicy = 'Parallel'),
      revisionHistoryLimit: (s) => (s.revisionHistoryLimit = 3),
      volumeClaimTemplates: (s) => (s.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi'),
    };
    const refused: string[] = [];
    for (const [field, mutate] of Object.entries(changes)) {
      const changed = JSON.parse(JSON.stringify(base));
      mutate(changed.spec);
      const result = kubectl(['apply', '--server-side', '--field-manager=kube-patterns-it', '--dry-run=server', '-f', yamlFile([changed])], { allowFailure: true });
      if (result.status !== 0) {
        expect(result.stderr).toMatch(IMMUTABLE_REFUSAL);
        refused.push(`spec.${field}`);
      }
    }
    expect(refused.sort()).toEqual([...STATEFULSET_IMMUTABLE_FIELDS].sort());
    // And the allowed list agrees with what was accepted.
    expect(Object.keys(changes).filter((f) => !refused.includes(`spec.${f}`)).sort()).toEqual(STATEFULSET_UPDATABLE_FIELDS.filter((f) => f !== 'ordinals').sort());
  });
});


describe('upgrading an instance made by kube-patterns 0.1 (whose selector had name and component)', () => {
  /** What 0.1 synthesized: the selector (and claim template labels) with name and component, no pattern label. */
  function asVersion01(objects: any[], instance = 'db', name = 'postgres', component = 'database'): any[] {
    const old = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/component': component, 'app.kubernetes.io/managed-by': 'kube-patterns' };
    return JSON.parse(JSON.stringify(objects), (_key, value) => {
      if (value && typeof value === 'object' && !Array.isArray(value) && value['kube-patterns.io/pattern'] !== undefined) {
        const { ['kube-patterns.io/pattern']: _pattern, ...rest } = value;
        return { ...rest, ...old };
      }
      return value;
    });
  }

  test('orphan the StatefulSet, add the pattern label to its pods and claims, apply: the new StatefulSet takes over the same pod names and the same claims', async () => {
    const ns = freshNamespace();
    const current = db({ ...plain, image: 'postgres:17' })(ns);
    const v01 = asVersion01(current);
    expect(v01.find((o) => o.kind === 'StatefulSet').spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/component': 'database', 'app.kubernetes.io/managed-by': 'kube-patterns',
    });
    applyObjects(v01);
    await statefulSetSettled(ns, 'db');
    const was = snapshot(ns, 'db', 'statefulset');
    // A plain apply of the new manifests is refused: the selector is immutable.
    expect(applyObjects(current, { allowFailure: true }).stderr).toMatch(/spec.selector|Forbidden/);

    // The procedure the README gives:
    kubectl(['-n', ns, 'delete', 'statefulset', 'db', '--cascade=orphan']);
    kubectl(['-n', ns, 'label', 'pods,pvc', '-l', 'app.kubernetes.io/instance=db,app.kubernetes.io/managed-by=kube-patterns', 'kube-patterns.io/pattern=stateful-database']);
    expect(applyObjects(current).stderr).toBe('');

    await statefulSetSettled(ns, 'db');
    const now = snapshot(ns, 'db', 'statefulset');
    expect(now.claims).toEqual(was.claims);
    // Adopted, not recreated: the template labels changed, so the rolling update then replaces
    // them one by one, under the same names, on the same claims.
    const owners = podsOf(ns, 'db').map((p) => p.metadata.ownerReferences?.[0]?.kind);
    expect(owners).toEqual(['StatefulSet', 'StatefulSet']);
    expect(Object.keys(now.pods)).toEqual(Object.keys(was.pods));
    await everyServiceHasEndpoints(ns, current);
  });

  test('StatelessWeb: label the running pods, orphan the Deployment, apply, delete the old ReplicaSet: the Service never loses its endpoints', async () => {
    const ns = freshNamespace();
    const current = webObjects(ns, 'web', { image: 'nginx:1.27', port: 8080, replicas: 3 });
    applyObjects(asVersion01(current, 'web', 'nginx', 'web'));
    await deploymentSettled(ns, 'web');
    let lowest = Number.MAX_SAFE_INTEGER;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        lowest = Math.min(lowest, readyEndpoints(ns, 'web'));
        await sleep(0.3);
      }
    })();

    // The procedure the README gives:
    kubectl(['-n', ns, 'label', 'pods', '-l', 'app.kubernetes.io/instance=web,app.kubernetes.io/managed-by=kube-patterns', 'kube-patterns.io/pattern=stateless-web']);
    kubectl(['-n', ns, 'delete', 'deployment', 'web', '--cascade=orphan']);
    expect(applyObjects(current).stderr).toBe('');
    await deploymentSettled(ns, 'web');
    // The endpoint controller lags behind the rollout: wait until the Service lists the new pods
    // beside the old ones, or deleting the old ReplicaSet shrinks the endpoints for a moment.
    await eventually('old and new pods behind the Service', () => readyEndpoints(ns, 'web') >= 6);
    kubectl(['-n', ns, 'delete', 'replicaset', '-l', 'app.kubernetes.io/instance=web,!kube-patterns.io/pattern']);
    await eventually('3 web pods', () => podsOf(ns, 'web').length === 3);
    await sleep(2);
    watching = false;
    await watcher;
    expect(lowest).toBeGreaterThanOrEqual(3);
    expect(podsOf(ns, 'web').every((p) => p.metadata.labels['kube-patterns.io/pattern'] === 'stateless-web' && p.metadata.ownerReferences[0].kind === 'ReplicaSet')).toBe(true);
  });
});
