/**
 * The ZooKeeper preset, for real: a 3-node ensemble on Debian's ZooKeeper 3.8 (a stand-in for the
 * official image: its entrypoint and a minimal zkServer.sh, see images.sh). The quorum forms with
 * one leader and two followers over the pods' DNS names, a znode written through one member is
 * read through another, and the ensemble survives the deletion of its leader: a new leader is
 * elected from the other two, the data stays, and the deleted pod rejoins as a follower. Each member
 * serves ZooKeeper's own Prometheus metrics (`metrics` on the preset). Authentication is on (the
 * preset's default): the members form the quorum with SASL required between them, and a client
 * without the Secret's credentials, or with a wrong password, cannot use the ensemble.
 */
import { DatabaseEngine, ImagePullPolicy } from '../../lib';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, podsOf, readySince, sleep } from '../cluster/kube';
import { cli, plan } from '../cluster/cli';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, scrape, secondsToAllReady, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

/** A member's role, from the preset's readiness command. */
const modeOf = (ns: string, pod: string) => /Mode: (\w+)/.exec(kubectl(['exec', '-n', ns, pod, '-c', 'database', '--', 'zkServer.sh', 'status'], { allowFailure: true }).stdout)?.[1];

/**
 * The ZooKeeper CLI in a member's container, connected to the member `server`, logged in with the
 * JAAS file `jaas` (`/tmp/jaas.conf`: the Client section the start script wrote; undefined: no
 * login): its exit status and output.
 */
function zkCli(ns: string, pod: string, server: string, command: string, jaas?: string): { status: number | null; output: string } {
  const login = jaas ? `-Djava.security.auth.login.config=${jaas}` : '';
  const java = `java -Xmx64m ${login} -cp /usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar org.apache.zookeeper.ZooKeeperMain -server ${server}.zk-headless.${ns}.svc.cluster.local:2181 ${command}`;
  const result = kubectl(['exec', '-n', ns, pod, '-c', 'database', '--', 'sh', '-c', `timeout 60 ${java} 2>&1`], { allowFailure: true });
  return { status: result.status, output: result.stdout };
}

describeWithPods('ZooKeeper preset, 3 replicas, on a real kubelet', () => {
  const ns = 'zookeeper-3';
  deleteNamespaceAfterAll(ns);
  const pods = ['zk-0', 'zk-1', 'zk-2'];
  const row: Row = { preset: 'zookeeper', replicas: 3, checks: [] };
  rows.push(row);
  const mode = (pod: string) => modeOf(ns, pod);
  /** The CLI's output, logged in with the Secret's credentials. */
  const loggedIn = (pod: string, server: string, command: string) => zkCli(ns, pod, server, command, '/tmp/jaas.conf').output;

  beforeAll(async () => {
    createNamespace(ns);
    // A password with a quote and a backslash: the JAAS file must escape them.
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'zk-credentials', '--from-literal=username=zk-admin', '--from-literal=password=zk "pods" \\secret']);
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
    loggedIn('zk-0', 'zk-0', 'create /kept replicated');
    expect(loggedIn('zk-2', 'zk-2', 'get /kept')).toContain('replicated');
    row.checks.push('znode replicated');
  });

  test('authentication: a client without credentials, or with a wrong password, cannot read a znode', () => {
    // The members run with client and quorum SASL required, and still formed the quorum above.
    const zooCfg = exec(ns, 'zk-1', 'cat /conf/zoo.cfg').split('\n');
    for (const line of ['enforce.auth.enabled=true', 'enforce.auth.schemes=sasl', 'quorum.auth.learnerRequireSasl=true', 'quorum.auth.serverRequireSasl=true']) expect(zooCfg).toContain(line);
    const anonymous = zkCli(ns, 'zk-1', 'zk-1', 'get /kept');
    expect(anonymous.status).not.toBe(0);
    expect(anonymous.output).toContain('KeeperErrorCode = Session closed because client failed to authenticate for /kept');
    expect(anonymous.output).not.toContain('replicated');
    exec(ns, 'zk-1', `printf 'Client {\\n  org.apache.zookeeper.server.auth.DigestLoginModule required\\n  username="zk-admin"\\n  password="wrong";\\n};\\n' >/tmp/wrong.conf`);
    const wrong = zkCli(ns, 'zk-1', 'zk-1', 'get /kept', '/tmp/wrong.conf');
    expect(wrong.status).not.toBe(0);
    expect(wrong.output).toContain('KeeperErrorCode = AuthFailed for /kept');
    expect(wrong.output).not.toContain('replicated');
    // The same command with the Secret's credentials reads it.
    expect(loggedIn('zk-1', 'zk-1', 'get /kept')).toContain('replicated');
    row.checks.push('SASL: anonymous and wrong-password clients refused');
  });

  test('the leader deleted: the other two elect a new leader, the data stays, and the pod rejoins as a follower', async () => {
    const leader = pods.find((pod) => mode(pod) === 'leader')!;
    const before = get('pod', leader, ns).metadata.uid;
    kubectl(['-n', ns, 'delete', 'pod', leader]);
    const others = pods.filter((pod) => pod !== leader);
    await eventually('a new leader among the other two', () => others.some((pod) => mode(pod) === 'leader'), 120);
    expect(loggedIn(others[0], others[0], 'get /kept')).toContain('replicated');
    await eventually(`${leader} back and Ready`, () => get('pod', leader, ns).metadata.uid !== before && readySince(get('pod', leader, ns)) !== undefined, 300);
    expect(mode(leader)).toBe('follower');
    expect(pods.map(mode).sort()).toEqual(['follower', 'follower', 'leader']);
    row.checks.push('leader deleted: re-election, data kept, rejoined as follower');
  });
});

