/**
 * Kubernetes recommended labels, applied to every object a pattern creates, and the selector
 * labels that tie a workload to its pods.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
import { fail } from './validate';

/** `app.kubernetes.io/name`: the application, e.g. `postgresql`. Mutable metadata, never selected on. */
export const LABEL_NAME = 'app.kubernetes.io/name';
/** `app.kubernetes.io/instance`: this instance of the application, e.g. `orders-db`. Part of the selector. */
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
/** `app.kubernetes.io/component`: the role in the architecture, e.g. `database`. Mutable metadata, never selected on. */
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
/** `app.kubernetes.io/part-of`: the higher-level application this is part of. Mutable metadata, never selected on. */
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
/** `app.kubernetes.io/managed-by`: the tool that manages the object. Part of the selector. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/**
 * `kube-patterns.io/pattern`: which pattern made the object (`stateful-database` or
 * `stateless-web`). Part of the selector, so that a database and a web tier that share an
 * instance name in one namespace never select each other's pods.
 */
export const LABEL_PATTERN = 'kube-patterns.io/pattern';
/** The value of `app.kubernetes.io/managed-by` on everything kube-patterns creates. */
export const MANAGED_BY = 'kube-patterns';

/**
 * The label keys kube-patterns sets, as static members: the twins of the `LABEL_*` and
 * `MANAGED_BY` constants, for the jsii bindings, which carry no free constants.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export class KubernetesLabels {
  /** `app.kubernetes.io/name` ({@link LABEL_NAME}). */
  public static readonly NAME = LABEL_NAME;
  /** `app.kubernetes.io/instance` ({@link LABEL_INSTANCE}): part of every selector. */
  public static readonly INSTANCE = LABEL_INSTANCE;
  /** `app.kubernetes.io/component` ({@link LABEL_COMPONENT}). */
  public static readonly COMPONENT = LABEL_COMPONENT;
  /** `app.kubernetes.io/part-of` ({@link LABEL_PART_OF}). */
  public static readonly PART_OF = LABEL_PART_OF;
  /** `app.kubernetes.io/managed-by` ({@link LABEL_MANAGED_BY}): part of every selector. */
  public static readonly MANAGED_BY = LABEL_MANAGED_BY;
  /** `kube-patterns.io/pattern` ({@link LABEL_PATTERN}): part of every selector. */
  public static readonly PATTERN = LABEL_PATTERN;
  /** `kube-patterns`, the value of {@link KubernetesLabels.MANAGED_BY} ({@link MANAGED_BY}). */
  public static readonly MANAGED_BY_VALUE = MANAGED_BY;

  private constructor() {}
}

/** The patterns, as the value of {@link LABEL_PATTERN}. */
export type PatternName = 'stateful-database' | 'stateless-web';

/**
 * The labels kube-patterns sets itself; users cannot set them through `labels`, `podLabels` or
 * `serviceLabels`.
 * @internal
 */
export const RESERVED_LABELS: readonly string[] = [LABEL_NAME, LABEL_INSTANCE, LABEL_COMPONENT, LABEL_PART_OF, LABEL_MANAGED_BY, LABEL_PATTERN];

/**
 * The labels of one pattern instance.
 * @internal
 */
export interface LabelSet {
  /**
   * The selector labels: instance, managed-by and pattern. `spec.selector` of a StatefulSet or
   * Deployment is immutable, so these are exactly the labels that never change for the life of
   * an instance: nothing a user may reasonably change (image, appName, component, partOf,
   * engine, labels) is among them.
   */
  readonly selector: Record<string, string>;
  /** Labels for object metadata and pod templates: the selector, name, component, part-of, then the user's. */
  readonly all: Record<string, string>;
}

/**
 * Builds the label set.
 * @throws ValidationError when `extra` tries to set one of the recommended labels itself
 * @internal
 */
export function labelSet(
  scope: string,
  ids: { pattern: PatternName; appName: string; instance: string; component: string; partOf?: string },
  extra: Record<string, string>,
): LabelSet {
  for (const key of Object.keys(extra)) {
    if (RESERVED_LABELS.includes(key)) {
      fail(scope, 'labels', key, 'is set by kube-patterns itself; use the appName, component or partOf props instead');
    }
  }
  const selector = selectorLabels(ids.pattern, ids.instance);
  const all = {
    [LABEL_NAME]: ids.appName,
    [LABEL_INSTANCE]: ids.instance,
    [LABEL_COMPONENT]: ids.component,
    ...(ids.partOf === undefined ? {} : { [LABEL_PART_OF]: ids.partOf }),
    [LABEL_MANAGED_BY]: MANAGED_BY,
    [LABEL_PATTERN]: ids.pattern,
    ...extra,
  };
  return { selector, all };
}

/**
 * The selector labels of an instance: a function of the pattern and the instance name only.
 * @internal
 */
export function selectorLabels(pattern: PatternName, instance: string): Record<string, string> {
  return { [LABEL_INSTANCE]: instance, [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_PATTERN]: pattern };
}

/**
 * The application name implied by an image reference: its last path segment without tag or
 * digest (`docker.io/library/postgres:16` gives `postgres`).
 * @internal
 */
export function appNameFromImage(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return lastSegment.split(':')[0];
}
