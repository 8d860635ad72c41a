/**
 * The ZooKeeper preset, for real: a 3-node ensemble on Debian's ZooKeeper 3.8 (a stand-in for the
 * official image: its entrypoint and a minimal zkServer.sh, see images.sh). The quorum forms with
 * one leader and two followers over the pods' DNS names, a znode written through one member is
 * read through another, and the ensemble survives the deletion of its leader: a new leader is
 * elected from the other two, the data stays, and the deleted pod rejoins as a follower. Each member
 * serves ZooKeeper's own Prometheus metrics (`metrics` on the preset).
 */
import { DatabaseEngine, ImagePullPolicy } from '../../lib';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, podsOf, readySince } from '../cluster/kube';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, scrape, secondsToAllReady, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

describeWithPods('ZooKeeper preset, 3 replicas, on a real kubelet', () => {
  const ns = 'zookeeper-3';
  deleteNamespaceAfterAll(ns);
  const pods = ['zk-0', 'zk-1', 'zk-2'];
  const row: Row = { preset: 'zookeeper', replicas: 3, checks: [] };
  rows.push(row);
  /** The member's role, from the preset's readiness command. */
  const mode = (pod: string) => /Mode: (\w+)/.exec(kubectl(['exec', '-n', ns, pod, '-c', 'database', '--', 'zkServer.sh', 'status'], { allowFailure: true }).stdout)?.[1];
  /** The ZooKeeper CLI in a member's container, connected to `server`. */
  const zkCli = (pod: string, server: string, command: string) =>
    exec(ns, pod, `java -Xmx64m -cp /usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar org.apache.zookeeper.ZooKeeperMain -server ${server}.zk-headless.${ns}.svc.cluster.local:2181 ${command}`);

  beforeAll(async () => {
    createNamespace(ns);
    // With metrics: ZooKeeper's own Prometheus provider (its jars in the stand-in as in the official image).
    applyObjects(
      databaseObjects(ns, 'zk', { engine: DatabaseEngine.zookeeper({ version: '3.8' }), replicas: 3, image: image('zookeeper'), imagePullPolicy: ImagePullPolicy.NEVER, storage: { size: '1Gi' }, metrics: {} }),
    );
    await waitForReadyPods(ns, 'zk', 3, 300);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'zk'));
  });

  test('the quorum forms over the pod DNS names: one leader, two followers; myid is the ordinal + 1', () => {
    expect(pods.map(mode).sort()).toEqual(['follower', 'follower', 'leader']);
    pods.forEach((pod, i) => expect(exec(ns, pod, 'cat /data/data/myid').trim()).toBe(String(i + 1)));
    row.checks.push('1 leader, 2 followers', 'myid = ordinal + 1');
  });

  test("each member serves Prometheus metrics on its port metrics (7000): the quorum's size and the leader's 2 synced followers", () => {
    const metrics = pods.map((pod) => scrape(ns, pod, 7000));
    for (const text of metrics) expect(text).toMatch(/^quorum_size 3\.0$/m);
    const leader = pods.findIndex((pod) => mode(pod) === 'leader');
    expect(metrics[leader]).toMatch(/^synced_followers 2\.0$/m);
    row.checks.push('built-in metrics: quorum_size 3, synced_followers 2');
  });

  test('a znode written through one member is read through another', () => {
    zkCli('zk-0', 'zk-0', 'create /kept replicated');
    expect(zkCli('zk-2', 'zk-2', 'get /kept')).toContain('replicated');
    row.checks.push('znode replicated');
  });

  test('the leader deleted: the other two elect a new leader, the data stays, and the pod rejoins as a follower', async () => {
    const leader = pods.find((pod) => mode(pod) === 'leader')!;
    const before = get('pod', leader, ns).metadata.uid;
    kubectl(['-n', ns, 'delete', 'pod', leader]);
    const others = pods.filter((pod) => pod !== leader);
    await eventually('a new leader among the other two', () => others.some((pod) => mode(pod) === 'leader'), 120);
    expect(zkCli(others[0], others[0], 'get /kept')).toContain('replicated');
    await eventually(`${leader} back and Ready`, () => get('pod', leader, ns).metadata.uid !== before && readySince(get('pod', leader, ns)) !== undefined, 300);
    expect(mode(leader)).toBe('follower');
    expect(pods.map(mode).sort()).toEqual(['follower', 'follower', 'leader']);
    row.checks.push('leader deleted: re-election, data kept, rejoined as follower');
  });
});
