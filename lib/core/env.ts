/**
 * Values for container environment variables.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables
 */
import type { EnvFromSource, EnvVar, EnvVarSource } from 'kubernetes-types/core/v1';
import * as validate from './validate';
import { configRef, IConfigSource } from './volumes';

/**
 * Every key of a ConfigMap or Secret as an environment variable (`envFrom`). Give exactly one of
 * `configMap` and `secret`.
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/#configure-all-key-value-pairs-in-a-configmap-as-container-environment-variables
 */
export interface EnvFromProps {
  /**
   * The ConfigMap, by name or as an object whose content is hashed into a pod annotation.
   * @default - none
   */
  readonly configMap?: string | IConfigSource;
  /**
   * The Secret, by name or as an object whose content is hashed into a pod annotation.
   * @default - none
   */
  readonly secret?: string | IConfigSource;
  /**
   * Prepended to every key, e.g. `DB_`.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Whether the pod may start without the object.
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Renders `envFrom`, recording the content hashes of the objects it reads.
 * @throws ValidationError unless each entry names exactly one ConfigMap or Secret
 * @internal
 */
export function renderEnvFrom(scope: string, prop: string, given: readonly EnvFromProps[] | undefined, hashes: string[]): EnvFromSource[] {
  return validate.list(scope, prop, given).map((entry, i) => {
    const p = `${prop}[${i}]`;
    validate.record(scope, p, entry);
    validate.knownKeys(scope, p, entry, ['configMap', 'secret', 'prefix', 'optional']);
    if ((entry.configMap === undefined) === (entry.secret === undefined)) {
      validate.fail(scope, p, entry, 'must have exactly one of configMap and secret');
    }
    const prefix = entry.prefix === undefined ? undefined : validate.envVarName(scope, `${p}.prefix`, entry.prefix);
    const optional = entry.optional === undefined ? undefined : validate.boolean(scope, `${p}.optional`, entry.optional);
    const ref = { ...(optional === undefined ? {} : { optional }) };
    const source =
      entry.configMap !== undefined
        ? { configMapRef: { name: configRef(scope, `${p}.configMap`, entry.configMap, 'configMap', hashes), ...ref } }
        : { secretRef: { name: configRef(scope, `${p}.secret`, entry.secret!, 'secret', hashes), ...ref } };
    return { ...(prefix === undefined ? {} : { prefix }), ...source };
  });
}

/**
 * The value of one environment variable: a literal, a key of a Secret or ConfigMap, or a field
 * of the pod. Secrets are referenced, never copied, so their values never appear in a manifest.
 */
export class EnvValue {
  /**
   * A literal value. Never use this for passwords: they would be written into the manifest.
   * @param value the literal string
   */
  public static fromValue(value: string): EnvValue {
    return new EnvValue(value, undefined);
  }

  /**
   * A key of an existing Secret (`valueFrom.secretKeyRef`).
   * @param secretName the Secret's name, a DNS-1123 subdomain
   * @param key the key in the Secret's `data`
   * @param optional whether the pod may start without the Secret or key
   * @default optional false
   * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
   */
  public static fromSecretKeyRef(secretName: string, key: string, optional?: boolean): EnvValue {
    return new EnvValue(undefined, { secretKeyRef: { name: secretName, key, ...(optional === undefined ? {} : { optional }) } });
  }

  /**
   * A key of an existing ConfigMap (`valueFrom.configMapKeyRef`).
   * @param configMapName the ConfigMap's name, a DNS-1123 subdomain
   * @param key the key in the ConfigMap's `data`
   * @param optional whether the pod may start without the ConfigMap or key
   * @default optional false
   */
  public static fromConfigMapKeyRef(configMapName: string, key: string, optional?: boolean): EnvValue {
    return new EnvValue(undefined, { configMapKeyRef: { name: configMapName, key, ...(optional === undefined ? {} : { optional }) } });
  }

  /**
   * A field of the pod (`valueFrom.fieldRef`), e.g. `metadata.name` for the pod name, which for
   * a StatefulSet pod carries its ordinal (`orders-db-2`).
   * @param fieldPath `metadata.name`, `metadata.namespace`, `metadata.uid`, `spec.nodeName`,
   *   `spec.serviceAccountName`, `status.podIP`, `status.podIPs`, `status.hostIP`,
   *   `status.hostIPs`, `metadata.labels['key']` or `metadata.annotations['key']`: the paths
   *   the API server accepts in an environment variable; any other is refused at synth
   * @see https://kubernetes.io/docs/concepts/workloads/pods/downward-api/#downwardapi-fieldRef
   */
  public static fromFieldRef(fieldPath: string): EnvValue {
    return new EnvValue(undefined, { fieldRef: { fieldPath } });
  }

  private constructor(
    /** The literal value, when this is a literal. */
    public readonly value: string | undefined,
    /**
     * The `valueFrom` source, when this is a reference (a Kubernetes model type: internal, so
     * that the jsii bindings' API holds none).
     * @internal
     */
    public readonly _valueFrom: EnvVarSource | undefined,
  ) {}
}

/**
 * Turns the `env` prop into the container's `env` list, in the order given.
 * @throws ValidationError for a bad variable name, or a Secret or ConfigMap name that is not a
 *   DNS-1123 subdomain
 * @internal
 */
export function renderEnv(scope: string, env: Readonly<Record<string, EnvValue>> | undefined, envProp = 'env'): EnvVar[] {
  return Object.entries(validate.object(scope, envProp, env)).map(([name, value]) => {
    validate.envVarName(scope, `${envProp} key`, name);
    const prop = `${envProp}['${name}']`;
    if (!(value instanceof EnvValue)) {
      validate.fail(scope, prop, value, 'is not an EnvValue; use EnvValue.fromValue(), fromSecretKeyRef(), fromConfigMapKeyRef() or fromFieldRef()');
    }
    const source = value._valueFrom;
    if (source === undefined) {
      if (typeof value.value !== 'string') {
        validate.fail(scope, prop, value.value, "is not a string; environment variables are strings, so write EnvValue.fromValue('123')");
      }
      return { name, value: value.value };
    }
    const ref = source.secretKeyRef ?? source.configMapKeyRef;
    if (ref) {
      const kind = source.secretKeyRef ? 'Secret' : 'ConfigMap';
      validate.dns1123Subdomain(scope, `${prop} ${kind} name`, ref.name ?? '');
      if (!validate.isDataKey(ref.key)) {
        validate.fail(scope, `${prop} ${kind} key`, ref.key, `is not a valid ${kind} key: use 1 to 253 letters, digits, '-', '_' and '.'; the pod would never start (CreateContainerConfigError)`);
      }
      if (ref.optional !== undefined) validate.boolean(scope, `${prop} optional`, ref.optional);
    }
    if (source.fieldRef) {
      fieldPath(scope, `${prop} fieldPath`, source.fieldRef.fieldPath);
    }
    return { name, valueFrom: source };
  });
}

/** The pod fields an environment variable may read (`validEnvDownwardAPIFieldPathExpressions`). */
const FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const SUBSCRIPTED_FIELD_PATH = /^metadata\.(labels|annotations)\['([^'\]]+)'\]$/;

function fieldPath(scope: string, prop: string, path: string): void {
  if (typeof path === 'string' && (FIELD_PATHS.includes(path) || SUBSCRIPTED_FIELD_PATH.test(path))) {
    return;
  }
  validate.fail(
    scope,
    prop,
    path,
    `is not a pod field an environment variable can read; the API server accepts ${FIELD_PATHS.join(', ')}, metadata.labels['<key>'] and metadata.annotations['<key>']`,
  );
}
