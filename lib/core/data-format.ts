/**
 * The annotations that keep a server from starting on data it cannot read. An engine preset whose
 * data files are tied to a major version (PostgreSQL) records their format on the claim template;
 * claim templates are immutable, so the API server refuses an apply that changes it. An upgrade
 * the user declares is recorded on the StatefulSet, and the planner (`kube-patterns plan`) turns
 * the format change into a migration only when the declared upgrade reads the live format.
 */

/** The claim template annotation recording the data's format, such as `postgresql-17`. */
export const DATA_FORMAT_ANNOTATION = 'kube-patterns.io/data-format';

/**
 * The StatefulSet annotation recording a declared upgrade of older data:
 * `{format it reads}: {description}`, such as
 * `postgresql-16: pg_upgrade --copy from PostgreSQL 16 to 17`.
 */
export const DATA_UPGRADE_ANNOTATION = 'kube-patterns.io/data-upgrade';

/**
 * The format a declared upgrade reads, from the StatefulSet annotation's value.
 * @internal
 */
export function upgradeSource(annotation: string | undefined): { readonly fromFormat: string; readonly description: string } | undefined {
  if (annotation === undefined) return undefined;
  const colon = annotation.indexOf(':');
  return colon < 0 ? { fromFormat: annotation, description: '' } : { fromFormat: annotation.slice(0, colon), description: annotation.slice(colon + 1).trim() };
}

/**
 * The StatefulSet annotation's value for a declared upgrade.
 * @internal
 */
export function upgradeAnnotation(fromFormat: string, description: string): string {
  return `${fromFormat}: ${description}`;
}
