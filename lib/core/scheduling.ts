/**
 * Where pods run: spreading replicas across nodes and zones, tolerations and node affinity.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
import type { Affinity, NodeAffinity, NodeSelectorRequirement, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { definedOnly } from './util';
import * as validate from './validate';

/** How strongly the replicas of one instance avoid sharing a node (`kubernetes.io/hostname`). */
export enum AntiAffinity {
  /** No anti-affinity: replicas may all land on one node, and one node failure takes them all. */
  NONE = 'None',
  /**
   * Soft (`preferredDuringSchedulingIgnoredDuringExecution`, weight 100): the scheduler spreads
   * replicas over nodes when it can, and still schedules them when it cannot.
   */
  PREFERRED = 'Preferred',
  /**
   * Hard (`requiredDuringSchedulingIgnoredDuringExecution`): a replica stays Pending rather
   * than share a node with another. Needs at least as many schedulable nodes as replicas.
   */
  REQUIRED = 'Required',
}

/** The node label that defines "the same node". */
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/**
 * Renders node affinity, and pod anti-affinity against the pods matched by `selector`.
 * @internal
 */
export function renderAffinity(mode: AntiAffinity, selector: Record<string, string>, nodeAffinity: NodeAffinity | undefined): Affinity | undefined {
  const term = { labelSelector: { matchLabels: { ...selector } }, topologyKey: HOSTNAME_TOPOLOGY_KEY };
  const node = nodeAffinity === undefined ? {} : { nodeAffinity };
  switch (mode) {
    case AntiAffinity.NONE:
      return nodeAffinity === undefined ? undefined : node;
    case AntiAffinity.PREFERRED:
      return { ...node, podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
    case AntiAffinity.REQUIRED:
      return { ...node, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
  }
}

/** What a taint does to pods that do not tolerate it. */
export enum TaintEffect {
  /** New pods are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node when it can. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** New pods are not scheduled, and running pods are evicted (after `tolerationSeconds`). */
  NO_EXECUTE = 'NoExecute',
}

/**
 * One toleration (`spec.tolerations[]`): lets the pods run on nodes with a matching taint.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface TolerationProps {
  /**
   * The taint key. Leave it out, with `exists: true`, to tolerate every taint (of `effect`).
   * @default - every key (requires `exists: true`)
   */
  readonly key?: string;
  /**
   * Tolerate the taint whatever its value (`operator: Exists`) instead of only `value`
   * (`operator: Equal`).
   * @default false
   */
  readonly exists?: boolean;
  /**
   * The taint value to match (`operator: Equal`); not allowed with `exists`.
   * @default ''
   */
  readonly value?: string;
  /**
   * The taint effect to match.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * For `NoExecute`: seconds the pod stays on a node after the taint appears, then it is
   * evicted.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/**
 * How a node label is compared (`matchExpressions[].operator` of a node selector term).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#NodeSelectorRequirement
 */
export const NodeSelectorOperator = { In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist', Gt: 'Gt', Lt: 'Lt' } as const;
/** One of the values of {@link NodeSelectorOperator} (declared after the object, whose declaration the package schema reads). */
export type NodeSelectorOperator = (typeof NodeSelectorOperator)[keyof typeof NodeSelectorOperator];

/** A comparison of a node label (`matchExpressions[]` of a node selector term). */
export interface NodeLabelRequirement {
  /** The node label key, e.g. `node.kubernetes.io/instance-type`. */
  readonly key: string;
  /** How the label is compared. */
  readonly operator: NodeSelectorOperator;
  /**
   * Values: at least one for In and NotIn, none for Exists and DoesNotExist, exactly one
   * integer for Gt and Lt.
   * @default - none
   */
  readonly values?: string[];
}

/**
 * Node affinity in addition to `nodeSelector`; the default hostname anti-affinity between
 * replicas stays as configured by `antiAffinity`.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
export interface NodeAffinityProps {
  /**
   * Nodes must satisfy every requirement of at least one of these terms
   * (`requiredDuringSchedulingIgnoredDuringExecution`: terms are ORed, requirements ANDed).
   * @default - no requirement
   */
  readonly required?: NodeLabelRequirement[][];
  /**
   * Nodes that satisfy these are preferred, by weight 1-100
   * (`preferredDuringSchedulingIgnoredDuringExecution`).
   * @default - no preference
   */
  readonly preferred?: PreferredNodeTerm[];
}

/**
 * A weighted node preference (`preferredDuringSchedulingIgnoredDuringExecution`).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#NodeAffinity
 */
export interface PreferredNodeTerm {
  /** How much the preference counts, 1 to 100. */
  readonly weight: number;
  /** Every one of these must hold for the preference to apply. */
  readonly requirements: NodeLabelRequirement[];
}

/** What the scheduler does when a spread constraint cannot be met. */
export enum WhenUnsatisfiable {
  /** Keep the pod Pending. */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
  /** Schedule it anyway, preferring nodes that reduce the skew. */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
}

/**
 * Spreading the pods of this instance over a topology domain (`topologySpreadConstraints[]`);
 * the label selector is always this instance's selector.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export interface TopologySpreadProps {
  /** The node label whose values are the domains, e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /**
   * The most the pod counts of two domains may differ, >= 1.
   * @default 1
   */
  readonly maxSkew?: number;
  /**
   * What to do when the skew cannot be kept.
   * @default WhenUnsatisfiable.SCHEDULE_ANYWAY
   */
  readonly whenUnsatisfiable?: WhenUnsatisfiable;
}

/** The zone label set by cloud providers on every node. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/**
 * The well-known node labels used as topology keys, as static members: the twins of
 * {@link HOSTNAME_TOPOLOGY_KEY} and {@link ZONE_TOPOLOGY_KEY}, for the jsii bindings.
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/
 */
export class TopologyKeys {
  /** `kubernetes.io/hostname`: one node. */
  public static readonly HOSTNAME = HOSTNAME_TOPOLOGY_KEY;
  /** `topology.kubernetes.io/zone`: one zone. */
  public static readonly ZONE = ZONE_TOPOLOGY_KEY;

  private constructor() {}
}

/**
 * Validates and renders tolerations.
 * @throws ValidationError for a combination the API server refuses
 * @internal
 */
export function renderTolerations(scope: string, given: readonly TolerationProps[] | undefined): Toleration[] {
  return validate.list(scope, 'tolerations', given).map((t, i) => {
    const prop = `tolerations[${i}]`;
    validate.record(scope, prop, t);
    validate.knownKeys(scope, prop, t, ['key', 'exists', 'value', 'effect', 'tolerationSeconds']);
    const exists = validate.boolean(scope, `${prop}.exists`, t.exists ?? false);
    if (t.key !== undefined) validate.qualifiedName(scope, `${prop}.key`, t.key);
    if (t.key === undefined && !exists) {
      validate.fail(scope, `${prop}.key`, t.key, 'is required unless exists is true (a toleration without a key, with exists, tolerates every taint)');
    }
    if (t.value !== undefined) {
      if (exists) validate.fail(scope, `${prop}.value`, t.value, 'cannot be given with exists: true, which matches every value');
      validate.labelValue(scope, `${prop}.value`, t.value);
    }
    const effect = t.effect === undefined ? undefined : validate.oneOf(scope, `${prop}.effect`, t.effect, TaintEffect);
    if (t.tolerationSeconds !== undefined) {
      if (effect !== TaintEffect.NO_EXECUTE) {
        validate.fail(scope, `${prop}.tolerationSeconds`, t.tolerationSeconds, "is only allowed with effect 'NoExecute': other effects never evict a running pod");
      }
      validate.integer(scope, `${prop}.tolerationSeconds`, t.tolerationSeconds, 0, Number.MAX_SAFE_INTEGER, ' (seconds)');
    }
    return definedOnly({ key: t.key, operator: exists ? 'Exists' : 'Equal', value: t.value, effect, tolerationSeconds: t.tolerationSeconds }) as Toleration;
  });
}

/**
 * Validates and renders node affinity.
 * @internal
 */
export function renderNodeAffinity(scope: string, given: NodeAffinityProps | undefined): NodeAffinity | undefined {
  if (given === undefined) return undefined;
  const props = validate.object(scope, 'nodeAffinity', given);
  validate.knownKeys(scope, 'nodeAffinity', props, ['required', 'preferred']);
  const required = validate.list(scope, 'nodeAffinity.required', props.required).map((term, i) => ({
    matchExpressions: requirements(scope, `nodeAffinity.required[${i}]`, term),
  }));
  const preferred = validate.list(scope, 'nodeAffinity.preferred', props.preferred).map((p, i) => {
    const prop = `nodeAffinity.preferred[${i}]`;
    validate.record(scope, prop, p);
    validate.knownKeys(scope, prop, p, ['weight', 'requirements']);
    return { weight: validate.integer(scope, `${prop}.weight`, p.weight, 1, 100), preference: { matchExpressions: requirements(scope, `${prop}.requirements`, p.requirements) } };
  });
  if (required.length === 0 && preferred.length === 0) return undefined;
  return definedOnly({
    requiredDuringSchedulingIgnoredDuringExecution: required.length ? { nodeSelectorTerms: required } : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: preferred.length ? preferred : undefined,
  }) as NodeAffinity;
}

function requirements(scope: string, prop: string, given: readonly NodeLabelRequirement[]): NodeSelectorRequirement[] {
  const items = validate.list(scope, prop, given);
  if (items.length === 0) validate.fail(scope, prop, given, 'must list at least one requirement');
  return items.map((r, i) => {
    const p = `${prop}[${i}]`;
    validate.record(scope, p, r);
    validate.knownKeys(scope, p, r, ['key', 'operator', 'values']);
    validate.qualifiedName(scope, `${p}.key`, r.key);
    const operator = validate.oneOf(scope, `${p}.operator`, r.operator, NodeSelectorOperator);
    const values = r.values === undefined ? [] : validate.stringList(scope, `${p}.values`, r.values);
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) validate.fail(scope, `${p}.values`, r.values, `must list at least one value for ${operator}`);
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) validate.fail(scope, `${p}.values`, values, `must be empty for ${operator}`);
    if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || !/^-?\d+$/.test(values[0]))) {
      validate.fail(scope, `${p}.values`, r.values, `must be exactly one integer for ${operator}`);
    }
    if (operator === 'In' || operator === 'NotIn') {
      // Compared with node label values, so only a valid label value can ever match.
      values.forEach((v, j) => validate.labelValue(scope, `${p}.values[${j}]`, v));
    }
    return { key: r.key, operator, ...(values.length ? { values } : {}) };
  });
}