/**
 * What README and the option's docstring say about `authentication` changed on a running ensemble,
 * measured: members with and without quorum SASL cannot form a quorum together, so a plain apply's
 * rolling update stops at the first restarted member while the other two serve; deleting those two
 * brings all three back with authentication, on the same data. `kube-patterns apply` does that
 * itself: turning authentication off again, it restarts every member at once.
 */
describeWithPods('ZooKeeper preset: turning authentication on for a running ensemble', () => {
  const ns = 'zookeeper-auth-on';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'zookeeper (authentication turned on)', replicas: 3, checks: [] };
  rows.push(row);
  const objects = (authentication: boolean) =>
    databaseObjects(ns, 'zk', { engine: DatabaseEngine.zookeeper({ version: '3.8', authentication }), replicas: 3, image: image('zookeeper'), imagePullPolicy: ImagePullPolicy.NEVER, storage: { size: '1Gi' } });
  const mode = (pod: string) => modeOf(ns, pod);
  /** The CLI's output against the pod's own member. */
  const cliOutput = (pod: string, command: string, jaas?: string) => zkCli(ns, pod, pod, command, jaas).output;
  const uid = (pod: string) => get('pod', pod, ns).metadata.uid;

  beforeAll(async () => {
    createNamespace(ns);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'zk-credentials', '--from-literal=username=zk-admin', '--from-literal=password=turned-on']);
    applyObjects(objects(false));
    await waitForReadyPods(ns, 'zk', 3, 300);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'zk'));
    expect(cliOutput('zk-0', 'create /before open')).toContain('Created /before');
  });

  test('the rollout stops at zk-2, which cannot join the members without SASL; those two keep serving; deleting them brings all three back with authentication and the data', async () => {
    const old = { 'zk-0': uid('zk-0'), 'zk-1': uid('zk-1'), 'zk-2': uid('zk-2') };
    applyObjects(objects(true));
    await eventually('zk-2 recreated from the new template', () => (uid('zk-2') !== old['zk-2'] ? true : undefined), 120);
    // Observed for 60 s: zk-2 never serves, the two old members keep the quorum and anonymous clients.
    for (let i = 0; i < 6; i++) {
      await sleep(10);
      expect(readySince(get('pod', 'zk-2', ns))).toBeUndefined();
      expect([mode('zk-0'), mode('zk-1')].sort()).toEqual(['follower', 'leader']);
      expect([uid('zk-0'), uid('zk-1')]).toEqual([old['zk-0'], old['zk-1']]);
    }
    expect(cliOutput('zk-0', 'get /before')).toContain('open');
    row.checks.push('authentication turned on: rollout stops at zk-2 (60 s observed), zk-0 and zk-1 keep serving');

    const deleted = Date.now();
    kubectl(['-n', ns, 'delete', 'pod', 'zk-0', 'zk-1', '--wait=false']);
    await eventually('all three members new and Ready', () => podsOf(ns, 'zk').every((p) => p.metadata.uid !== old[p.metadata.name as keyof typeof old] && readySince(p) !== undefined) || undefined, 300);
    const seconds = Math.round((Date.now() - deleted) / 1000);
    expect(cliOutput('zk-1', 'get /before', '/tmp/jaas.conf')).toContain('open');
    expect(cliOutput('zk-1', 'get /before')).toContain('Session closed because client failed to authenticate');
    row.checks.push(`zk-0 and zk-1 deleted: all three Ready with SASL in ${seconds} s, data kept, anonymous refused`);
  }, 600_000);

  test('kube-patterns apply turns it off again as a migration: every member restarted at once, Ready without SASL, the data kept', async () => {
    expect(plan(objects(false)).status).toBe(3);
    const old = Object.fromEntries(podsOf(ns, 'zk').map((p) => [p.metadata.name, p.metadata.uid]));
    const started = Date.now();
    // The manager of the test's earlier applies: server-side apply removes only what the same manager applied.
    const result = cli('apply', objects(false), ['--field-manager', 'kube-patterns-it']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`deleted the pods of StatefulSet ${ns}/zk at once (zk-0, zk-1, zk-2)`);
    expect(result.stdout).toContain(`StatefulSet ${ns}/zk adopted its pods and is rolled out`);
    const seconds = Math.round((Date.now() - started) / 1000);
    expect(podsOf(ns, 'zk').every((p) => p.metadata.uid !== old[p.metadata.name] && readySince(p) !== undefined)).toBe(true);
    expect([mode('zk-0'), mode('zk-1'), mode('zk-2')].sort()).toEqual(['follower', 'follower', 'leader']);
    expect(cliOutput('zk-2', 'get /before')).toContain('open');
    row.checks.push(`kube-patterns apply (authentication off): all three restarted at once, Ready in ${seconds} s, data kept`);
  }, 600_000);
});
