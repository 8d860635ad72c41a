/**
 * What applying the synthesized manifests would do to a running cluster, object by object:
 * nothing, a plain apply, a planned migration (fields the API server refuses to update, whose
 * change kube-patterns knows how to carry out without losing pods or data), or a refusal (a
 * change that would move or lose data, with the manual procedure). Pure: the live objects are
 * given, so the rules are tested without a cluster.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#limitations
 */
import { DATA_FORMAT_ANNOTATION as DATA_FORMAT, DATA_UPGRADE_ANNOTATION, upgradeSource } from '../core/data-format';
import { livePeerAuthentication, PEER_AUTHENTICATION_ANNOTATION } from '../core/peer-authentication';
import { compareQuantities, parseExactQuantity } from '../core/quantity';

/** The outcome for one object, from the least to the most serious. */
export enum Verdict {
  /** The live object already has every field of the manifest. */
  UNCHANGED = 'unchanged',
  /** A plain apply succeeds (a new object, or fields the API server updates in place). */
  APPLY = 'apply',
  /** The API server would refuse the apply; kube-patterns' migration carries it out. */
  MIGRATION = 'migration',
  /** The change would move or lose data; the plan says what to do by hand. */
  REFUSED = 'refused',
}

const SEVERITY = [Verdict.UNCHANGED, Verdict.APPLY, Verdict.MIGRATION, Verdict.REFUSED];

/** One field that changes, and why it matters. */
export interface FieldChange {
  /** The field's path, e.g. `spec.volumeClaimTemplates[data].spec.resources.requests.storage`. */
  readonly field: string;
  /** The live value (JSON). */
  readonly from: unknown;
  /** The manifest's value (JSON). */
  readonly to: unknown;
  /** What this change needs. */
  readonly verdict: Verdict;
  /** Why, and for a refusal, what to do instead. */
  readonly reason: string;
}

/** The plan for one object. */
export interface ObjectPlan {
  /** `kind`. */
  readonly kind: string;
  /** `metadata.namespace` (`default` when the manifest has none). */
  readonly namespace: string;
  /** `metadata.name`. */
  readonly name: string;
  /** The most serious verdict of its changes. */
  readonly verdict: Verdict;
  /** The changes the API server cares about (immutable fields, claims); empty for a plain apply. */
  readonly changes: FieldChange[];
  /** For a migration, the steps it runs, in order. */
  readonly steps: string[];
}

/** A Kubernetes object as read from a manifest or the API server. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: any;
  readonly [key: string]: unknown;
}

/** What the cluster has, as the planner needs it. */
export interface LiveState {
  /** The live object of a manifest's kind, namespace and name, if it exists. */
  readonly live?: KubeObject;
  /** Whether a StorageClass allows volume expansion (`allowVolumeExpansion`); undefined when it does not exist. */
  readonly allowsExpansion: (storageClassName: string | undefined) => boolean | undefined;
}

const PG_UPGRADE_DOCS = 'https://www.postgresql.org/docs/current/upgrading.html';

/** The field of a peer authentication change, as plans report it. */
export const PEER_AUTHENTICATION_FIELD = `metadata.annotations['${PEER_AUTHENTICATION_ANNOTATION}']`;

/**
 * Whether a StatefulSet's migration must delete it with orphan propagation (immutable fields
 * changed), as opposed to only restarting its pods together.
 * @internal
 */
export function needsRecreation(plan: ObjectPlan): boolean {
  return plan.changes.some((c) => c.verdict === Verdict.MIGRATION && c.field !== PEER_AUTHENTICATION_FIELD);
}

/**
 * Whether a StatefulSet's migration restarts every pod at once after the apply.
 * @internal
 */
export function restartsTogether(plan: ObjectPlan): boolean {
  return plan.changes.some((c) => c.verdict === Verdict.MIGRATION && c.field === PEER_AUTHENTICATION_FIELD);
}

/**
 * Plans one object of the manifests against its live state.
 */
