/**
 * StatelessWeb, for real: nginx (Debian's, as nginxinc/nginx-unprivileged) at 3 replicas sharing
 * one ReadWriteMany claim: a file written through one pod is served by every pod and by the
 * Service.
 */
import { ImagePullPolicy } from '../../lib';
import { applyObjects, createNamespace, podsOf, webObjects } from '../cluster/kube';
import { deleteNamespaceAfterAll, describeWithPods, exec, image, printRows, Row, secondsToAllReady, waitForReadyPods } from './pods';

const rows: Row[] = [];
afterAll(() => printRows(rows));

describeWithPods('StatelessWeb (nginx), 3 replicas sharing one volume, on a real kubelet', () => {
  const ns = 'web';
  deleteNamespaceAfterAll(ns);
  const row: Row = { preset: 'StatelessWeb nginx', replicas: 3, checks: [] };
  rows.push(row);

  beforeAll(async () => {
    createNamespace(ns);
    applyObjects(
      webObjects(ns, 'site', {
        image: image('nginx'),
        imagePullPolicy: ImagePullPolicy.NEVER,
        port: 8080,
        replicas: 3,
        securityContext: { runAsUser: 101 },
        sharedVolume: { size: '1Gi', mountPath: '/usr/share/nginx/html' },
        // One node here: the default zone spread and anti-affinity are preferences, so they allow it.
      }),
    );
    await waitForReadyPods(ns, 'site', 3, 300);
    row.secondsToReady = secondsToAllReady(podsOf(ns, 'site'));
  });

  test('a file written through one pod is served by every pod and through the Service', () => {
    const pods = podsOf(ns, 'site');
    const [writer] = pods;
    exec(ns, writer.metadata.name, 'echo "written by $HOSTNAME" > /usr/share/nginx/html/shared.txt', 'web');
    const expected = `written by ${writer.metadata.name}`;
    for (const pod of pods) {
      // Each pod serves the file from its own mount of the one claim.
      expect(exec(ns, pod.metadata.name, 'curl -fsS http://127.0.0.1:8080/shared.txt', 'web').trim()).toBe(expected);
    }
    expect(exec(ns, pods[2].metadata.name, `curl -fsS http://site.${ns}.svc.cluster.local:8080/shared.txt`, 'web').trim()).toBe(expected);
    expect(new Set(pods.map((p) => p.spec.volumes.find((v: any) => v.name === 'shared').persistentVolumeClaim.claimName))).toEqual(new Set(['site-shared']));
    row.checks.push('one claim mounted by 3 pods', 'a file written by one served by all and by the Service');
  });
});
