/**
 * The integration suite: the synthesized manifests applied to a real kube-apiserver, with the
 * real controllers and scheduler, and kwok as the kubelet. What is asserted is what users rely
 * on: strict acceptance, StatefulSet ordering, one claim per pod, stable identity, scale-down
 * order and claim retention, the shared web claim, restricted Pod Security admission, and peer
 * linters on the output.
 */
import { Testing } from 'cdk8s';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ShopChart } from '../../examples/app';
import { DatabaseEngine, IDatabaseEngine, PersistentVolumeClaimRetentionPolicyType, PodManagementPolicy } from '../../lib';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, pods, podsOf, readyPods, readySince, sleep, yamlFile } from './kube';

describe('the example app on a real API server', () => {
  const objects = Testing.synth(new ShopChart(Testing.app(), 'shop'));
  const file = yamlFile(objects);

  beforeAll(() => {
    createNamespace('shop');
    for (const name of ['orders-db-credentials', 'sessions-credentials']) {
      kubectl(['-n', 'shop', 'create', 'secret', 'generic', name, '--from-literal=password=it-only']);
    }
  });

  test('server-side apply with strict field validation accepts every object, without warnings (dry run, then for real)', () => {
    const dryRun = kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '-f', file]);
    expect(dryRun.stderr).toBe('');
    expect(dryRun.stdout.trim().split('\n')).toHaveLength(objects.length);
    const real = kubectl(['apply', '--server-side', '--validate=strict', '-f', file]);
    expect(real.stderr).toBe('');
    expect(real.stdout).toContain('statefulset.apps/sessions serverside-applied');
  });

  test('every pod of the example, init containers and native sidecars included, is admitted under the restricted profile and becomes Ready', async () => {
    const expected = { 'orders-db': 1, sessions: 3, storefront: 3 };
    for (const [instance, count] of Object.entries(expected)) {
      await eventually(`${count} ready ${instance} pods`, () => readyPods('shop', instance).length >= count, 180);
    }
    const failed = (get('events', undefined, 'shop').items as any[]).filter((e) => e.reason === 'FailedCreate').map((e) => e.message);
    expect(failed).toEqual([]);
    const orders = get('pod', 'orders-db-0', 'shop');
    expect(orders.spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['exporter', 'Always']]);
    expect(get('podmonitor', 'orders-db', 'shop').spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
  });

  test('OrderedReady: each pod is created only after the previous one is Ready', async () => {
    const ready = await eventually('3 ready sessions pods', () => {
      const list = readyPods('shop', 'sessions');
      return list.length === 3 && list;
    });
    for (let i = 1; i < 3; i++) {
      const previousReady = Date.parse(readySince(ready[i - 1])!);
      expect(Date.parse(ready[i].metadata.creationTimestamp)).toBeGreaterThanOrEqual(previousReady);
    }
  });

  test('one PersistentVolumeClaim per pod, Bound, each pod mounting its own', async () => {
    await eventually('bound claims', () => [0, 1, 2].every((i) => get('pvc', `data-sessions-${i}`, 'shop').status.phase === 'Bound'));
    for (const pod of podsOf('shop', 'sessions')) {
      const data = pod.spec.volumes.find((v: any) => v.name === 'data');
      expect(data.persistentVolumeClaim.claimName).toBe(`data-${pod.metadata.name}`);
    }
  });

  test('the headless Service publishes every pod under its hostname (EndpointSlices)', async () => {
    const hostnames = await eventually('endpoint slices with 3 hostnames', () => {
      const slices = get('endpointslices', undefined, 'shop', ['-l', 'kubernetes.io/service-name=sessions-headless']).items as any[];
      const names = slices.flatMap((s) => (s.endpoints ?? []).map((e: any) => e.hostname)).sort();
      return names.length === 3 && names;
    });
    expect(hostnames).toEqual(['sessions-0', 'sessions-1', 'sessions-2']);
  });

  test('stable identity: a deleted pod comes back with the same name and the same claim', async () => {
    const before = get('pod', 'sessions-0', 'shop');
    const claimUid = get('pvc', 'data-sessions-0', 'shop').metadata.uid;
    // Not --wait: kubectl's wait can miss the deletion when the controller recreates the pod under
    // the same name at once, and hang. The new UID is what shows the pod came back.
    kubectl(['-n', 'shop', 'delete', 'pod', 'sessions-0', '--wait=false']);
    const after = await eventually('sessions-0 to return', () => {
      const pod = get('pods', undefined, 'shop', ['--field-selector', 'metadata.name=sessions-0']).items[0];
      return pod && pod.metadata.uid !== before.metadata.uid && readySince(pod) !== undefined && pod;
    });
    expect(after.spec.volumes.find((v: any) => v.name === 'data').persistentVolumeClaim.claimName).toBe('data-sessions-0');
    expect(get('pvc', 'data-sessions-0', 'shop').metadata.uid).toBe(claimUid);
  });

  test('scale-down removes the highest ordinal first and keeps its claim (Retain)', async () => {
    const claimUid = get('pvc', 'data-sessions-2', 'shop').metadata.uid;
    kubectl(['-n', 'shop', 'scale', 'statefulset', 'sessions', '--replicas=2']);
    const remaining = await eventually('2 sessions pods', () => {
      const names = podsOf('shop', 'sessions').map((p) => p.metadata.name);
      return names.length === 2 && names;
    });
    expect(remaining).toEqual(['sessions-0', 'sessions-1']);
    await sleep(5);
    expect(get('pvc', 'data-sessions-2', 'shop').metadata.uid).toBe(claimUid);
  });

  test("the Deployment's replicas all mount the one shared ReadWriteMany claim, under random pod names", async () => {
    const web = await eventually('3 ready storefront pods', () => {
      const list = pods('shop', 'app.kubernetes.io/instance=storefront').filter((p) => readySince(p));
      return list.length === 3 && list;
    });
    expect(get('pvc', 'storefront-shared', 'shop').status.phase).toBe('Bound');
    expect(get('pvc', 'storefront-shared', 'shop').spec.accessModes).toEqual(['ReadWriteMany']);
    for (const pod of web) {
      expect(pod.metadata.name).toMatch(/^storefront-[a-z0-9]{8,10}-[a-z0-9]{5}$/);
      expect(pod.spec.volumes.find((v: any) => v.name === 'shared').persistentVolumeClaim.claimName).toBe('storefront-shared');
    }
  });
});