export function planObject(desired: KubeObject, state: LiveState): ObjectPlan {
  const id = { kind: desired.kind ?? '?', namespace: desired.metadata?.namespace ?? 'default', name: desired.metadata?.name ?? '?' };
  const live = state.live;
  if (live === undefined) {
    return { ...id, verdict: Verdict.APPLY, changes: [], steps: [] };
  }
  const changes =
    desired.kind === 'StatefulSet' ? statefulSetChanges(desired, live, state) : desired.kind === 'PersistentVolumeClaim' ? claimSpecChanges('', desired, live, state, false) : desired.kind === 'Deployment' ? deploymentChanges(desired, live) : [];
  const worst = changes.reduce<Verdict>((v, c) => (SEVERITY.indexOf(c.verdict) > SEVERITY.indexOf(v) ? c.verdict : v), isSubset(desired, live) ? Verdict.UNCHANGED : Verdict.APPLY);
  const planned = { ...id, verdict: worst, changes, steps: [] as string[] };
  return worst === Verdict.MIGRATION ? { ...planned, steps: migrationSteps(desired, planned) } : planned;
}

/** The most serious verdict of a plan, which decides the command's exit code. */
export function overall(plans: readonly ObjectPlan[]): Verdict {
  return plans.reduce<Verdict>((v, p) => (SEVERITY.indexOf(p.verdict) > SEVERITY.indexOf(v) ? p.verdict : v), Verdict.UNCHANGED);
}

function statefulSetChanges(desired: KubeObject, live: KubeObject, state: LiveState): FieldChange[] {
  const changes: FieldChange[] = [];
  const d = desired.spec ?? {};
  const l = live.spec ?? {};
  if (!isSubset(d.selector, l.selector) || !isSubset(l.selector, d.selector)) {
    changes.push({
      field: 'spec.selector',
      from: l.selector,
      to: d.selector,
      verdict: Verdict.REFUSED,
      reason:
        'the selector of a StatefulSet cannot change, and a new StatefulSet would not adopt pods without the new labels; for an instance made by kube-patterns 0.1, orphan-delete the StatefulSet, label its pods and claims, and apply (README: Upgrading from 0.1)',
    });
  }
  if (d.serviceName !== undefined && d.serviceName !== l.serviceName) {
    changes.push({ field: 'spec.serviceName', from: l.serviceName, to: d.serviceName, verdict: Verdict.MIGRATION, reason: 'immutable: the StatefulSet is recreated with its pods orphaned and adopted (their DNS names change)' });
  }
  for (const field of ['podManagementPolicy', 'revisionHistoryLimit']) {
    if (d[field] !== undefined && d[field] !== l[field]) {
      changes.push({ field: `spec.${field}`, from: l[field], to: d[field], verdict: Verdict.MIGRATION, reason: 'immutable: the StatefulSet is recreated with its pods orphaned and adopted' });
    }
  }
  const peers = { from: livePeerAuthentication(live.metadata?.annotations), to: desired.metadata?.annotations?.[PEER_AUTHENTICATION_ANNOTATION] };
  if (peers.to !== undefined && peers.to !== peers.from) {
    changes.push({
      field: PEER_AUTHENTICATION_FIELD,
      from: peers.from,
      to: peers.to,
      verdict: Verdict.MIGRATION,
      reason:
        'a member with the new setting cannot join members with the old one, so a rolling update would stop at the first restarted pod; every pod is restarted at once after the apply (a short outage, on the same claims), and clients need the new settings',
    });
  }
  const liveTemplates = new Map<string, KubeObject>((l.volumeClaimTemplates ?? []).map((t: KubeObject) => [t.metadata?.name, t]));
  for (const template of (d.volumeClaimTemplates ?? []) as KubeObject[]) {
    const name = template.metadata?.name ?? '?';
    const was = liveTemplates.get(name);
    const at = `spec.volumeClaimTemplates[${name}]`;
    if (was === undefined) {
      changes.push({
        field: at,
        from: [...liveTemplates.keys()],
        to: name,
        verdict: Verdict.REFUSED,
        reason: `the claims would be renamed (${name}-${desired.metadata?.name}-N): the pods would mount new, empty claims while the data stays in the old ones; keep storage.volumeName, or copy the data into a new instance`,
      });
      continue;
    }
    changes.push(...claimSpecChanges(at, template, was, state, true));
    const format = { from: was.metadata?.annotations?.[DATA_FORMAT], to: template.metadata?.annotations?.[DATA_FORMAT] };
    if (format.from !== format.to) {
      changes.push(dataFormatChange(`${at}.metadata.annotations['${DATA_FORMAT}']`, format, desired.metadata?.annotations?.[DATA_UPGRADE_ANNOTATION]));
    }
    if (!isSubset(template.metadata?.labels, was.metadata?.labels) || !isSubset(was.metadata?.labels, template.metadata?.labels)) {
      changes.push({ field: `${at}.metadata.labels`, from: was.metadata?.labels, to: template.metadata?.labels, verdict: Verdict.MIGRATION, reason: 'immutable: new claims get the new labels; existing claims keep theirs' });
    }
  }
  return changes;
}

