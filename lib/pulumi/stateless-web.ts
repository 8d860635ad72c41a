import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { serviceHost } from '../core/dns';
import { buildStatelessWeb, StatelessWebProps } from '../core/stateless-web';
import { createCustomResource, createEnvSecret, createServiceAccount, dnsNamespace, metadataOf, planInputs, present, PulumiWorkloadArgs } from './inputs';

/**
 * Args of the Pulumi {@link StatelessWeb}: the same props as the cdk8s construct
 * (`StatelessWebProps`), with `namespace` as a `pulumi.Input<string>` and secret environment
 * variables from `pulumi.Input<string>` values.
 */
export interface StatelessWebArgs extends Omit<StatelessWebProps, 'namespace'>, PulumiWorkloadArgs {}

/**
 * What a {@link StatelessWeb} component holds: its names, DNS name and resources.
 */
export interface StatelessWebResources {
  /** `metadata.name` of the Deployment, Service, HPA and PDB. */
  readonly name: string;
  /** The Service's name: `{name}`. */
  readonly serviceName: string;
  /** The Service port. */
  readonly port: number;
  /** The Deployment's replica count, or undefined when the autoscaler owns it. */
  readonly replicas?: number;
  /** The shared claim's name, when there is a shared volume. */
  readonly sharedClaimName?: string;
  /** The labels that select this instance's pods (for NetworkPolicies and monitors). */
  readonly selectorLabels: { [key: string]: string };
  /** The namespace DNS names use (`default` when none is set). */
  readonly namespace: pulumi.Output<string>;
  /** The Service's DNS name. */
  readonly host: pulumi.Output<string>;
  /** The Deployment. */
  readonly deployment: k8s.apps.v1.Deployment;
  /** The Service. */
  readonly service: k8s.core.v1.Service;
  /** The shared PersistentVolumeClaim, when one is created here (retained on delete). */
  readonly persistentVolumeClaim?: k8s.core.v1.PersistentVolumeClaim;
  /** The HorizontalPodAutoscaler, with `autoscaling`. */
  readonly horizontalPodAutoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  /** The PodDisruptionBudget, when at least two replicas always run. */
  readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  /** The Secret holding `secretEnv`, when given. */
  readonly secret?: k8s.core.v1.Secret;
  /** The ServiceAccount `{name}`, with `serviceAccount`. */
  readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The PodMonitor `{name}`, with `metrics.podMonitor`. */
  readonly podMonitor?: k8s.apiextensions.CustomResource;
}

/** The component type token of {@link StatelessWeb}. */
export const STATELESS_WEB_TYPE = 'kube-patterns:index:StatelessWeb';

/** A StatelessWeb has every member of {@link StatelessWebResources} (declaration merging). */
export interface StatelessWeb extends StatelessWebResources {}

/**
 * Interchangeable servers as a Pulumi component (`kube-patterns:index:StatelessWeb`): the same
 * Deployment, Service, shared PersistentVolumeClaim, HorizontalPodAutoscaler and
 * PodDisruptionBudget as the cdk8s construct, as typed `@pulumi/kubernetes` resources.
 *
 * The shared claim is created with `retainOnDelete`: `pulumi destroy`, or removing the
 * component, leaves the claim and its data in the cluster (delete it with kubectl when meant).
 *
 * @throws ValidationError at construction when an arg is invalid (a late namespace: when it resolves)
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class StatelessWeb extends pulumi.ComponentResource {
  /**
   * @param name the resource name, also the default `metadata.name`
   * @param args the props; see {@link StatelessWebArgs}
   * @param opts Pulumi options (parent, provider, protect...)
   * @throws ValidationError when an arg is invalid
   */
  public constructor(name: string, args: StatelessWebArgs, opts?: pulumi.ComponentResourceOptions) {
    super(STATELESS_WEB_TYPE, name, {}, opts);
    Object.assign(this, createStatelessWeb(this, name, args));
    this.registerOutputs(statelessWebOutputs(this));
  }
}

/**
 * Creates, as children of `component`, the resources of a StatelessWeb.
 * @throws ValidationError when an arg is invalid
 * @internal
 */
export function createStatelessWeb(component: pulumi.ComponentResource, name: string, args: StatelessWebArgs): StatelessWebResources {
  const self: { -readonly [K in keyof StatelessWebResources]: StatelessWebResources[K] } = {} as StatelessWebResources;
  const planned = planInputs<StatelessWebProps>(name, args);
  const model = buildStatelessWeb(planned.props, planned.context);
  const late = planned.lateNamespace;
  const parent = { parent: component };

  self.name = model.name;
  self.selectorLabels = model.selectorLabels;
  self.serviceName = model.serviceName;
  self.port = model.port;
  self.replicas = model.replicas;
  self.sharedClaimName = model.sharedClaimName;
  self.namespace = dnsNamespace(model.namespace, late);
  self.host = self.namespace.apply((ns) => serviceHost(model.serviceName, ns, model.clusterDomain));

  self.serviceAccount = createServiceAccount(component, name, model.serviceAccount, late);
  self.secret = createEnvSecret(component, name, planned, args.secretEnv, model.service);
  const claim = model.persistentVolumeClaim;
  self.persistentVolumeClaim =
    claim &&
    new k8s.core.v1.PersistentVolumeClaim(
      `${name}-shared`,
      { metadata: metadataOf(claim, late), spec: claim.spec as k8s.types.input.core.v1.PersistentVolumeClaimSpec },
      { parent: component, retainOnDelete: true },
    );
  self.deployment = new k8s.apps.v1.Deployment(
    name,
    { metadata: metadataOf(model.deployment, late), spec: model.deployment.spec as k8s.types.input.apps.v1.DeploymentSpec },
    { parent: component, dependsOn: present(self.persistentVolumeClaim, self.secret, self.serviceAccount) },
  );
  self.service = new k8s.core.v1.Service(name, { metadata: metadataOf(model.service, late), spec: model.service.spec }, parent);
  const hpa = model.horizontalPodAutoscaler;
  self.horizontalPodAutoscaler =
    hpa && new k8s.autoscaling.v2.HorizontalPodAutoscaler(name, { metadata: metadataOf(hpa, late), spec: hpa.spec! }, { parent: component, dependsOn: [self.deployment] });
  self.podDisruptionBudget =
    model.podDisruptionBudget &&
    new k8s.policy.v1.PodDisruptionBudget(name, { metadata: metadataOf(model.podDisruptionBudget, late), spec: model.podDisruptionBudget.spec }, parent);

  self.podMonitor = createCustomResource(component, name, model.podMonitor, late, [self.deployment]);

  return self;
}

/**
 * The outputs a StatelessWeb registers: its names and DNS name.
 * @internal
 */
export function statelessWebOutputs(component: StatelessWebResources): pulumi.Inputs {
  return {
    name: component.name,
    namespace: component.namespace,
    serviceName: component.serviceName,
    replicas: component.replicas,
    sharedClaimName: component.sharedClaimName,
    host: component.host,
    port: component.port,
  };
}
