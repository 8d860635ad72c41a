/**
 * Values for container environment variables.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables
 */
import type { EnvVar, EnvVarSource } from 'kubernetes-types/core/v1';
import * as validate from './validate';

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
   *   `spec.serviceAccountName`, `status.podIP`, `status.hostIP`, or `metadata.labels['key']`
   */
  public static fromFieldRef(fieldPath: string): EnvValue {
    return new EnvValue(undefined, { fieldRef: { fieldPath } });
  }

  private constructor(
    /** The literal value, when this is a literal. */
    public readonly value: string | undefined,
    /** The `valueFrom` source, when this is a reference. */
    public readonly valueFrom: EnvVarSource | undefined,
  ) {}
}

/**
 * Turns the `env` prop into the container's `env` list, in the order given.
 * @throws ValidationError for a bad variable name, or a Secret or ConfigMap name that is not a
 *   DNS-1123 subdomain
 * @internal
 */
export function renderEnv(scope: string, env: Readonly<Record<string, EnvValue>> | undefined): EnvVar[] {
  return Object.entries(validate.object(scope, 'env', env)).map(([name, value]) => {
    validate.envVarName(scope, 'env key', name);
    if (!(value instanceof EnvValue)) {
      validate.fail(scope, `env['${name}']`, value, 'is not an EnvValue; use EnvValue.fromValue(), fromSecretKeyRef(), fromConfigMapKeyRef() or fromFieldRef()');
    }
    const ref = value.valueFrom?.secretKeyRef ?? value.valueFrom?.configMapKeyRef;
    if (ref) {
      validate.dns1123Subdomain(scope, `env['${name}'] reference name`, ref.name ?? '');
    }
    return value.valueFrom ? { name, valueFrom: value.valueFrom } : { name, value: value.value };
  });
}