/**
 * A change of the data's format: a migration when the manifests declare an upgrade from the live
 * format (the StatefulSet's `kube-patterns.io/data-upgrade`), refused otherwise.
 */
function dataFormatChange(field: string, format: { from?: string; to?: string }, declared: string | undefined): FieldChange {
  const upgrade = upgradeSource(declared);
  if (format.from !== undefined && upgrade?.fromFormat === format.from) {
    return {
      field,
      from: format.from,
      to: format.to,
      verdict: Verdict.MIGRATION,
      reason: `declared upgrade (${upgrade.description}): the pods restart on the new version and upgrade their data before the server starts`,
    };
  }
  const declaredElse = upgrade === undefined ? '' : `; the upgrade declared reads ${upgrade.fromFormat}, not ${format.from ?? 'data without a format'}`;
  return {
    field,
    from: format.from,
    to: format.to,
    verdict: Verdict.REFUSED,
    reason: `the data on the claims was written by ${format.from ?? 'an image without a preset'}, which ${format.to ?? 'the new image'} cannot read in place${declaredElse}; declare the upgrade (PostgreSQL: majorUpgrade: PostgresMajorUpgrade.pgUpgrade({ fromVersion })), or dump and restore into a new instance (another name); see ${PG_UPGRADE_DOCS}`,
  };
}

/** Changes of a claim's spec; `at` is the claim's path in its object (`''` for a claim itself). */
function claimSpecChanges(at: string, desired: KubeObject, live: KubeObject, state: LiveState, template: boolean): FieldChange[] {
  const changes: FieldChange[] = [];
  const field = (path: string) => (at === '' ? path : `${at}.${path}`);
  const d = desired.spec ?? {};
  const l = live.spec ?? {};
  const size = { from: l.resources?.requests?.storage, to: d.resources?.requests?.storage };
  if (size.to !== undefined && size.from !== undefined && parseExactQuantity(size.to) && parseExactQuantity(size.from)) {
    const order = compareQuantities(size.to, size.from);
    const className = d.storageClassName ?? l.storageClassName;
    if (order < 0) {
      changes.push({ field: field('spec.resources.requests.storage'), from: size.from, to: size.to, verdict: Verdict.REFUSED, reason: 'a claim cannot shrink; copy the data into a new, smaller instance' });
    } else if (order > 0) {
      const expandable = state.allowsExpansion(className);
      changes.push(
        expandable
          ? {
              field: field('spec.resources.requests.storage'),
              from: size.from,
              to: size.to,
              verdict: template ? Verdict.MIGRATION : Verdict.APPLY,
              reason: template ? 'grow every claim, then recreate the StatefulSet around the running pods' : 'the claim grows in place',
            }
          : {
              field: field('spec.resources.requests.storage'),
              from: size.from,
              to: size.to,
              verdict: Verdict.REFUSED,
              reason: `the StorageClass '${className ?? '(the default)'}' ${expandable === undefined ? 'does not exist' : 'does not allow volume expansion (allowVolumeExpansion)'}, so the claims cannot grow; use a class that does, or copy the data into a new instance`,
            },
      );
    }
  }
  if (d.storageClassName !== undefined && d.storageClassName !== l.storageClassName) {
    changes.push({ field: field('spec.storageClassName'), from: l.storageClassName, to: d.storageClassName, verdict: Verdict.REFUSED, reason: "a claim's StorageClass is fixed at creation; copy the data into a new instance on the new class" });
  }
  if (d.accessModes !== undefined && JSON.stringify([...d.accessModes].sort()) !== JSON.stringify([...(l.accessModes ?? [])].sort())) {
    changes.push({ field: field('spec.accessModes'), from: l.accessModes, to: d.accessModes, verdict: Verdict.REFUSED, reason: "a claim's access modes are fixed at creation; copy the data into a new claim" });
  }
  return changes;
}

