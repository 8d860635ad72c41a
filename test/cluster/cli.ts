/** The `kube-patterns` CLI, run from source against the test cluster (KUBECONFIG). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const ROOT = join(__dirname, '..', '..');

/** Runs `kube-patterns` with `args`. */
export function runCli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'lib/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes `objects` as one YAML file into a new directory; returns the directory. */
export function manifestsDir(objects: readonly unknown[], file = 'app.k8s.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-patterns-plan-'));
  writeFileSync(join(dir, file), objects.map((o) => stringify(o, { version: '1.1' })).join('---\n'));
  return dir;
}

/** Runs `kube-patterns <command>` on a directory holding `objects`, against the test cluster. */
export function cli(command: 'plan' | 'apply', objects: readonly unknown[], extra: string[] = []): { status: number | null; stdout: string; stderr: string } {
  return runCli([command, manifestsDir(objects), '--kubeconfig', process.env.KUBECONFIG!, ...extra]);
}

/** `plan -o json`: exit code and the parsed plan. */
export function plan(objects: readonly unknown[]): { status: number | null; json: any; stderr: string } {
  const result = cli('plan', objects, ['-o', 'json']);
  return { status: result.status, json: result.stdout ? JSON.parse(result.stdout) : undefined, stderr: result.stderr };
}
