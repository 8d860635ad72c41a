/**
 * Strict schema validation with `kubernetes-validate` (PyPI), which checks objects against the
 * Kubernetes OpenAPI schema of a given version and, with --strict, rejects unknown fields
 * (kubernetes-models does not). It runs from a private virtualenv that global setup creates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The pinned validator version. */
export const KUBERNETES_VALIDATE_VERSION = '1.33.1';
/** The Kubernetes versions every object must be valid for: the oldest supported, and current. */
export const KUBERNETES_VERSIONS = ['1.28.0', '1.33.0'];

const VENV = join(__dirname, '..', '..', 'node_modules', '.cache', `kubernetes-validate-${KUBERNETES_VALIDATE_VERSION}`);
const BIN = join(VENV, 'bin', 'kubernetes-validate');

/** Creates the virtualenv with the pinned validator, once. */
export function ensureKubernetesValidate(): void {
  if (existsSync(BIN)) {
    return;
  }
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `kubernetes-validate==${KUBERNETES_VALIDATE_VERSION}`], {
    stdio: 'inherit',
  });
}

/**
 * Validates objects strictly against each supported Kubernetes version.
 * @returns the validator's complaints, one per line; empty when every object is valid
 */
export function strictSchemaErrors(objects: readonly unknown[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kube-patterns-schema-'));
  try {
    const file = join(dir, 'objects.yaml');
    // YAML 1.1, as cdk8s writes it: strings such as 'on' and 'yes' are quoted, or PyYAML (and
    // kubectl) would read them as booleans.
    writeFileSync(file, objects.map((o) => stringify(o, { version: '1.1' })).join('---\n'));
    const errors: string[] = [];
    for (const version of KUBERNETES_VERSIONS) {
      const result = spawnSync(BIN, ['--strict', '--quiet', '-k', version, file], { encoding: 'utf8' });
      if (result.error) {
        throw result.error;
      }
      const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
      if (result.status !== 0 && lines.length === 0) {
        lines.push(`kubernetes-validate exited ${result.status} for ${version} without output`);
      }
      errors.push(...lines);
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