describe('pod management and claim retention', () => {
  beforeAll(() => createNamespace('policies'));

  // A node selector no node matches keeps pods Pending, which makes the policies observable.
  const unschedulable = (name: string, podManagementPolicy: PodManagementPolicy) =>
    databaseObjects('policies', name, {
      image: 'registry.example.com/db:1',
      port: 5432,
      replicas: 3,
      storage: { size: '1Gi', mountPath: '/data' },
      podManagementPolicy,
      nodeSelector: { 'kube-patterns.io/no-such-node': 'true' },
    });

  test('OrderedReady creates no second pod while the first is not Ready; Parallel creates them together', async () => {
    applyObjects([...unschedulable('ordered', PodManagementPolicy.ORDERED_READY), ...unschedulable('parallel', PodManagementPolicy.PARALLEL)]);
    await eventually('3 parallel pods', () => podsOf('policies', 'parallel').length === 3);
    await sleep(5);
    expect(podsOf('policies', 'ordered').map((p) => p.metadata.name)).toEqual(['ordered-0']);
    expect(podsOf('policies', 'parallel').map((p) => p.metadata.name)).toEqual(['parallel-0', 'parallel-1', 'parallel-2']);
  });

  test('with whenScaled: Delete, scale-down deletes the removed pod’s claim', async () => {
    applyObjects(
      databaseObjects('policies', 'ephemeral', {
        image: 'registry.example.com/db:1',
        port: 5432,
        replicas: 2,
        storage: { size: '1Gi', mountPath: '/data' },
        persistentVolumeClaimRetentionPolicy: { whenScaled: PersistentVolumeClaimRetentionPolicyType.DELETE },
      }),
    );
    await eventually('2 ready ephemeral pods', () => readyPods('policies', 'ephemeral').length === 2);
    await eventually('bound claims', () => get('pvc', 'data-ephemeral-1', 'policies').status.phase === 'Bound');
    kubectl(['-n', 'policies', 'scale', 'statefulset', 'ephemeral', '--replicas=1']);
    await eventually('the claim of ephemeral-1 to go', () => kubectl(['-n', 'policies', 'get', 'pvc', 'data-ephemeral-1'], { allowFailure: true }).status !== 0);
    expect(get('pvc', 'data-ephemeral-0', 'policies').status.phase).toBe('Bound');
  });
});

