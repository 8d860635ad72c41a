/**
 * Strict schema validation with `kubernetes-validate` (PyPI), which checks objects against the
 * Kubernetes OpenAPI schema of a given version and, with --strict, rejects unknown fields
 * (kubernetes-models does not). It runs from the virtualenv of ./python-tools.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { pythonTool } from './python-tools';

/** The Kubernetes versions every object must be valid for: the oldest supported, and current. */
export const KUBERNETES_VERSIONS = ['1.28.0', '1.33.0'];

const BIN = pythonTool('kubernetes-validate');

/** Custom resources (PodMonitor, Certificate) are not in the Kubernetes schema: schema.ts checks them against their CRD's. */
const isCustomResource = (o: any) => typeof o?.apiVersion === 'string' && /^(monitoring\.coreos\.com|cert-manager\.io)\//.test(o.apiVersion);

/**
 * Validates objects strictly against each supported Kubernetes version (custom resources are
 * left to schema.ts, which has their CRD schemas).
 * @returns the validator's complaints, one per line; empty when every object is valid
 */
export function strictSchemaErrors(all: readonly unknown[]): string[] {
  const objects = all.filter((o) => !isCustomResource(o));
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
