/** kubectl against the integration cluster, and small waiting helpers. */
import { Chart, Testing } from 'cdk8s';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { StatefulDatabase, StatefulDatabaseProps, StatelessWeb, StatelessWebProps } from '../../lib';

export const KUBECTL = process.env.KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.31';

export interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl; throws with its output when it fails, unless `allowFailure`. */
export function kubectl(args: string[], options: { input?: string; allowFailure?: boolean } = {}): Result {
  // Bounded: a kubectl that hangs must fail its test, not stall the suite.
  const result = spawnSync(KUBECTL, args, { encoding: 'utf8', input: options.input, env: process.env, timeout: 120_000 });
  if (result.error) {
    throw new Error(`kubectl ${args.join(' ')} did not finish: ${result.error.message}`);
  }
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`kubectl ${args.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `kubectl get -o json`. */
export function get(kind: string, name: string | undefined, namespace?: string, extra: string[] = []): any {
  const args = ['get', kind, ...(name ? [name] : []), ...(namespace ? ['-n', namespace] : []), '-o', 'json', ...extra];
  return JSON.parse(kubectl(args).stdout);
}

/** Writes objects to a YAML file (YAML 1.1, as cdk8s does) and returns its path. */
export function yamlFile(objects: readonly unknown[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kube-patterns-it-yaml-')), 'objects.yaml');
  writeFileSync(file, objects.map((o) => stringify(o, { version: '1.1' })).join('---\n'));
  return file;
}

/** Polls until `check` returns a value other than undefined/false, or fails after `seconds`. */
export async function eventually<T>(what: string, check: () => T | undefined | false, seconds = 120): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last: unknown;
  for (;;) {
    try {
      const value = check();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The Ready condition's transition time of a pod, or undefined while it is not Ready. */
export function readySince(pod: any): string | undefined {
  const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready' && c.status === 'True');
  return ready?.lastTransitionTime;
}

/** Sleeps. */
export const sleep = (seconds: number) => new Promise((r) => setTimeout(r, seconds * 1000));

/** Pod Security labels of a namespace that enforces the restricted profile. */
export const RESTRICTED = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };

/** Creates (or keeps) a namespace that enforces the restricted profile. */
export function createNamespace(name: string): void {
  kubectl(['apply', '--server-side', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: RESTRICTED } }) });
}

/** Synthesizes one StatefulDatabase into a chart in `namespace`, as `cdk8s synth` would. */
export function databaseObjects(namespace: string, id: string, props: StatefulDatabaseProps): any[] {
  const chart = new Chart(Testing.app(), 'it', { namespace });
  new StatefulDatabase(chart, id, props);
  return Testing.synth(chart);
}

/** Synthesizes one StatelessWeb into a chart in `namespace`. */
export function webObjects(namespace: string, id: string, props: StatelessWebProps): any[] {
  const chart = new Chart(Testing.app(), 'it', { namespace });
  new StatelessWeb(chart, id, props);
  return Testing.synth(chart);
}

/** Server-side apply under the suite's field manager. */
export const applyObjects = (objects: readonly unknown[], options: { allowFailure?: boolean } = {}) =>
  kubectl(['apply', '--server-side', '--field-manager=kube-patterns-it', '-f', yamlFile(objects)], options);

/** Pods matching a label selector. */
export const pods = (namespace: string, selector: string) => get('pods', undefined, namespace, ['-l', selector]).items as any[];
/** The pods of one instance, by name. */
export const podsOf = (namespace: string, instance: string) =>
  pods(namespace, `app.kubernetes.io/instance=${instance}`).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
/** The Ready pods of one instance. */
export const readyPods = (namespace: string, instance: string) => podsOf(namespace, instance).filter((p) => readySince(p) !== undefined);

/**
 * Creates (or keeps) the StorageClass `expandable` (no provisioner, `allowVolumeExpansion: true`)
 * and `count` hostPath PersistentVolumes of 100Gi for it, named `{prefix}-{i}`: the API server
 * accepts claim resizes on it and records them (no volume really grows).
 */
export function createExpandableVolumes(prefix: string, count: number): void {
  const volume = (i: number) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `${prefix}-${i}` },
    spec: { capacity: { storage: '100Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'expandable', persistentVolumeReclaimPolicy: 'Retain', hostPath: { path: `/tmp/kube-patterns-it/${prefix}-${i}` } },
  });
  kubectl(['apply', '--server-side', '-f', yamlFile([
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'expandable' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'Immediate', allowVolumeExpansion: true },
    ...Array.from({ length: count }, (_, i) => volume(i)),
  ])]);
}
