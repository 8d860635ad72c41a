import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Tears the real-pods cluster down (test/pods/stop.sh). */
export default function globalTeardown(): void {
  const work = process.env.KUBE_PATTERNS_PODS_WORK;
  if (work) execFileSync('bash', [join(__dirname, 'stop.sh'), work], { stdio: 'inherit' });
}
