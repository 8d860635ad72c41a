/**
 * StatelessWeb in the Pulumi component package (`kube-patterns:index:StatelessWeb`): args as
 * plain data, so that every Pulumi language and Pulumi YAML can give them; the resources are
 * those of the TypeScript class, built by the same function.
 */
import * as pulumi from '@pulumi/pulumi';
import type { StatelessWebServerProps } from '../../core/stateless-web';
import * as validate from '../../core/validate';
import { createStatelessWeb, STATELESS_WEB_TYPE, statelessWebOutputs, StatelessWebArgs as ClassArgs } from '../stateless-web';
import { WorkloadPackageArgs, workloadArgsFromData } from './workload-args';

/**
 * Args of the package's StatelessWeb: the props of the TypeScript class, as plain data.
 * Not here (TypeScript only, for now): `strategy`, and projected volumes.
 */
export interface StatelessWebPackageArgs extends WorkloadPackageArgs, StatelessWebServerProps {}

/**
 * The TypeScript class's args for `args`: probes and environment values built from their data;
 * everything else passed on, to be validated by the core as the class does.
 * @param scope the component's name, for error messages
 * @throws ValidationError when a data arg is invalid
 */
export function statelessWebArgsFromData(scope: string, args: StatelessWebPackageArgs): ClassArgs {
  const { image, port, ...rest } = validate.record(scope, 'args', args);
  return { ...workloadArgsFromData(scope, rest), image, port };
}

/**
 * Interchangeable servers (`kube-patterns:index:StatelessWeb`), for every Pulumi language: the
 * Deployment, Service, shared claim, autoscaler and disruption budget, exactly as the TypeScript
 * `StatelessWeb` creates them from the same props.
 * @throws ValidationError at construction when an arg is invalid
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class StatelessWeb extends pulumi.ComponentResource {
  /** `metadata.name` of the Deployment, Service, HPA and PDB. */
  public readonly name: pulumi.Output<string>;
  /** The namespace DNS names use (`default` when none is set). */
  public readonly namespace: pulumi.Output<string>;
  /** The Service's name: `{name}`. */
  public readonly serviceName: pulumi.Output<string>;
  /** The Service's DNS name. */
  public readonly host: pulumi.Output<string>;
  /** The Service port. */
  public readonly port: pulumi.Output<number>;
  /** The Deployment's replica count; empty when the autoscaler owns it. */
  public readonly replicas: pulumi.Output<number | undefined>;
  /** The shared claim's name; empty without a shared volume. */
  public readonly sharedClaimName: pulumi.Output<string | undefined>;
  /** The labels that select this instance's pods (a `pods` network peer's `podLabels`). */
  public readonly selectorLabels: pulumi.Output<{ [key: string]: string }>;

  /**
   * @param name the resource name, also the default `metadata.name`
   * @param args the props, as data
   * @param opts Pulumi options (parent, provider, protect...)
   * @throws ValidationError when an arg is invalid
   */
  public constructor(name: string, args: StatelessWebPackageArgs, opts?: pulumi.ComponentResourceOptions) {
    super(STATELESS_WEB_TYPE, name, {}, opts);
    const created = createStatelessWeb(this, name, statelessWebArgsFromData(name, args));
    this.name = pulumi.output(created.name);
    this.namespace = created.namespace;
    this.serviceName = pulumi.output(created.serviceName);
    this.host = created.host;
    this.port = pulumi.output(created.port);
    this.replicas = pulumi.output(created.replicas);
    this.sharedClaimName = pulumi.output(created.sharedClaimName);
    this.selectorLabels = pulumi.output(created.selectorLabels);
    this.registerOutputs({ ...statelessWebOutputs(created), selectorLabels: this.selectorLabels });
  }
}
