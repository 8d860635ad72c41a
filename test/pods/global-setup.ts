/**
 * Builds (once, cached) what the real-pods cluster needs and starts it; stops it again on SIGINT
 * or SIGTERM, since jest runs no teardown when interrupted. When this machine cannot run it
 * (not root, or a Debian package missing), the suite is skipped and each test file says why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The images the suite runs, by preset: archive builders in images.sh. */
export const IMAGES = ['pause', 'redis', 'redis-exporter', 'postgres', 'postgres-exporter', 'postgres17', 'postgres-upgrade', 'mariadb', 'mysqld-exporter', 'nginx', 'zookeeper', 'kafka', 'cassandra', 'rclone', 's3'];

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return 'test:pods skipped: it needs root (network namespaces, a bridge, containerd)';
  const tools = ['containerd', 'ctr', 'runc', 'mmdebstrap', 'iptables', 'ip'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (!existsSync('/usr/lib/cni/bridge')) tools.push('/usr/lib/cni/bridge');
  return tools.length > 0 ? `test:pods skipped: missing ${tools.join(', ')} (apt-get install containerd runc containernetworking-plugins iptables mmdebstrap)` : undefined;
}

export default function globalSetup(): void {
  const here = __dirname;
  const reason = missing();
  if (reason) {
    process.stderr.write(`${reason}\n`);
    process.env.KUBE_PATTERNS_PODS_SKIP = reason;
    return;
  }
  execFileSync('bash', [join(here, 'build.sh')], { stdio: 'inherit' });
  const images = execFileSync('bash', [join(here, 'images.sh'), ...IMAGES], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .map((line) => line.split(' '));
  process.env.KUBE_PATTERNS_PODS_IMAGES = JSON.stringify(Object.fromEntries(images.map(([reference], i) => [IMAGES[i], reference])));
  // cert-manager's controller, for the tls tests that issue a Certificate; without a checkout to
  // build it from, those tests are skipped with the reason.
  const certManager = spawnSync('bash', [join(here, 'cert-manager.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (certManager.status === 0) process.env.KUBE_PATTERNS_CERT_MANAGER = certManager.stdout.trim();
  else if (certManager.status === 3) process.env.KUBE_PATTERNS_CERT_MANAGER_SKIP = certManager.stdout.trim();
  else throw new Error(`test/pods/cert-manager.sh failed (exit ${certManager.status})`);
  const work = mkdtempSync(join(tmpdir(), 'kube-patterns-pods-'));
  process.env.KUBE_PATTERNS_PODS_WORK = work;
  process.env.KUBECONFIG = join(work, 'kubeconfig');
  const stop = () => execFileSync('bash', [join(here, 'stop.sh'), work], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
  try {
    execFileSync('bash', [join(here, 'start.sh'), work, ...images.map(([, archive]) => archive)], { stdio: 'inherit' });
  } catch (e) {
    stop();
    throw e;
  }
}
