/**
 * The Cassandra preset, for real: rings on Cassandra 5.0's jars from Maven Central (a stand-in for
 * the official image: its entrypoint's cassandra.yaml edits, bin/cassandra, nodetool and cqlsh, see
 * images.sh).
 *
 * A 2-node ring started without authentication (as kube-patterns 0.3 made every Cassandra ring):
 * the second node joins through the seed the preset names (pod 0's DNS name), streaming its ranges,
 * only once the first is Up and Normal, both report the datacenter the preset sets, and a row
 * written through one node at consistency ALL is read through the other. Authentication then
 * turned on by a plain apply, as upgrading to the secure default does: the nodes restart one at a
 * time, the first restarted creates the credentials Secret's user through Cassandra's default
 * superuser and drops that one, system_auth ends replicated to both nodes, clients without
 * credentials, with a wrong password or as the default superuser are refused, and the row is read
 * with the Secret's login. A deleted node comes back on its claim as the same member of the ring
 * (same host ID), its data kept. Then `metrics` added by a plain apply, fetched from a Maven
 * mirror in the namespace: each node fetches the JMX exporter's agent once and serves the ring and
 * its tables; with the mirror gone, a deleted node restarts from the jar on its claim. (A fresh ring with authentication, where the preset creates the
 * user on the first start: tls.pods.ts, with TLS.)
 * Two nodes, not three, and a 512 MiB heap: each Cassandra asks for a CPU's half on this 2-CPU node.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseEngine, EnvValue, ImagePullPolicy, MetricsProps, StatefulDatabaseProps } from '../../lib';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, podsOf, readySince } from '../cluster/kube';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, scrape, secondsToAllReady, serverPod, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

/** The ring's props: the stand-in image, small heaps and claims. */
const ringProps = (replicas: number, authentication?: boolean, metrics?: MetricsProps): StatefulDatabaseProps => ({
  engine: DatabaseEngine.cassandra({ version: '5.0', ...(authentication === undefined ? {} : { authentication }) }),
  replicas,
  ...(metrics ? { metrics } : {}),
  image: image('cassandra'),
  imagePullPolicy: ImagePullPolicy.NEVER,
  storage: { size: '1Gi' },
  env: { MAX_HEAP_SIZE: EnvValue.fromValue('512M'), HEAP_NEWSIZE: EnvValue.fromValue('128M') },
  resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
});

/** The JMX exporter's agent the preset pins, as Maven Central serves it (through the host's Maven). */
const AGENT = { path: 'io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1', jar: 'jmx_prometheus_javaagent-1.0.1.jar' };

/**
 * A Maven repository mirror in the namespace (no pod here reaches Maven Central): Python's HTTP
 * server in the S3 stand-in's image, pod and Service `maven` on port 8080, serving the agent's jar
 * (copied from the host's Maven, which fetches it once) at its Maven path. Returns its root URL.
 */
async function mavenMirror(namespace: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-patterns-agent-'));
  const mvn = spawnSync('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=io.prometheus.jmx:jmx_prometheus_javaagent:1.0.1`, `-DoutputDirectory=${dir}`], { encoding: 'utf8' });
  if (mvn.status !== 0) throw new Error(`mvn dependency:copy failed:\n${mvn.stdout}${mvn.stderr}`);
  await serverPod(namespace, 'maven', 's3', 8080, { command: ['python3', '-m', 'http.server', '8080', '--directory', '/srv'], volumeMounts: [{ name: 'srv', mountPath: '/srv' }] }, [{ name: 'srv', emptyDir: {} }]);
  const jar = readFileSync(join(dir, AGENT.jar)).toString('base64');
  kubectl(['exec', '-i', '-n', namespace, 'maven', '--', 'sh', '-c', `mkdir -p /srv/${AGENT.path} && base64 -d > /srv/${AGENT.path}/${AGENT.jar}`], { input: jar });
  return `http://maven.${namespace}.svc.cluster.local:8080`;
}

/** Runs `apply`, then waits until every pod was recreated and is Ready; returns the seconds it took. */
async function rolled(namespace: string, pods: readonly string[], apply: () => void): Promise<number> {
  const before = Object.fromEntries(pods.map((pod) => [pod, get('pod', pod, namespace).metadata.uid as string]));
  const started = Date.now();
  apply();
  await eventually(
    'every node restarted and Ready',
    () => pods.every((pod) => {
      const p = get('pod', pod, namespace);
      return p.metadata.uid !== before[pod] && readySince(p) !== undefined;
    }),
    600,
  );
  return Math.round((Date.now() - started) / 1000);
}

/** One sample's value in a Prometheus text exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** `nodetool status` output: each node's state, address and host ID. */
const nodesOf = (statusText: string) =>
  statusText
    .split('\n')
    .map((line) => /^([UD][NLJM])\s+(\S+)\s.*\s([0-9a-f-]{36})\s+\S+$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, state, address, hostId]) => ({ state, address, hostId }));