describe('Pod Security admission', () => {
  const presets: Array<[string, () => IDatabaseEngine, number]> = [
    ['postgres', () => DatabaseEngine.postgres(), 1],
    ['mysql', () => DatabaseEngine.mysql(), 1],
    ['mariadb', () => DatabaseEngine.mariadb(), 1],
    ['mongodb', () => DatabaseEngine.mongodb(), 3],
    ['redis', () => DatabaseEngine.redis(), 3],
    ['zookeeper', () => DatabaseEngine.zookeeper(), 3],
    ['kafka', () => DatabaseEngine.kafka(), 3],
    ['cassandra', () => DatabaseEngine.cassandra(), 1],
  ];

  beforeAll(() => createNamespace('presets'));

  test.each(presets)('the %s preset is admitted in a restricted namespace and its pods run', async (name, engine, replicas) => {
    applyObjects(databaseObjects('presets', name, { engine: engine(), replicas, storage: { size: '1Gi' } }));
    await eventually(`${replicas} ready ${name} pods`, () => readyPods('presets', name).length === replicas, 180);
    const events = get('events', undefined, 'presets', ['--field-selector', `involvedObject.name=${name},involvedObject.kind=StatefulSet`]).items as any[];
    expect(events.filter((e) => e.reason === 'FailedCreate').map((e) => e.message)).toEqual([]);
  });

  test('a pod that breaks the profile is refused there (the check is live)', () => {
    const refused = kubectl(['-n', 'presets', 'run', 'root-pod', '--image=busybox', '--restart=Never', '--overrides={"spec":{"securityContext":{"runAsUser":0}}}'], {
      allowFailure: true,
    });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/violates PodSecurity "restricted/);
  });
});

describe('peer linters on the synthesized output', () => {
  const bin = execFileSync('bash', ['-c', `. ${join(__dirname, 'versions.sh')} && echo "$BIN"`], { encoding: 'utf8' }).trim();
  const allowList = parse(readFileSync(join(__dirname, 'linter-allowlist.yaml'), 'utf8')) as { 'kube-score': Array<{ check: string; reason: string }> };

  test('kube-score reports nothing beyond the allow-list, and every allow-listed check has a reason', () => {
    const file = yamlFile(Testing.synth(new ShopChart(Testing.app(), 'shop')));
    // kube-score exits 1 when it has findings; anything else is a failure of the tool itself.
    const run = spawnSync(join(bin, 'kube-score'), ['score', '--output-format', 'json', file], { encoding: 'utf8' });
    expect([0, 1]).toContain(run.status);
    const result = JSON.parse(run.stdout) as any[];
    expect(result.length).toBeGreaterThan(10);
    const findings = result.flatMap((object) =>
      (object.checks ?? []).filter((c: any) => c.grade < 10 && !c.skipped).map((c: any) => `${c.check.id} ${object.object_name}`),
    );
    // kube-score does find things (see the allow-list): an empty list would mean this parsing broke.
    expect(findings.length).toBeGreaterThan(0);
    const allowed = new Set(allowList['kube-score'].map((entry) => entry.check));
    expect(findings.filter((f: string) => !allowed.has(f.split(' ')[0]))).toEqual([]);
    for (const entry of allowList['kube-score']) expect(entry.reason.length).toBeGreaterThan(20);
  });
});
