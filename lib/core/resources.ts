/**
 * Compute resources (CPU and memory) of a container.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { compareQuantities } from './quantity';
import { definedOnly } from './util';
import * as validate from './validate';

/** CPU and memory amounts, as Kubernetes quantities. */
export interface ResourceQuantities {
  /**
   * CPU in cores: `500m` is half a core, `2` two cores.
   * @default - the pattern's default
   */
  readonly cpu?: string;
  /**
   * Memory in bytes: `512Mi`, `2Gi`.
   * @default - the pattern's default
   */
  readonly memory?: string;
  /**
   * Local ephemeral storage in bytes (`ephemeral-storage`): container writable layer, logs and
   * the writable `emptyDir` paths. Over the limit, the kubelet evicts the pod.
   * @default - none: scratch use depends on the image
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage
   */
  readonly ephemeralStorage?: string;
}

/**
 * Requests (what the scheduler reserves) and limits (the most the container may use; over the
 * memory limit it is killed). Each field given replaces the pattern's default for that field
 * only.
 */
export interface ResourceProps {
  /**
   * What the scheduler reserves on a node for the container.
   * @default - the pattern's defaults
   */
  readonly requests?: ResourceQuantities;
  /**
   * The most the container may use.
   * @default - the pattern's defaults
   */
  readonly limits?: ResourceQuantities;
}

/**
 * Merges the user's resources over the defaults and validates them.
 * @throws ValidationError for a malformed or non-positive quantity, or a request above its limit
 *   (the API server rejects that)
 * @internal
 */
export function resolveResources(scope: string, props: ResourceProps | undefined, defaults: Required<ResourceProps>, prop = 'resources'): ResourceRequirements {
  const given = validate.object(scope, prop, props);
  validate.knownKeys(scope, prop, given, ['requests', 'limits']);
  const quantities = (kind: 'requests' | 'limits'): ResourceQuantities => {
    const value = validate.object(scope, `${prop}.${kind}`, given[kind]);
    validate.knownKeys(scope, `${prop}.${kind}`, value, ['cpu', 'memory', 'ephemeralStorage']);
    return definedOnly(value);
  };
  const requests = { ...defaults.requests, ...quantities('requests') };
  const limits = { ...defaults.limits, ...quantities('limits') };
  for (const resource of ['cpu', 'memory', 'ephemeralStorage'] as const) {
    const request = requests[resource];
    const limit = limits[resource];
    if (request !== undefined) validate.positiveQuantity(scope, `${prop}.requests.${resource}`, request);
    if (limit !== undefined) validate.positiveQuantity(scope, `${prop}.limits.${resource}`, limit);
    if (request !== undefined && limit !== undefined && compareQuantities(request, limit) > 0) {
      validate.fail(scope, `${prop}.requests.${resource}`, request, `is more than ${prop}.limits.${resource} '${limit}'; a request may not exceed its limit`);
    }
  }
  return { requests: toKubernetesNames(requests), limits: toKubernetesNames(limits) };
}

/** `ephemeralStorage` is `ephemeral-storage` in the API. */
function toKubernetesNames(quantities: ResourceQuantities): Record<string, string> {
  const { ephemeralStorage, ...rest } = quantities;
  return { ...(rest as Record<string, string>), ...(ephemeralStorage === undefined ? {} : { 'ephemeral-storage': ephemeralStorage }) };
}
