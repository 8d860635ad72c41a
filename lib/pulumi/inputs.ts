/**
 * What only Pulumi can express, turned into core props: a namespace that is an `Input`, and
 * secret values that become a Kubernetes Secret referenced by `secretKeyRef`.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { EnvValue } from '../core/env';
import * as validate from '../core/validate';
import type { ScopeContext, WorkloadProps } from '../core/workload';

/**
 * Args every Pulumi component takes on top of the core props.
 */
export interface PulumiWorkloadArgs {
  /**
   * The namespace of every object, known now or later (e.g. a `k8s.core.v1.Namespace`'s
   * `metadata.name`). A value known only later is validated when it resolves.
   * @default - the provider's namespace; DNS names use `default`
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * Secret environment variables, by name: their values go into a Kubernetes Secret named
   * `{name}-env` (as Pulumi secrets, encrypted in the state) and reach the container through
   * `valueFrom.secretKeyRef`, so they appear in plain text neither in the state nor in the pod
   * spec.
   * @default - no Secret is created
   * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
   */
  readonly secretEnv?: { [name: string]: pulumi.Input<string> };
}

/**
 * Core props and context for a component, with the Pulumi-only args taken apart.
 * @internal
 */
export interface PlannedInputs<P extends WorkloadProps> {
  readonly props: P;
  readonly context: ScopeContext;
  /** The namespace when it is known only later; undefined when the core already has it. */
  readonly lateNamespace?: pulumi.Output<string>;
  /** Name of the Secret holding `secretEnv`, when there is one. */
  readonly secretName?: string;
}

/**
 * Splits component args into core props and the Pulumi-only parts.
 * @throws ValidationError when `secretEnv` is malformed or names a variable `env` also sets
 * @internal
 */
export function planInputs<P extends WorkloadProps>(name: string, args: Omit<P, 'namespace'> & PulumiWorkloadArgs): PlannedInputs<P> {
  const { namespace, secretEnv, ...rest } = args;
  const staticNamespace = typeof namespace === 'string' ? namespace : undefined;
  const context: ScopeContext = { path: name, defaultName: name, defaultNameSource: 'the resource name' };
  const secretNames = Object.keys(validate.object(name, 'secretEnv', secretEnv));
  const resourceName = (rest as WorkloadProps).name ?? name;
  const secretName = secretNames.length > 0 ? `${resourceName}-env` : undefined;
  const env: Record<string, EnvValue> = { ...validate.object(name, 'env', (rest as WorkloadProps).env) };
  for (const key of secretNames) {
    validate.envVarName(name, 'secretEnv key', key);
    if (key in env) {
      validate.fail(name, `secretEnv['${key}']`, key, 'is also set in env; give each variable once');
    }
    env[key] = EnvValue.fromSecretKeyRef(secretName!, key);
  }
  const props = { ...rest, ...(staticNamespace === undefined ? {} : { namespace: staticNamespace }), ...(secretName ? { env } : {}) } as unknown as P;
  const lateNamespace =
    namespace === undefined || staticNamespace !== undefined
      ? undefined
      : pulumi.output(namespace).apply((ns) => validate.dns1123Label(name, 'namespace', ns));
  return { props, context, lateNamespace, secretName };
}

/**
 * An object's metadata with the late namespace filled in, for a typed resource's args.
 * @internal
 */
export function metadataOf(object: { metadata?: ObjectMeta }, lateNamespace: pulumi.Output<string> | undefined): pulumi.Input<k8s.types.input.meta.v1.ObjectMeta> {
  return lateNamespace ? { ...object.metadata, namespace: lateNamespace } : { ...object.metadata };
}

/**
 * The namespace DNS names use.
 * @internal
 */
export function dnsNamespace(staticNamespace: string | undefined, lateNamespace: pulumi.Output<string> | undefined): pulumi.Output<string> {
  return lateNamespace ?? pulumi.output(staticNamespace ?? 'default');
}

/**
 * An Opaque Secret made from Pulumi inputs, each sent as a Pulumi secret (encrypted in the state),
 * with the labels of `template` and the late namespace when there is one.
 * @internal
 */
export function createOpaqueSecret(
  parent: pulumi.Resource,
  resourceName: string,
  secretName: string,
  values: { [key: string]: pulumi.Input<string> },
  template: { metadata?: ObjectMeta },
  lateNamespace: pulumi.Output<string> | undefined,
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    resourceName,
    {
      metadata: metadataOf({ metadata: { ...template.metadata, name: secretName } }, lateNamespace),
      type: 'Opaque',
      stringData: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, pulumi.secret(value)])),
    },
    { parent },
  );
}

/**
 * The resources that exist, for `dependsOn`.
 * @internal
 */
export function present(...resources: (pulumi.Resource | undefined)[]): pulumi.Resource[] {
  return resources.filter((r): r is pulumi.Resource => r !== undefined);
}

/**
 * Creates the ServiceAccount the core model asks for, if any.
 * @internal
 */
export function createServiceAccount(
  parent: pulumi.Resource,
  name: string,
  account: { metadata?: ObjectMeta; automountServiceAccountToken?: boolean } | undefined,
  lateNamespace: pulumi.Output<string> | undefined,
): k8s.core.v1.ServiceAccount | undefined {
  return (
    account &&
    new k8s.core.v1.ServiceAccount(name, { metadata: metadataOf(account, lateNamespace), automountServiceAccountToken: account.automountServiceAccountToken }, { parent })
  );
}

/**
 * Creates a custom resource the core model asks for, if any: a PodMonitor or a cert-manager
 * Certificate (their operators' CRDs must be installed).
 * @internal
 */
export function createCustomResource(
  parent: pulumi.Resource,
  name: string,
  object: { apiVersion: string; kind: string; metadata?: ObjectMeta; spec: unknown } | undefined,
  lateNamespace: pulumi.Output<string> | undefined,
  dependsOn: pulumi.Resource[],
): k8s.apiextensions.CustomResource | undefined {
  return (
    object &&
    new k8s.apiextensions.CustomResource(name, { apiVersion: object.apiVersion, kind: object.kind, metadata: metadataOf(object, lateNamespace), spec: object.spec }, { parent, dependsOn })
  );
}

/**
 * Creates the Secret holding `secretEnv`, if any.
 * @internal
 */
export function createEnvSecret(
  parent: pulumi.Resource,
  name: string,
  planned: PlannedInputs<WorkloadProps>,
  secretEnv: { [name: string]: pulumi.Input<string> } | undefined,
  template: { metadata?: ObjectMeta },
): k8s.core.v1.Secret | undefined {
  if (!planned.secretName || !secretEnv) {
    return undefined;
  }
  return createOpaqueSecret(parent, `${name}-env`, planned.secretName, secretEnv, template, planned.lateNamespace);
}
