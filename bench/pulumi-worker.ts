/**
 * One Pulumi registration measurement in a fresh process, under pulumi.runtime.setMocks:
 *   node -r ts-node/register/transpile-only bench/pulumi-worker.ts <kube-patterns|hand-written> <n>
 * Registers n StatefulDatabases (or the same four objects each as hand-written @pulumi/kubernetes
 * resources) and waits until every resource is registered. Prints JSON.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { performance } from 'node:perf_hooks';
import type * as KubePatternsPulumi from '../lib/pulumi';
import { DB_PROPS, handWrittenDatabase } from './workloads';

const [path, count] = process.argv.slice(2);
const n = Number(count);
let registrations = 0;
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registrations++;
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  'bench',
  'bench',
  false,
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const patterns: typeof KubePatternsPulumi = require('../build/lib/pulumi');

async function main(): Promise<void> {
  const start = performance.now();
  const resources: pulumi.Resource[] = [];
  for (let i = 0; i < n; i++) {
    const name = `db-${i}`;
    if (path === 'kube-patterns') {
      const db = new patterns.StatefulDatabase(name, DB_PROPS);
      resources.push(db.headlessService, db.service, db.statefulSet, db.podDisruptionBudget!);
    } else {
      const o = handWrittenDatabase(name);
      resources.push(
        new k8s.core.v1.Service(`${name}-headless`, { metadata: o.headless.metadata, spec: o.headless.spec }),
        new k8s.core.v1.Service(name, { metadata: o.service.metadata, spec: o.service.spec }),
        new k8s.apps.v1.StatefulSet(name, { metadata: o.statefulSet.metadata, spec: o.statefulSet.spec }),
        new k8s.policy.v1.PodDisruptionBudget(name, { metadata: o.pdb.metadata, spec: o.pdb.spec }),
      );
    }
  }
  await Promise.all(resources.map((r) => new Promise((done) => r.urn.apply(done))));
  const ms = performance.now() - start;
  process.stdout.write(JSON.stringify({ path, n, ms, registrations, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
