/**
 * Builds the Pulumi toolchain (cached outside the repository), then starts the integration
 * cluster as `test:cluster` does. When the toolchain is missing and a source checkout is not
 * given, the suite is skipped: the reason goes to the environment, and each test file reports it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import startCluster from '../cluster/global-setup';

export default function globalSetup(): void {
  const build = spawnSync('bash', [join(__dirname, 'build.sh')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  process.stderr.write(build.stderr);
  if (build.status === 3) {
    process.env.KUBE_PATTERNS_PULUMI_SKIP = build.stderr.trim().split('\n').pop();
    return;
  }
  if (build.status !== 0) {
    throw new Error(`test/pulumi-up/build.sh failed (${build.status ?? build.signal})`);
  }
  const bin = spawnSync('bash', ['-c', `. "${join(__dirname, 'versions.sh')}" && echo "$PULUMI_BIN"`], { encoding: 'utf8' });
  process.env.KUBE_PATTERNS_PULUMI_BIN = bin.stdout.trim();
  startCluster();
}
