#!/usr/bin/env node
/**
 * `kube-patterns`: what applying synthesized manifests would do to the cluster of the current
 * kubeconfig.
 *
 *   kube-patterns plan dist/            a person-readable plan
 *   kube-patterns plan dist/ -o json    the same as JSON, for CI
 *   kube-patterns apply dist/           carry the plan out (migrations included)
 *
 * Exit codes of plan: 0 nothing to do, 2 safe to apply, 3 needs a migration, 4 refused (a change
 * that would move or lose data), 1 an error (unreadable manifests, no cluster). Of apply: 0 done,
 * 4 refused (nothing was changed), 1 an error (run it again to resume).
 *
 * Not loaded by `require('kube-patterns')`: the Kubernetes client is imported only here.
 */
import { Command, Option } from 'commander';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { KubeObject, ObjectPlan, overall, planObject, Verdict } from '../migrate/plan';
import { applyPlans, Cluster, FIELD_MANAGER } from './apply';
import { loadSerializer, toWire } from './wire';

/** The exit code of each overall verdict. */
export const EXIT_CODES: Readonly<Record<Verdict, number>> = {
  [Verdict.UNCHANGED]: 0,
  [Verdict.APPLY]: 2,
  [Verdict.MIGRATION]: 3,
  [Verdict.REFUSED]: 4,
};

/** Every object of the YAML files at the given paths (files, or directories of `.yaml`/`.yml`). */
export function readManifests(paths: readonly string[]): KubeObject[] {
  const files = paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
          .map((f) => join(path, f))
      : [path],
  );
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const object = doc.toJSON() as KubeObject | null;
      return object && object.kind ? [object] : [];
    }),
  );
}

/** The cluster of a kubeconfig (the default one when none is given). */
export async function connect(kubeconfig?: string): Promise<Cluster & { config: k8s.KubeConfig }> {
  const client = await import('@kubernetes/client-node');
  const config = new client.KubeConfig();
  if (kubeconfig) config.loadFromFile(kubeconfig);
  else config.loadFromDefault();
  return { client, config, api: client.KubernetesObjectApi.makeApiClient(config), serializer: await loadSerializer() };
}

/** Plans every manifest object against a cluster. */
export async function planAgainstCluster(objects: readonly KubeObject[], cluster: Cluster & { config: k8s.KubeConfig }): Promise<ObjectPlan[]> {
  const { client, config, api } = cluster;
  const storage = config.makeApiClient(client.StorageV1Api);
  const classes = new Map<string, k8s.V1StorageClass>();
  for (const sc of (await storage.listStorageClass()).items) classes.set(sc.metadata!.name!, sc);
  const defaultClass = [...classes.values()].find((sc) => sc.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  const allowsExpansion = (name: string | undefined) => {
    const sc = name === undefined ? defaultClass : classes.get(name);
    return sc === undefined ? undefined : sc.allowVolumeExpansion === true;
  };
  const plans: ObjectPlan[] = [];
  for (const object of objects) {
    let live: KubeObject | undefined;
    try {
      live = toWire(
        cluster.serializer,
        await api.read({
          apiVersion: object.apiVersion!,
          kind: object.kind!,
          metadata: { name: object.metadata!.name!, namespace: object.metadata?.namespace ?? 'default' },
        }),
      ) as unknown as KubeObject;
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
    plans.push(planObject(object, { live, allowsExpansion }));
  }
  return plans;
}

const WORDS: Readonly<Record<Verdict, string>> = {
  [Verdict.UNCHANGED]: 'unchanged',
  [Verdict.APPLY]: 'safe to apply',
  [Verdict.MIGRATION]: 'needs a migration',
  [Verdict.REFUSED]: 'refused',
};

/** The plan as text for a person. */
export function formatPlan(plans: readonly ObjectPlan[]): string {
  const lines: string[] = [];
  for (const plan of plans) {
    lines.push(`${plan.kind} ${plan.namespace}/${plan.name}: ${WORDS[plan.verdict]}`);
    for (const change of plan.changes) {
      lines.push(`  ${change.field}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)} (${WORDS[change.verdict]}): ${change.reason}`);
    }
    plan.steps.forEach((step, i) => lines.push(`  step ${i + 1}: ${step}`));
  }
  lines.push(`overall: ${WORDS[overall(plans)]}`);
  return lines.join('\n');
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command('kube-patterns')
    .description('Plan the apply of manifests synthesized by kube-patterns against the cluster of the current kubeconfig')
    .exitOverride();
  program
    .command('plan')
    .description('say, per object, whether applying would change nothing, be safe, need a migration, or be refused')
    .argument('<paths...>', 'YAML files, or directories of them (e.g. dist/)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--kubeconfig <file>', 'the kubeconfig to use (default: $KUBECONFIG or ~/.kube/config)')
    .action(async (paths: string[], options: { output: string; kubeconfig?: string }) => {
      const plans = await planAgainstCluster(readManifests(paths), await connect(options.kubeconfig));
      process.stdout.write(options.output === 'json' ? `${JSON.stringify({ overall: overall(plans), objects: plans }, null, 2)}\n` : `${formatPlan(plans)}\n`);
      code = EXIT_CODES[overall(plans)];
    });
  program
    .command('apply')
    .description('apply the manifests, carrying out the migrations the plan lists; refuses, touching nothing, when the plan refuses anything')
    .argument('<paths...>', 'YAML files, or directories of them (e.g. dist/)')
    .option('--kubeconfig <file>', 'the kubeconfig to use (default: $KUBECONFIG or ~/.kube/config)')
    .option('--timeout <seconds>', 'how long to wait for each StatefulSet to be deleted, adopt its pods and roll out', '600')
    .option('--field-manager <name>', 'the server-side apply field manager: the one of your earlier applies, so that fields the manifests no longer have are removed', FIELD_MANAGER)
    .action(async (paths: string[], options: { kubeconfig?: string; timeout: string; fieldManager: string }) => {
      const objects = readManifests(paths);
      const cluster = await connect(options.kubeconfig);
      const plans = await planAgainstCluster(objects, cluster);
      process.stdout.write(`${formatPlan(plans)}\n`);
      const done = await applyPlans(objects, plans, cluster, (line) => process.stdout.write(`${line}\n`), Number(options.timeout), options.fieldManager);
      code = done === Verdict.REFUSED ? EXIT_CODES[Verdict.REFUSED] : 0;
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code?.startsWith('commander.')) return err.exitCode === 0 ? 0 : 1;
    process.stderr.write(`kube-patterns: ${err.message ?? String(e)}\n`);
    return 1;
  }
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
