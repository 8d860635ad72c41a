/**
 * Kubernetes recommended labels, applied to every object a pattern creates.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
import { fail } from './validate';

/** `app.kubernetes.io/name`: the application, e.g. `postgres`. */
export const LABEL_NAME = 'app.kubernetes.io/name';
/** `app.kubernetes.io/instance`: this instance of the application, e.g. `orders-db`. */
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
/** `app.kubernetes.io/component`: the role in the architecture, e.g. `database`. */
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
/** `app.kubernetes.io/part-of`: the higher-level application this is part of. */
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
/** `app.kubernetes.io/managed-by`: the tool that manages the object. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** The value of `app.kubernetes.io/managed-by` on everything kube-patterns creates. */
export const MANAGED_BY = 'kube-patterns';

const RESERVED = [LABEL_NAME, LABEL_INSTANCE, LABEL_COMPONENT, LABEL_PART_OF, LABEL_MANAGED_BY];

/**
 * The labels of one pattern instance.
 * @internal
 */
export interface LabelSet {
  /** Immutable selector labels: name, instance, component, managed-by. */
  readonly selector: Record<string, string>;
  /** Labels for object metadata and pod templates: the selector, part-of, then the user's. */
  readonly all: Record<string, string>;
}

/**
 * Builds the label set. The selector holds only labels that never change for the life of the
 * instance, because `spec.selector` of a StatefulSet or Deployment is immutable.
 * @throws ValidationError when `extra` tries to set one of the recommended labels itself
 * @internal
 */
export function labelSet(
  scope: string,
  ids: { appName: string; instance: string; component: string; partOf?: string },
  extra: Record<string, string>,
): LabelSet {
  for (const key of Object.keys(extra)) {
    if (RESERVED.includes(key)) {
      fail(scope, 'labels', key, 'is set by kube-patterns itself; use the appName, component or partOf props instead');
    }
  }
  const selector = {
    [LABEL_NAME]: ids.appName,
    [LABEL_INSTANCE]: ids.instance,
    [LABEL_COMPONENT]: ids.component,
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
  const all = { ...selector, ...(ids.partOf === undefined ? {} : { [LABEL_PART_OF]: ids.partOf }), ...extra };
  return { selector, all };
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
