import { ApiObject, ApiObjectProps, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ScopeContext } from '../core';

/**
 * The core's view of a construct: its path for error messages, its id as the default name,
 * and its chart's namespace.
 * @internal
 */
export function scopeContext(construct: Construct, id: string): ScopeContext {
  return { path: construct.node.path, defaultName: id, namespace: Chart.of(construct).namespace };
}

/**
 * Emits one core object into the construct tree as a cdk8s `ApiObject`, unchanged.
 * @internal
 */
export function emit(scope: Construct, id: string, object: { apiVersion?: string; kind?: string }): ApiObject {
  return new ApiObject(scope, id, object as ApiObjectProps);
}
