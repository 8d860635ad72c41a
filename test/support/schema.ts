/**
 * Schema validation of synthesized objects with kubernetes-models: types, formats (quantities,
 * int32) and required fields of each object, in process.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

interface Model {
  validate(): void;
}

/** Custom resource groups, and the kubernetes-models package that has their CRD schemas. */
const CRD_MODELS: Record<string, string> = { 'monitoring.coreos.com': '@kubernetes-models/prometheus-operator', 'cert-manager.io': '@kubernetes-models/cert-manager' };

/** Loads the kubernetes-models class for an object's apiVersion and kind. */
function modelFor(object: { apiVersion: string; kind: string }): new (data: unknown) => Model {
  const path = object.apiVersion.includes('/') ? object.apiVersion : `v1`;
  const crdPackage = CRD_MODELS[path.split('/')[0]];
  const module = require(`${crdPackage ?? 'kubernetes-models'}/${path}/${object.kind}`) as Record<string, new (data: unknown) => Model>;
  const model = module[object.kind];
  if (!model) {
    throw new Error(`kubernetes-models has no ${object.apiVersion} ${object.kind}`);
  }
  return model;
}

/**
 * Validates each object; collects one line per invalid object.
 * @returns the problems found, empty when all objects are valid
 */
export function schemaErrors(objects: readonly any[]): string[] {
  const errors: string[] = [];
  for (const object of objects) {
    try {
      new (modelFor(object))(object).validate();
    } catch (e) {
      errors.push(`${object.kind}/${object.metadata?.name}: ${(e as Error).message}`);
    }
  }
  return errors;
}
