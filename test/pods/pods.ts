/** Helpers of the real-pods suite: skipping, images, commands in containers, the summary table. */
import { applyObjects, eventually, get, kubectl, readyPods, readySince } from '../cluster/kube';
import { describeUnless } from '../support/skip';

/** Why the suite is skipped on this machine, or undefined. */
export const SKIP_REASON = process.env.KUBE_PATTERNS_PODS_SKIP;

/** `describe`, or `describe.skip` with the reason in its title. */
export const describeWithPods = (name: string, body: () => void): void => describeUnless(SKIP_REASON, name, body);

/** The locally built stand-in image of a preset (see images.sh). */
export function image(preset: string): string {
  if (SKIP_REASON) return 'skipped';
  const images = JSON.parse(process.env.KUBE_PATTERNS_PODS_IMAGES ?? '{}') as Record<string, string>;
  if (!images[preset]) throw new Error(`no image for ${preset}: add it to IMAGES in global-setup.ts`);
  return images[preset];
}

/** Runs a shell script in a pod's container; returns stdout (and stderr, merged), or throws. */
export function exec(namespace: string, pod: string, script: string, container = 'database'): string {
  return kubectl(['exec', '-n', namespace, pod, '-c', container, '--', 'sh', '-c', `${script} 2>&1`]).stdout.replace(/\r/g, '');
}

/**
 * Deletes a namespace of the tests once they are done, and waits until its pods are gone: the one
 * node has 2 CPUs, and the next tests' pods must fit beside what is left.
 */
export function deleteNamespaceAfterAll(namespace: string): void {
  afterAll(() => {
    kubectl(['delete', 'namespace', namespace, '--wait=true', '--timeout=110s'], { allowFailure: true });
  }, 130_000);
}

/**
 * Waits until `count` pods of the StatefulSet or Deployment `name` are Ready. On a timeout the
 * error says why, as a person would look: every pod's phase and container states (waiting reasons,
 * last exit codes), the namespace's warning events, and the last log lines of each container
 * that is not ready, so that a failure on CI can be read from its log alone.
 */
export async function waitForReadyPods(namespace: string, name: string, count: number, seconds = 300): Promise<void> {
  try {
    await eventually(`${count} Ready pods of ${name}`, () => readyPods(namespace, name).length === count, seconds);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${diagnose(namespace)}`);
  }
}

/** What is wrong with the pods of a namespace, in a few lines (see waitForReadyPods). */
export function diagnose(namespace: string): string {
  const lines: string[] = [];
  try {
    for (const pod of get('pods', undefined, namespace).items) {
      const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
      const states = statuses.map((c: any) => {
        const state = Object.keys(c.state ?? {})[0] ?? 'unknown';
        const reason = c.state?.[state]?.reason ?? '';
        const last = c.lastState?.terminated ? ` last exit ${c.lastState.terminated.exitCode}` : '';
        return `${c.name}=${state}${reason ? `(${reason})` : ''} restarts ${c.restartCount}${last}`;
      });
      lines.push(`pod ${pod.metadata.name}: ${pod.status?.phase} on ${pod.spec.nodeName ?? 'no node'}; ${states.join(', ') || 'no container status'}`);
      for (const c of statuses.filter((s: any) => !s.ready && (s.restartCount > 0 || s.state?.running || s.state?.terminated))) {
        const log = kubectl(['logs', '-n', namespace, pod.metadata.name, '-c', c.name, '--tail=15', ...(c.restartCount > 0 ? ['--previous'] : [])], { allowFailure: true });
        lines.push(`  log of ${pod.metadata.name}/${c.name}:`, ...`${log.stdout}${log.stderr}`.trim().split('\n').map((l) => `    ${l}`));
      }
    }
    const events = kubectl(['get', 'events', '-n', namespace, '--field-selector=type=Warning', '--sort-by=.lastTimestamp', '-o', 'custom-columns=OBJECT:.involvedObject.name,REASON:.reason,MESSAGE:.message'], { allowFailure: true });
    lines.push('warning events:', ...events.stdout.trim().split('\n').slice(-15).map((l) => `  ${l}`));
  } catch (e) {
    lines.push(`(could not diagnose: ${(e as Error).message})`);
  }
  return lines.join('\n');
}

/**
 * Runs a Job from a CronJob's template (`kubectl create job --from=cronjob/...`), waits until it is
 * Complete, and returns the log of every attempt. A failed attempt is retried (backoffLimit 2):
 * seen once here, when the Service's new endpoint was not yet in kube-proxy's rules right after
 * the pod was replaced. A Job that fails fails the test with its log.
 */
export async function runJob(namespace: string, name: string, cronJob: string): Promise<string> {
  kubectl(['-n', namespace, 'create', 'job', name, `--from=cronjob/${cronJob}`]);
  const done = await eventually(`job ${name} complete or failed`, () => {
    const conditions: any[] = get('job', name, namespace).status?.conditions ?? [];
    return conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
  }, 300);
  const log = kubectl(['-n', namespace, 'logs', '-l', `batch.kubernetes.io/job-name=${name}`, '--tail=-1'], { allowFailure: true }).stdout;
  if (done !== 'Complete') throw new Error(`job ${name} failed; its log:\n${log}`);
  return log;
}

/** A pod's metrics page on `port`, through the API server's pod proxy. */
export function scrape(namespace: string, pod: string, port: number): string {
  return kubectl(['get', '--raw', `/api/v1/namespaces/${namespace}/pods/${pod}:${port}/proxy/metrics`]).stdout;
}

/**
 * A helper server for a test (an S3 API, a Maven mirror): a pod and a Service, both `name`, with
 * one container on `port` of one of the suite's images, as the restricted profile allows, and a
 * TCP readiness probe. `extra` adds to the container (a command, mounts) and `volumes` to the pod.
 * Resolves once the pod is Ready.
 */
export async function serverPod(namespace: string, name: string, preset: string, port: number, extra: Record<string, unknown> = {}, volumes: unknown[] = []): Promise<void> {
  const labels = { app: name };
  applyObjects([
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name,
            image: image(preset),
            imagePullPolicy: 'Never',
            ports: [{ name: 'server', containerPort: port }],
            readinessProbe: { tcpSocket: { port } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            ...extra,
          },
        ],
        ...(volumes.length > 0 ? { volumes } : {}),
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: labels, ports: [{ name: 'server', port, targetPort: 'server' }] } },
  ]);
  await eventually(`the ${name} server Ready`, () => (get('pod', name, namespace).status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'), 120);
}

/** Seconds from the first pod's creation to the last pod's Ready. */
export function secondsToAllReady(pods: any[]): number {
  const created = Math.min(...pods.map((p) => Date.parse(p.metadata.creationTimestamp)));
  const ready = Math.max(...pods.map((p) => Date.parse(readySince(p)!)));
  return (ready - created) / 1000;
}

/** One row of the table the suite prints. */
export interface Row {
  readonly preset: string;
  readonly replicas: number;
  secondsToReady?: number;
  readonly checks: string[];
}

/** Prints the rows as a table. */
export function printRows(rows: readonly Row[]): void {
  const lines = rows.map((r) => `| ${r.preset} | ${r.replicas} | ${r.secondsToReady ?? '-'} s | ${r.checks.length}: ${r.checks.join('; ')} |`);
  process.stdout.write(`\n| preset | replicas | time to all Ready | checks passed |\n|---|---|---|---|\n${lines.join('\n')}\n`);
}
