/** Helpers of the real-pods suite: skipping, images, commands in containers, the summary table. */
import { kubectl, readySince } from '../cluster/kube';
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

/** A pod's metrics page on `port`, through the API server's pod proxy. */
export function scrape(namespace: string, pod: string, port: number): string {
  return kubectl(['get', '--raw', `/api/v1/namespaces/${namespace}/pods/${pod}:${port}/proxy/metrics`]).stdout;
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