function deploymentChanges(desired: KubeObject, live: KubeObject): FieldChange[] {
  const d = desired.spec?.selector;
  const l = live.spec?.selector;
  if (isSubset(d, l) && isSubset(l, d)) return [];
  return [
    {
      field: 'spec.selector',
      from: l,
      to: d,
      verdict: Verdict.REFUSED,
      reason: 'the selector of a Deployment cannot change; for an instance made by kube-patterns 0.1, label the running pods, orphan-delete the Deployment, apply, then delete the old ReplicaSet (README: Upgrading from 0.1)',
    },
  ];
}

function migrationSteps(desired: KubeObject, plan: ObjectPlan): string[] {
  const name = desired.metadata?.name;
  const ns = desired.metadata?.namespace ?? 'default';
  const changes = plan.changes;
  const growth = changes.filter((c) => c.verdict === Verdict.MIGRATION && c.field.endsWith('.spec.resources.requests.storage'));
  const steps: string[] = [];
  for (const change of growth) {
    const template = /\[(.+?)\]/.exec(change.field)?.[1];
    const className = (desired.spec?.volumeClaimTemplates ?? []).find((t: KubeObject) => t.metadata?.name === template)?.spec?.storageClassName;
    steps.push(`check that the StorageClass ${className ?? '(the default)'} allows volume expansion`);
    steps.push(`grow every claim ${template}-${name}-N in ${ns} (those of scaled-down ordinals too) from ${change.from} to ${change.to}`);
  }
  if (needsRecreation(plan)) {
    steps.push(`delete the StatefulSet ${ns}/${name} with propagationPolicy Orphan (its pods and claims keep running)`);
    steps.push('apply the new StatefulSet, which adopts the pods of the same names');
  } else {
    steps.push(`apply the new StatefulSet ${ns}/${name}`);
  }
  if (changes.some((c) => c.verdict === Verdict.MIGRATION && c.field.endsWith(`['${DATA_FORMAT}']`))) {
    steps.push(`each pod restarts on the new version; its init container upgrades the data (${desired.metadata?.annotations?.[DATA_UPGRADE_ANNOTATION]})`);
  }
  if (restartsTogether(plan)) {
    steps.push(`delete every pod of ${ns}/${name} at once: they come back with the new peer authentication, on the same claims (if a run stops before this step, delete them by hand: kubectl delete pod -n ${ns} -l app.kubernetes.io/instance=${name})`);
  }
  steps.push('wait until every pod is adopted, Ready and on the current revision');
  return steps;
}

/** True when every field of `part` has the same value in `whole` (lists compared item by item). */
function isSubset(part: unknown, whole: unknown): boolean {
  if (part === undefined) return true;
  // The API server omits zero values (omitempty): minReadySeconds: 0 comes back absent.
  if (whole === undefined && isZero(part)) return true;
  if (part === null || typeof part !== 'object') return part === whole || quantityEqual(part, whole);
  if (Array.isArray(part)) {
    return Array.isArray(whole) && part.length === whole.length && part.every((item, i) => isSubset(item, whole[i]));
  }
  if (whole === null || typeof whole !== 'object' || Array.isArray(whole)) return false;
  return Object.entries(part).every(([key, value]) => isSubset(value, (whole as Record<string, unknown>)[key]));
}

function isZero(value: unknown): boolean {
  return value === 0 || value === false || value === '' || (Array.isArray(value) && value.length === 0) || (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
}

/** The API server canonicalizes quantities (`1024Mi` may come back as `1Gi`); compare by value. */
function quantityEqual(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && parseExactQuantity(a) !== undefined && parseExactQuantity(b) !== undefined && compareQuantities(a, b) === 0;
}
