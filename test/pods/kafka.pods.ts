/**
 * The Kafka preset, for real: a 3-node KRaft cluster (every node broker and controller) on Kafka
 * 3.9.1 from Maven Central's jars (a stand-in for the official apache/kafka image: its run script
 * and bin/ scripts, see images.sh). The controller quorum forms over the pods' DNS names, a topic
 * with replication factor 3 takes a message through one node and serves it through another, and
 * the cluster survives the deletion of a node: the message stays readable, and the node comes
 * back into every partition's in-sync replicas.
 */
import { DatabaseEngine, ImagePullPolicy } from '../../lib';
import { applyObjects, createNamespace, databaseObjects, eventually, get, kubectl, podsOf, readySince } from '../cluster/kube';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, secondsToAllReady, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

describeWithPods('Kafka preset, 3 replicas (KRaft), on a real kubelet', () => {
  const ns = 'kafka-3';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'kafka', replicas: 3, checks: [] };
  rows.push(row);
  const server = (pod: string) => `${pod}.events-headless.${ns}.svc.cluster.local:9092`;
  /** A Kafka tool of the image, run in a node's container against `via`. */
  const tool = (pod: string, script: string, via = pod) => exec(ns, pod, `/opt/kafka/bin/${script} --bootstrap-server ${server(via)}`);
  /** Each partition's in-sync replicas, as `kafka-topics.sh --describe` prints them. */
  const isr = (pod: string) =>
    tool(pod, 'kafka-topics.sh --describe --topic orders')
      .split('\n')
      .map((line) => /Isr: ([\d,]+)/.exec(line)?.[1])
      .filter((list): list is string => list !== undefined)
      .map((list) => list.split(',').sort().join(','));

  beforeAll(async () => {
    createNamespace(ns);
    applyObjects(databaseObjects(ns, 'events', { engine: DatabaseEngine.kafka(), replicas: 3, image: image('kafka'), imagePullPolicy: ImagePullPolicy.NEVER, storage: { size: '1Gi' } }));
    await waitForReadyPods(ns, 'events', 3, 420);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'events'));
  });

  test('the quorum forms over the pod DNS names: every node answers as a broker, node id = ordinal', () => {
    const versions = tool('events-0', 'kafka-broker-api-versions.sh', 'events-2');
    for (const id of [0, 1, 2]) expect(versions).toContain(`${server(`events-${id}`)} (id: ${id} rack: null)`);
    row.checks.push('3 brokers by pod DNS name, id = ordinal');
  });

  test('a topic with replication factor 3 takes a message through one node (acks=all) and serves it through another', () => {
    expect(tool('events-0', 'kafka-topics.sh --create --topic orders --partitions 3 --replication-factor 3')).toContain('Created topic orders');
    expect(isr('events-1')).toEqual(['0,1,2', '0,1,2', '0,1,2']);
    exec(ns, 'events-0', `echo order-42 | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server ${server('events-0')} --topic orders --producer-property acks=all`);
    const read = tool('events-2', 'kafka-console-consumer.sh --topic orders --from-beginning --max-messages 1 --timeout-ms 60000');
    expect(read.split('\n')).toContain('order-42');
    row.checks.push('topic RF 3, message via node 0, read via node 2');
  });

  test('a node deleted: the message stays readable, and the node returns into every in-sync replica set', async () => {
    const before = get('pod', 'events-1', ns).metadata.uid;
    kubectl(['-n', ns, 'delete', 'pod', 'events-1', '--wait=false']);
    await eventually('events-1 gone from the in-sync replicas', () => isr('events-0').every((list) => !list.split(',').includes('1')) || undefined, 120);
    expect(tool('events-2', 'kafka-console-consumer.sh --topic orders --from-beginning --max-messages 1 --timeout-ms 60000', 'events-0').split('\n')).toContain('order-42');
    await eventually('a new Ready events-1', () => get('pod', 'events-1', ns).metadata.uid !== before && readySince(get('pod', 'events-1', ns)) !== undefined, 300);
    await eventually('events-1 back in every in-sync replica set', () => isr('events-0').every((list) => list === '0,1,2') || undefined, 120);
    row.checks.push('node deleted: message kept, node back in the ISR');
  });
});
