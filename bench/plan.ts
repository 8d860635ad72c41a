/**
 * `npm run bench:plan`: how long `kube-patterns plan` takes against a live API server, for 100
 * StatefulDatabases (4 objects each: two Services, the StatefulSet, the PDB) and a tenth of that. Starts the integration suite's control
 * plane (test/cluster: built once and cached), applies the instances, plans them a few times, and
 * prints a table. A script, not a test.
 *
 *   npm run bench:plan
 *   npm run bench:plan -- --reps 5
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { connect, planAgainstCluster } from '../lib/cli/main';
import { overall } from '../lib/migrate/plan';
import { databaseObjects, kubectl, yamlFile } from '../test/cluster/kube';

const CLUSTER = join(__dirname, '..', 'test', 'cluster');
const { values: args } = parseArgs({ options: { reps: { type: 'string', default: '3' } } });
const reps = Number(args.reps);
const SIZES = [10, 100];

async function main(): Promise<void> {
  execFileSync('bash', [join(CLUSTER, 'build.sh')], { stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'kube-patterns-bench-'));
  process.env.KUBECONFIG = join(work, 'kubeconfig');
  execFileSync('bash', [join(CLUSTER, 'start.sh'), work], { stdio: 'inherit' });
  try {
    kubectl(['create', 'namespace', 'bench']);
    const objects = Array.from({ length: Math.max(...SIZES) }, (_, i) =>
      databaseObjects('bench', `db-${i}`, { image: 'registry.example.com/db:1', port: 5432, replicas: 3, storage: { size: '1Gi', mountPath: '/data' } }),
    );
    kubectl(['apply', '--server-side', '-f', yamlFile(objects.flat())]);
    const cluster = await connect();
    const rows: string[] = ['| StatefulDatabases | objects | plan, median of ' + reps + ' (ms) | per object (ms) | verdict |', '| --- | --- | --- | --- | --- |'];
    for (const size of SIZES) {
      const manifests = objects.slice(0, size).flat();
      const times: number[] = [];
      let verdict = '';
      for (let r = 0; r < reps; r++) {
        const started = performance.now();
        verdict = overall(await planAgainstCluster(manifests, cluster));
        times.push(performance.now() - started);
      }
      const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
      rows.push(`| ${size} | ${manifests.length} | ${median.toFixed(0)} | ${(median / manifests.length).toFixed(2)} | ${verdict} |`);
    }
    console.log(rows.join('\n'));
  } finally {
    execFileSync('bash', [join(CLUSTER, 'stop.sh'), work], { stdio: 'inherit' });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
