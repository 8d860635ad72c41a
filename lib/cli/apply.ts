/**
 * `kube-patterns apply`: carries out a plan. Objects that are safe to apply are applied
 * (server-side, field manager `kube-patterns`); a StatefulSet that needs a migration has its
 * claims grown first, is deleted with orphan propagation (its pods and claims keep running), and is
 * applied again, after which it adopts the pods of the same names; one whose members' peer
 * authentication changes is applied, then all its pods are deleted at once, so that they come back
 * together with the new setting. Anything refused stops the
 * command before it touches the cluster. Every step checks the state first, so a run that was
 * interrupted can simply be run again; no step ever deletes a claim.
 */
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { compareQuantities } from '../core/quantity';
import { FieldChange, KubeObject, needsRecreation, ObjectPlan, overall, restartsTogether, Verdict } from '../migrate/plan';
import { Serializer, toModel } from './wire';

/**
 * The default field manager of every change the command makes. Server-side apply removes only
 * the fields that the same manager applied before and the manifests no longer have: fields
 * another manager set (an earlier `kubectl apply --server-side`) stay, so keep one manager
 * (`--field-manager`).
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
 */
export const FIELD_MANAGER = 'kube-patterns';

/** What the command needs from the cluster. */
export interface Cluster {
  readonly api: k8s.KubernetesObjectApi;
  readonly client: typeof k8s;
  /** Converts between manifests and the client's models (see wire.ts). */
  readonly serializer: Serializer;
}

/** Where the command says what it does. */
export type Log = (line: string) => void;

/**
 * Applies the manifests according to their plans.
 * @returns the overall verdict that was carried out (REFUSED when nothing was touched)
 */
export async function applyPlans(objects: readonly KubeObject[], plans: readonly ObjectPlan[], cluster: Cluster, log: Log, timeoutSeconds = 600, fieldManager = FIELD_MANAGER): Promise<Verdict> {
  const verdict = overall(plans);
  if (verdict === Verdict.REFUSED) {
    log('refused: nothing was changed (see the plan for what to do instead)');
    return verdict;
  }
  const migrations = plans.filter((p) => p.kind === 'StatefulSet' && p.verdict === Verdict.MIGRATION);
  for (const plan of migrations) {
    await growClaims(plan, cluster, log, fieldManager);
    if (needsRecreation(plan)) await deleteOrphaning(plan, cluster, log, timeoutSeconds);
  }
  for (const object of objects) {
    const plan = plans.find((p) => p.kind === object.kind && p.name === object.metadata?.name && p.namespace === (object.metadata?.namespace ?? 'default'));
    if (plan?.verdict === Verdict.UNCHANGED) continue;
    await cluster.api.patch(toModel(cluster.serializer, object as k8s.KubernetesObject), undefined, undefined, fieldManager, true, cluster.client.PatchStrategy.ServerSideApply);
    log(`applied ${object.kind} ${object.metadata?.namespace ?? 'default'}/${object.metadata?.name}`);
  }
  const restarted = new Map<ObjectPlan, Set<string>>();
  for (const plan of migrations.filter(restartsTogether)) {
    restarted.set(plan, await restartPods(plan, cluster, log));
  }
  for (const plan of migrations) {
    await waitForAdoption(plan, cluster, log, timeoutSeconds, restarted.get(plan));
    await reportClaims(plan, cluster, log);
  }
  return verdict;
}

/** The claims of a StatefulSet's template: `{template}-{statefulset}-{ordinal}`, retained ordinals included. */
async function claimsOf(plan: ObjectPlan, template: string, cluster: Cluster): Promise<KubeObject[]> {
  const list = await cluster.api.list('v1', 'PersistentVolumeClaim', plan.namespace, undefined, undefined, undefined, undefined, `app.kubernetes.io/instance=${plan.name}`);
  const pattern = new RegExp(`^${template}-${plan.name}-\\d+$`);
  return (list.items as KubeObject[]).filter((c) => pattern.test(c.metadata?.name ?? ''));
}

const growthOf = (change: FieldChange) => (/^spec\.volumeClaimTemplates\[(.+)\]\.spec\.resources\.requests\.storage$/.exec(change.field) ?? [])[1];