/**
 * Validates and renders spread constraints over the instance's own pods.
 * @param matchLabelKeys `['pod-template-hash']` for Deployments, so a rolling update counts
 *   only the pods of the new revision
 * @internal
 */
export function renderTopologySpread(scope: string, given: readonly TopologySpreadProps[], selector: Record<string, string>, matchLabelKeys: string[]): TopologySpreadConstraint[] {
  const seen = new Set<string>();
  return validate.list(scope, 'topologySpreadConstraints', given).map((c, i) => {
    const prop = `topologySpreadConstraints[${i}]`;
    validate.record(scope, prop, c);
    validate.knownKeys(scope, prop, c, ['topologyKey', 'maxSkew', 'whenUnsatisfiable']);
    validate.qualifiedName(scope, `${prop}.topologyKey`, c.topologyKey);
    const whenUnsatisfiable = validate.oneOf(scope, `${prop}.whenUnsatisfiable`, c.whenUnsatisfiable ?? WhenUnsatisfiable.SCHEDULE_ANYWAY, WhenUnsatisfiable);
    const key = `${c.topologyKey}/${whenUnsatisfiable}`;
    if (seen.has(key)) validate.fail(scope, `${prop}.topologyKey`, c.topologyKey, `is already constrained with ${whenUnsatisfiable}; the API server allows one constraint per topology key and policy`);
    seen.add(key);
    return {
      topologyKey: c.topologyKey,
      maxSkew: validate.integer(scope, `${prop}.maxSkew`, c.maxSkew ?? 1, 1),
      whenUnsatisfiable,
      labelSelector: { matchLabels: { ...selector } },
      ...(matchLabelKeys.length ? { matchLabelKeys: [...matchLabelKeys] } : {}),
    };
  });
}
