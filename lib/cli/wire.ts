/**
 * The API's own field names for objects that pass through `@kubernetes/client-node`.
 *
 * Its `KubernetesObjectApi` reads into, and writes from, typed models whose field names differ
 * from the API's where those are reserved words: a NetworkPolicy rule's `from` is `_from`. So a
 * read object compared field by field with a manifest looks changed, and a manifest written
 * as-is loses those fields (a NetworkPolicy rule without `from` admits every source). Objects are
 * converted at the boundary: manifests to models before a write, models to the API's shape after
 * a read. Kinds the client has no model for (custom resources) pass through unchanged.
 */
import type { KubernetesObject } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

/** The client's (de)serializer of its models. */
export interface Serializer {
  serialize(data: unknown, type: string, format: string): unknown;
  deserialize(data: unknown, type: string, format: string): unknown;
}

/** Loads the client's serializer (the client is an ES module, loaded on demand like the rest of it). */
export async function loadSerializer(): Promise<Serializer> {
  return (await import('@kubernetes/client-node/dist/gen/models/ObjectSerializer.js')).ObjectSerializer;
}

/** The client's model name of a kind: `<Version><Kind>` (`networking.k8s.io/v1` NetworkPolicy: `V1NetworkPolicy`). */
function modelType(object: KubernetesObject): string {
  const version = (object.apiVersion ?? '').split('/').pop() ?? '';
  return object.kind ? `${version.charAt(0).toUpperCase()}${version.slice(1)}${object.kind}` : 'KubernetesObject';
}

/** A manifest object (the API's field names) as the client's model, for `create`/`patch`/`replace`. */
export function toModel<T extends KubernetesObject>(serializer: Serializer, manifest: T): T {
  return serializer.deserialize(manifest, modelType(manifest), '') as T;
}

/** An object the client read, with the API's field names again. */
export function toWire<T extends KubernetesObject>(serializer: Serializer, model: T): T {
  return serializer.serialize(model, modelType(model), '') as T;
}