async function growClaims(plan: ObjectPlan, cluster: Cluster, log: Log, fieldManager: string): Promise<void> {
  for (const change of plan.changes) {
    const template = growthOf(change);
    if (template === undefined || change.verdict !== Verdict.MIGRATION) continue;
    const size = String(change.to);
    for (const claim of await claimsOf(plan, template, cluster)) {
      const current = claim.spec?.resources?.requests?.storage as string;
      if (compareQuantities(current, size) >= 0) {
        log(`claim ${plan.namespace}/${claim.metadata!.name} already requests ${current}`);
        continue;
      }
      await cluster.api.patch(
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim.metadata!.name!, namespace: plan.namespace }, spec: { resources: { requests: { storage: size } } } } as k8s.KubernetesObject,
        undefined,
        undefined,
        fieldManager,
        undefined,
        cluster.client.PatchStrategy.MergePatch,
      );
      log(`grew claim ${plan.namespace}/${claim.metadata!.name} from ${current} to ${size}`);
    }
  }
}

async function deleteOrphaning(plan: ObjectPlan, cluster: Cluster, log: Log, timeoutSeconds: number): Promise<void> {
  const header = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: plan.name, namespace: plan.namespace } };
  try {
    await cluster.api.delete(header, undefined, undefined, undefined, undefined, 'Orphan');
  } catch (e) {
    if ((e as { code?: number }).code === 404) {
      log(`StatefulSet ${plan.namespace}/${plan.name} is already deleted`);
      return;
    }
    throw e;
  }
  log(`deleted StatefulSet ${plan.namespace}/${plan.name} with propagationPolicy Orphan (its pods and claims keep running)`);
  await until(`StatefulSet ${plan.namespace}/${plan.name} to be gone`, timeoutSeconds, async () => {
    try {
      await cluster.api.read(header);
      return false;
    } catch (e) {
      return (e as { code?: number }).code === 404;
    }
  });
}

/**
 * Deletes every pod of the StatefulSet at once; its controller recreates them from the applied
 * template.
 * @returns the uids of the pods deleted
 */
async function restartPods(plan: ObjectPlan, cluster: Cluster, log: Log): Promise<Set<string>> {
  const pods = await cluster.api.list('v1', 'Pod', plan.namespace, undefined, undefined, undefined, undefined, `app.kubernetes.io/instance=${plan.name}`);
  const pattern = new RegExp(`^${plan.name}-\\d+$`);
  const members = pods.items.filter((p) => pattern.test(p.metadata?.name ?? ''));
  const names = members.map((p) => p.metadata!.name!);
  for (const name of names) {
    try {
      await cluster.api.delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: plan.namespace } });
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
  log(`deleted the pods of StatefulSet ${plan.namespace}/${plan.name} at once (${names.join(', ') || 'none running'}): they restart together with the new peer authentication`);
  return new Set(members.map((p) => p.metadata!.uid!));
}

/** Waits until the StatefulSet owns `replicas` Ready pods on its current revision, none of them one of the `replaced` pods. */
async function waitForAdoption(plan: ObjectPlan, cluster: Cluster, log: Log, timeoutSeconds: number, replaced: ReadonlySet<string> = new Set()): Promise<void> {
  await until(`StatefulSet ${plan.namespace}/${plan.name} to adopt its pods and roll out`, timeoutSeconds, async () => {
    const sts = (await cluster.api.read({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: plan.name, namespace: plan.namespace } })) as KubeObject & { status?: any };
    const s = sts.status ?? {};
    const replicas = sts.spec?.replicas ?? 1;
    if (s.observedGeneration !== (sts.metadata as any).generation || (s.readyReplicas ?? 0) !== replicas || (s.updatedReplicas ?? 0) !== replicas) return false;
    const pods = await cluster.api.list('v1', 'Pod', plan.namespace, undefined, undefined, undefined, undefined, `app.kubernetes.io/instance=${plan.name}`);
    const uid = (sts.metadata as any).uid;
    const owned = pods.items.filter((p) => (p.metadata?.ownerReferences ?? []).some((o) => o.uid === uid));
    return owned.length === replicas && owned.every((p) => !replaced.has(p.metadata?.uid ?? ''));
  });
  log(`StatefulSet ${plan.namespace}/${plan.name} adopted its pods and is rolled out`);
}

async function reportClaims(plan: ObjectPlan, cluster: Cluster, log: Log): Promise<void> {
  for (const change of plan.changes) {
    const template = growthOf(change);
    if (template === undefined) continue;
    for (const claim of await claimsOf(plan, template, cluster)) {
      const status = (claim as any).status ?? {};
      const conditions = (status.conditions ?? []).map((c: any) => c.type).join(', ') || 'no resize condition';
      log(`claim ${plan.namespace}/${claim.metadata!.name}: requests ${claim.spec?.resources?.requests?.storage}, capacity ${status.capacity?.storage ?? 'unknown'} (${conditions})`);
    }
  }
}

async function until(what: string, seconds: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}; run the command again to resume`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
