/** kubectl against the integration cluster, and small waiting helpers. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

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
