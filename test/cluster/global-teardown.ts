import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Stops the processes the setup started (by their recorded PIDs). */
export default function globalTeardown(): void {
  const work = process.env.KUBE_PATTERNS_IT_WORK;
  if (work) {
    execFileSync('bash', [join(__dirname, 'stop.sh'), work], { stdio: 'inherit' });
  }
}
