/**
 * Builds the cluster binaries (cached outside the repository) and starts the control plane.
 * The work directory and kubeconfig reach the tests through the environment.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup(): void {
  const here = __dirname;
  execFileSync('bash', [join(here, 'build.sh')], { stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'kube-patterns-it-'));
  process.env.KUBE_PATTERNS_IT_WORK = work;
  process.env.KUBECONFIG = join(work, 'kubeconfig');
  try {
    execFileSync('bash', [join(here, 'start.sh'), work], { stdio: 'inherit' });
  } catch (e) {
    execFileSync('bash', [join(here, 'stop.sh'), work], { stdio: 'inherit' });
    throw e;
  }
}
