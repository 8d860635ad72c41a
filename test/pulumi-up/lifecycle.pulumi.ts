/**
 * The Pulumi StatefulDatabase through a running instance's life on the real engine and API
 * server: create, an idle second `up`, storage growth, an image change, scale-down, a component
 * removed from the program, and destroy. Each step asserts what happened to the pods and claims
 * (by UID), which mocks cannot show.
 */
import { createExpandableVolumes, eventually, get, kubectl } from '../cluster/kube';
import { describeWithPulumi, printTimings, PulumiStack } from './stack';

const ns = 'pulumi-it';
const uid = (kind: string, name: string) => get(kind, name, ns).metadata.uid as string;
const uids = (kind: string, names: string[]) => Object.fromEntries(names.map((n) => [n, uid(kind, n)]));
const exists = (kind: string, name: string) => kubectl(['get', kind, name, '-n', ns, '-o', 'name'], { allowFailure: true }).status === 0;
const names = (kind: string, selector: string) => (get(kind, undefined, ns, ['-l', selector]).items as any[]).map((o) => o.metadata.name).sort();
const claimSize = (name: string) => get('pvc', name, ns).spec.resources.requests.storage as string;

describeWithPulumi('a StatefulDatabase through its life on the real Pulumi engine', () => {
  let stack: PulumiStack;

  beforeAll(() => {
    createExpandableVolumes('pulumi', 8);
    stack = new PulumiStack('test/pulumi-up/program/index.ts', 'lifecycle');
    stack.config({ namespace: ns, image: 'registry.example.com/db:1', replicas: 3, size: '1Gi' });
  });

  afterAll(() => printTimings('test:pulumi lifecycle steps'));

  const dbPods = ['db-0', 'db-1', 'db-2'];
  const dbClaims = ['data-db-0', 'data-db-1', 'data-db-2'];
  let podUids: Record<string, string>;
  let claimUids: Record<string, string>;

  test('first up, with the namespace given as an Output: every resource created and awaited (pods Ready, claims Bound)', () => {
    const { changes } = stack.up('first up (2 databases, 5 pods)');
    expect(changes.create).toBeGreaterThanOrEqual(9);
    // `up` returns only once the StatefulSets are ready: nothing to wait for here.
    for (const pod of [...dbPods, 'cache-0', 'cache-1']) {
      expect(get('pod', pod, ns).status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    }
    for (const claim of [...dbClaims, 'data-cache-0', 'data-cache-1']) expect(get('pvc', claim, ns).status.phase).toBe('Bound');
    expect(stack.outputs().dbHost).toBe(`db.${ns}.svc.cluster.local`);
    podUids = uids('pod', dbPods);
    claimUids = uids('pvc', dbClaims);
  });

  test('a second up changes nothing (no perpetual diff)', () => {
    const { changes } = stack.up('second up, no change', ['--expect-no-changes']);
    expect(Object.keys(changes)).toEqual(['same']);
  });

  test('storage 1Gi -> 2Gi: the claims grow first, then the StatefulSet is replaced and adopts the same pods and claims (same UIDs)', () => {
    const sts = uid('statefulset', 'db');
    stack.config({ size: '2Gi' });
    const preview = stack.preview();
    expect(preview.status).toBe(0);
    // The provider's dry-run create of the replacement meets the old StatefulSet (README, "A replacement's preview").
    process.stdout.write(`replacement preview diagnostics: ${JSON.stringify(preview.output.split('\n').filter((l) => /Retry|already exists/.test(l)))}\n`);
    // The steps, in no particular order (the engine runs independent steps in parallel; the
    // StatefulSet's dependency on the claims orders the real update).
    expect(preview.steps.filter((s) => s.op !== 'same').map((s) => `${s.op} ${s.type.split(':').pop()} ${s.name}`).sort()).toEqual([
      'replace StatefulSet db',
      'update PersistentVolumeClaimPatch data-db-0',
      'update PersistentVolumeClaimPatch data-db-1',
      'update PersistentVolumeClaimPatch data-db-2',
    ]);
    stack.up('storage 1Gi -> 2Gi (claims grown, StatefulSet replaced)');
    for (const claim of dbClaims) expect(claimSize(claim)).toBe('2Gi');
    expect(uid('statefulset', 'db')).not.toBe(sts);
    // Grown before the new StatefulSet existed: the provider's last apply of each claim is no
    // later than the new StatefulSet's creation (both to the second).
    const created = Date.parse(get('statefulset', 'db', ns).metadata.creationTimestamp);
    for (const claim of dbClaims) {
      const applied = (get('pvc', claim, ns, ['--show-managed-fields']).metadata.managedFields as any[]).filter((f) => f.operation === 'Apply').map((f) => Date.parse(f.time));
      expect(applied.length).toBeGreaterThan(0);
      expect(Math.max(...applied)).toBeLessThanOrEqual(created);
    }
    expect(uids('pod', dbPods)).toEqual(podUids);
    expect(uids('pvc', dbClaims)).toEqual(claimUids);
    expect(get('statefulset', 'db', ns).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('2Gi');
    for (const pod of dbPods) expect(get('pod', pod, ns).metadata.ownerReferences[0].uid).toBe(uid('statefulset', 'db'));
  });

  test('storage 2Gi -> 1Gi: refused by the API server at preview, nothing changes', () => {
    const sts = uid('statefulset', 'db');
    stack.config({ size: '1Gi' });
    const preview = stack.preview();
    expect(preview.status).not.toBe(0);
    // The engine checks the three claims in parallel and stops at the first refusal, so which
    // ordinal is named varies from run to run.
    const refusal = preview.diagnostics.find((message) => /data-db-[0-2]/.test(message) && /less than|Forbidden/.test(message));
    expect(refusal ?? preview.output).toMatch(/data-db-[0-2][\s\S]*(less than|Forbidden)/);
    stack.config({ size: '2Gi' });
    stack.up('after a refused shrink: no change', ['--expect-no-changes']);
    expect(uid('statefulset', 'db')).toBe(sts);
    for (const claim of dbClaims) expect(claimSize(claim)).toBe('2Gi');
  });

  test('an image change rolls the pods in place: same StatefulSet, new pods on the new image, same claims', async () => {
    const sts = uid('statefulset', 'db');
    stack.config({ image: 'registry.example.com/db:2' });
    stack.up('image change (rolled in place)');
    expect(uid('statefulset', 'db')).toBe(sts);
    const rolled = uids('pod', dbPods);
    for (const pod of dbPods) {
      expect(rolled[pod]).not.toBe(podUids[pod]);
      expect(get('pod', pod, ns).spec.containers[0].image).toBe('registry.example.com/db:2');
    }
    expect(uids('pvc', dbClaims)).toEqual(claimUids);
  });

  test('replicas 3 -> 1: the highest ordinals are removed first, and their claims are kept', () => {
    stack.config({ replicas: 1 });
    stack.up('replicas 3 -> 1');
    expect(names('pod', 'app.kubernetes.io/instance=db')).toEqual(['db-0']);
    expect(uids('pvc', dbClaims)).toEqual(claimUids);
    // The controller's events, in the order the API server stored them.
    const deletes = (get('events', undefined, ns, ['--field-selector', 'involvedObject.kind=StatefulSet,involvedObject.name=db,reason=SuccessfulDelete']).items as any[])
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => /Pod (\S+)/.exec(e.message)?.[1])
      .filter((pod) => pod === 'db-1' || pod === 'db-2');
    expect(deletes.slice(-2)).toEqual(['db-2', 'db-1']);
  });

  test('grown while scaled down, then scaled back up: the retained claims are grown before their pods return', () => {
    stack.config({ size: '3Gi' });
    stack.up('storage 2Gi -> 3Gi at 1 replica');
    expect(dbClaims.map(claimSize)).toEqual(['3Gi', '2Gi', '2Gi']);
    stack.config({ replicas: 3 });
    stack.up('replicas 1 -> 3');
    expect(names('pod', 'app.kubernetes.io/instance=db')).toEqual(dbPods);
    expect(dbClaims.map(claimSize)).toEqual(['3Gi', '3Gi', '3Gi']);
    expect(uids('pvc', dbClaims)).toEqual(claimUids);
    for (const pod of dbPods) expect(get('pod', pod, ns).spec.volumes.find((v: any) => v.name === 'data').persistentVolumeClaim.claimName).toBe(`data-${pod}`);
  });

  test('a component removed from the program (statefulSetDeletion foreground): its StatefulSet and pods deleted, its claims kept', async () => {
    const cacheClaims = uids('pvc', ['data-cache-0', 'data-cache-1']);
    stack.config({ withCache: false });
    const { changes } = stack.up('cache component removed');
    expect(changes.delete).toBeGreaterThanOrEqual(4);
    expect(exists('statefulset', 'cache')).toBe(false);
    await eventually('the cache pods gone', () => names('pod', 'app.kubernetes.io/instance=cache').length === 0, 60);
    expect(uids('pvc', ['data-cache-0', 'data-cache-1'])).toEqual(cacheClaims);
    expect(exists('service', 'cache')).toBe(false);
  });

  test('destroy (statefulSetDeletion orphan, the default): the namespace and every claim stay; the pods keep running without an owner', () => {
    const running = uids('pod', dbPods);
    stack.destroy('destroy');
    expect(exists('statefulset', 'db')).toBe(false);
    expect(exists('service', 'db')).toBe(false);
    expect(get('namespace', ns, undefined).status.phase).toBe('Active');
    expect(uids('pvc', dbClaims)).toEqual(claimUids);
    for (const claim of dbClaims) expect(get('pvc', claim, ns).status.phase).toBe('Bound');
    expect(uids('pod', dbPods)).toEqual(running);
    for (const pod of dbPods) expect(get('pod', pod, ns).metadata.ownerReferences ?? []).toEqual([]);
  });
});
