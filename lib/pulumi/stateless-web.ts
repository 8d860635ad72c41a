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
  /** `metadata.name` of the Deployment, Service, HPA and PDB. */
  public readonly name: string;
  /** The Service's name: `{name}`. */
  public readonly serviceName: string;
  /** The Service port. */
  public readonly port: number;
  /** The Deployment's replica count, or undefined when the autoscaler owns it. */
  public readonly replicas?: number;
  /** The shared claim's name, when there is a shared volume. */
  public readonly sharedClaimName?: string;
  /** The labels that select this instance's pods (for NetworkPolicies and monitors). */
  public readonly selectorLabels: { [key: string]: string };
  /** The namespace DNS names use (`default` when none is set). */
  public readonly namespace: pulumi.Output<string>;
  /** The Service's DNS name. */
  public readonly host: pulumi.Output<string>;
  /** The Deployment. */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** The Service. */
  public readonly service: k8s.core.v1.Service;
  /** The shared PersistentVolumeClaim, when one is created here (retained on delete). */
  public readonly persistentVolumeClaim?: k8s.core.v1.PersistentVolumeClaim;
  /** The HorizontalPodAutoscaler, with `autoscaling`. */
  public readonly horizontalPodAutoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  /** The PodDisruptionBudget, when at least two replicas always run. */
  public readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  /** The Secret holding `secretEnv`, when given. */
  public readonly secret?: k8s.core.v1.Secret;
  /** The ServiceAccount `{name}`, with `serviceAccount`. */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The PodMonitor `{name}`, with `metrics.podMonitor`. */
  public readonly podMonitor?: k8s.apiextensions.CustomResource;

  /**
   * @param name the resource name, also the default `metadata.name`
   * @param args the props; see {@link StatelessWebArgs}
   * @param opts Pulumi options (parent, provider, protect...)
   * @throws ValidationError when an arg is invalid
   */
  public constructor(name: string, args: StatelessWebArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-patterns:index:StatelessWeb', name, {}, opts);
    const planned = planInputs<StatelessWebProps>(name, args);
    const model = buildStatelessWeb(planned.props, planned.context);
    const late = planned.lateNamespace;
    const parent = { parent: this };

    this.name = model.name;
    this.selectorLabels = model.selectorLabels;
    this.serviceName = model.serviceName;
    this.port = model.port;
    this.replicas = model.replicas;
    this.sharedClaimName = model.sharedClaimName;
    this.namespace = dnsNamespace(model.namespace, late);
    this.host = this.namespace.apply((ns) => serviceHost(model.serviceName, ns, model.clusterDomain));

    this.serviceAccount = createServiceAccount(this, name, model.serviceAccount, late);
    this.secret = createEnvSecret(this, name, planned, args.secretEnv, model.service);
    const claim = model.persistentVolumeClaim;
    this.persistentVolumeClaim =
      claim &&
      new k8s.core.v1.PersistentVolumeClaim(
        `${name}-shared`,
        { metadata: metadataOf(claim, late), spec: claim.spec as k8s.types.input.core.v1.PersistentVolumeClaimSpec },
        { parent: this, retainOnDelete: true },
      );
    this.deployment = new k8s.apps.v1.Deployment(
      name,
      { metadata: metadataOf(model.deployment, late), spec: model.deployment.spec as k8s.types.input.apps.v1.DeploymentSpec },
      { parent: this, dependsOn: present(this.persistentVolumeClaim, this.secret, this.serviceAccount) },
    );
    this.service = new k8s.core.v1.Service(name, { metadata: metadataOf(model.service, late), spec: model.service.spec }, parent);
    const hpa = model.horizontalPodAutoscaler;
    this.horizontalPodAutoscaler =
      hpa && new k8s.autoscaling.v2.HorizontalPodAutoscaler(name, { metadata: metadataOf(hpa, late), spec: hpa.spec! }, { parent: this, dependsOn: [this.deployment] });
    this.podDisruptionBudget =
      model.podDisruptionBudget &&
      new k8s.policy.v1.PodDisruptionBudget(name, { metadata: metadataOf(model.podDisruptionBudget, late), spec: model.podDisruptionBudget.spec }, parent);

    this.podMonitor = createCustomResource(this, name, model.podMonitor, late, [this.deployment]);

    this.registerOutputs({
      name: this.name,
      namespace: this.namespace,
      serviceName: this.serviceName,
      replicas: this.replicas,
      sharedClaimName: this.sharedClaimName,
      host: this.host,
      port: this.port,
    });
  }
}
