/**
 * A size guard on synthesized objects. The API server accepts requests up to 3 MiB, but etcd
 * stores at most 1.5 MiB per value by default (`--max-request-bytes`), so a larger object is
 * refused at apply time, or worse, accepted by a dry run and refused by etcd.
 *
 * @see https://etcd.io/docs/v3.5/dev-guide/limit/
 */
import * as validate from './validate';

/** The largest object kube-patterns emits, as JSON: 1 MiB, leaving room for managedFields and status. */
export const MAX_OBJECT_BYTES = 1024 * 1024;

/**
 * Refuses any object over {@link MAX_OBJECT_BYTES} as JSON.
 * @throws ValidationError naming the object and its size
 * @internal
 */
export function assertObjectSizes(scope: string, objects: ReadonlyArray<{ kind?: string; metadata?: { name?: string } }>): void {
  for (const object of objects) {
    const bytes = Buffer.byteLength(JSON.stringify(object), 'utf8');
    if (bytes > MAX_OBJECT_BYTES) {
      validate.fail(
        scope,
        `the synthesized ${object.kind} '${object.metadata?.name}'`,
        bytes,
        `bytes as JSON is over the limit of ${MAX_OBJECT_BYTES} (1 MiB): etcd stores at most 1.5 MiB per object by default, so the apply would fail; move large values (env, args, annotations) into a ConfigMap or Secret`,
      );
    }
  }
}