/** The output of a command that must fail (a refused login); fails the test if it succeeds. */
function refused(run: () => string): string {
  let output: string;
  try {
    output = run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected a refusal, got: ${output}`);
}

/** A password a shell, a CQL literal and an INI file must all carry unchanged. */
const PASSWORD = `p'w\\d%"x y`;

/** Commands in a node's container. */
function node(ns: string) {
  const podIp = (pod: string) => get('pod', pod, ns).status.podIP as string;
  return {
    podIp,
    status: (pod: string) => nodesOf(exec(ns, pod, 'nodetool status')),
    /**
     * cqlsh against the node's own address, logged in as `login` (a credentials file written in
     * the container's /tmp, mode 0600 as cqlsh wants), or anonymously.
     */
    cql(pod: string, statements: string, login?: { username: string; password: string }): string {
      if (login === undefined) return exec(ns, pod, `cqlsh "$POD_IP" -e "${statements}"`);
      const file = `[plain_text_auth]\nusername = ${login.username}\npassword = ${login.password}\n`;
      const quoted = `'${file.replace(/'/g, `'\\''`)}'`;
      return exec(ns, pod, `umask 077 && printf '%s' ${quoted} > /tmp/test-credentials && cqlsh --credentials /tmp/test-credentials "$POD_IP" -e "${statements}"`);
    },
  };
}

describeWithPods('Cassandra preset, 2 replicas, on a real kubelet: a ring without authentication, then with it', () => {
  const ns = 'cassandra-2';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'cassandra', replicas: 2, checks: [] };
  rows.push(row);
  const pods = ['ring-0', 'ring-1'];
  const { podIp, status, cql } = node(ns);
  const admin = { username: 'ring-admin', password: PASSWORD };

  beforeAll(async () => {
    createNamespace(ns);
    kubectl(['-n', ns, 'create', 'secret', 'generic', 'ring-credentials', '--from-literal=username=ring-admin', `--from-literal=password=${PASSWORD}`]);
    applyObjects(databaseObjects(ns, 'ring', ringProps(2, false)));
    await waitForReadyPods(ns, 'ring', 2, 600);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'ring'));
  });

  test('the ring forms: both nodes Up and Normal in each one\'s view, in the datacenter the preset sets; ring-1 became Ready after ring-0', () => {
    for (const pod of pods) {
      const text = exec(ns, pod, 'nodetool status');
      const nodes = nodesOf(text);
      expect(nodes.map((n) => n.state)).toEqual(['UN', 'UN']);
      expect(nodes.map((n) => n.address).sort()).toEqual(pods.map(podIp).sort());
      expect(text).toContain('Datacenter: dc1');
    }
    const [first, second] = pods.map((pod) => Date.parse(readySince(get('pod', pod, ns))!));
    expect(second).toBeGreaterThanOrEqual(first);
    row.checks.push('2 nodes UN in dc1, joined in order');
  });

  test('a row written through ring-0 at consistency ALL is read through ring-1', () => {
    cql('ring-0', "CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2}; CREATE TABLE shop.orders (id int PRIMARY KEY, item text); CONSISTENCY ALL; INSERT INTO shop.orders (id, item) VALUES (1, 'replicated');");
    expect(cql('ring-1', 'CONSISTENCY ALL; SELECT item FROM shop.orders WHERE id = 1;')).toContain('replicated');
    row.checks.push('row replicated (RF 2, consistency ALL)');
  });

  test('authentication turned on by a plain apply: the nodes restart one at a time, the Secret\'s user logs in, anyone else is refused, system_auth is on both nodes, the row is kept', async () => {
    const seconds = await rolled(ns, pods, () => applyObjects(databaseObjects(ns, 'ring', ringProps(2))));
    // One at a time, highest ordinal first: ring-0 was recreated after ring-1 was Ready again.
    const created = (pod: string) => Date.parse(get('pod', pod, ns).metadata.creationTimestamp);
    expect(created('ring-0')).toBeGreaterThanOrEqual(Date.parse(readySince(get('pod', 'ring-1', ns))!) - 1000);

    for (const pod of pods) {
      expect(cql(pod, 'CONSISTENCY QUORUM; SELECT item FROM shop.orders WHERE id = 1;', admin)).toContain('replicated');
      expect(refused(() => cql(pod, 'SELECT item FROM shop.orders WHERE id = 1;'))).toContain('Remote end requires authentication');
      expect(refused(() => cql(pod, 'SELECT item FROM shop.orders WHERE id = 1;', { ...admin, password: 'wrong' }))).toContain('Bad credentials');
      expect(refused(() => cql(pod, 'SELECT item FROM shop.orders WHERE id = 1;', { username: 'cassandra', password: 'cassandra' }))).toContain('Bad credentials');
    }
    expect(cql('ring-0', 'LIST ROLES;', admin)).toMatch(/ring-admin\s*\|\s*True\s*\|\s*True/);
    expect(cql('ring-0', "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'system_auth';", admin)).toMatch(/NetworkTopologyStrategy.*'dc1': '2'/);
    row.checks.push(`authentication on by a plain apply: rolled one node at a time in ${seconds} s, Secret's user in, anonymous/wrong/default refused, system_auth RF 2`);
  });

  test('ring-1 deleted: it comes back on its claim as the same member (host ID), with the row', async () => {
    const hostId = (view: string) => status(view).find((n) => n.address === podIp('ring-1'))!.hostId;
    const before = { uid: get('pod', 'ring-1', ns).metadata.uid, hostId: hostId('ring-1') };
    kubectl(['-n', ns, 'delete', 'pod', 'ring-1']);
    await eventually('ring-1 back and Ready', () => get('pod', 'ring-1', ns).metadata.uid !== before.uid && readySince(get('pod', 'ring-1', ns)) !== undefined, 300);
    await eventually('both nodes UN in ring-0\'s view', () => {
      const nodes = status('ring-0');
      return nodes.length === 2 && nodes.every((n) => n.state === 'UN');
    }, 120);
    expect(hostId('ring-0')).toBe(before.hostId);
    expect(cql('ring-1', 'CONSISTENCY ONE; SELECT item FROM shop.orders WHERE id = 1;', admin)).toContain('replicated');
    row.checks.push('deleted node rejoined with its host ID and data');
  });

  test('metrics added by a plain apply: each node fetches the JMX exporter agent once from a Maven mirror and serves its ring and tables; a restarted node needs no mirror', async () => {
    const repository = await mavenMirror(ns);
    const seconds = await rolled(ns, pods, () => applyObjects(databaseObjects(ns, 'ring', ringProps(2, undefined, { mavenRepository: repository }))));
    const agentLog = (pod: string) => kubectl(['-n', ns, 'logs', pod, '-c', 'metrics-agent']).stdout;
    for (const pod of pods) {
      expect(agentLog(pod)).toBe(`java-agent-fetch: /var/lib/cassandra/.kube-patterns/${AGENT.jar} fetched from ${repository}/${AGENT.path}/${AGENT.jar}\n`);
    }
    // Counters start with the JVM: a row written now is a local write on both replicas (RF 2).
    cql('ring-0', "CONSISTENCY ALL; INSERT INTO shop.orders (id, item) VALUES (2, 'measured');", admin);
    await eventually('both nodes see each other up in their metrics', () => pods.every((pod) => sample(scrape(ns, pod, 7070), 'cassandra_ring_nodes_up') === 2), 120);
    for (const pod of pods) {
      const metrics = scrape(ns, pod, 7070);
      expect(sample(metrics, 'cassandra_table_writelatency_count{keyspace="shop",table="orders"}')).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, 'cassandra_storage_load_bytes')).toBeGreaterThan(0);
      expect(sample(metrics, 'jvm_memory_used_bytes{area="heap"}')).toBeGreaterThan(0);
      expect(metrics).not.toContain('_objectname'); // no two MBeans under one name
    }
    // The mirror gone, ring-1 deleted: its jar is on its claim, nothing is fetched.
    kubectl(['-n', ns, 'delete', 'pod', 'maven', '--wait=true']);
    const uid = get('pod', 'ring-1', ns).metadata.uid;
    kubectl(['-n', ns, 'delete', 'pod', 'ring-1']);
    await eventually('ring-1 back and Ready', () => get('pod', 'ring-1', ns).metadata.uid !== uid && readySince(get('pod', 'ring-1', ns)) !== undefined, 300);
    expect(agentLog('ring-1')).toBe(`java-agent-fetch: /var/lib/cassandra/.kube-patterns/${AGENT.jar} is already there\n`);
    await eventually('ring-1 serves its metrics again', () => sample(scrape(ns, 'ring-1', 7070), 'cassandra_ring_nodes_up') === 2, 120);
    row.checks.push(`metrics by a plain apply (rolled in ${seconds} s): agent fetched once per node from a mirror, cassandra_ring_nodes_up 2, the table's writes counted; restarted without the mirror`);
  });
});
