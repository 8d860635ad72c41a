import { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { buildStatelessWeb, StatelessWebProps } from '../core/stateless-web';
import { PodSelectingConstruct } from './pod-selector';
import { emit, scopeContext } from './scope';

/**
 * Interchangeable servers (nginx, web APIs) as a cdk8s construct: a Deployment behind a
 * Service, optionally one shared ReadWriteMany PersistentVolumeClaim mounted by every replica,
 * a HorizontalPodAutoscaler, and a PodDisruptionBudget when at least two replicas run.
 *
 * Implements cdk8s-plus-28's `IPodSelector` and `INetworkPolicyPeer`.
 *
 * @throws ValidationError at construction when a prop is invalid
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class StatelessWeb extends PodSelectingConstruct {
  /** `metadata.name` of the Deployment, Service, HPA and PDB. */
  public readonly name: string;
  /** The namespace of every object, when one is set (by props or the chart). */
  public readonly namespace?: string;
  /** The Service's name: `{name}`. */
  public readonly serviceName: string;
  /** The Service's DNS name: `{name}.{namespace}.svc.cluster.local`. */
  public readonly host: string;
  /** The Service port. */
  public readonly port: number;
  /** The Deployment's replica count, or undefined when the autoscaler owns it. */
  public readonly replicas?: number;
  /** The shared claim's name, when there is a shared volume. */
  public readonly sharedClaimName?: string;
  /** The labels that select these pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The Service. */
  public readonly service: ApiObject;
  /** The shared PersistentVolumeClaim, when one is created here. */
  public readonly persistentVolumeClaim?: ApiObject;
  /** The HorizontalPodAutoscaler, with `autoscaling`. */
  public readonly horizontalPodAutoscaler?: ApiObject;
  /** The PodDisruptionBudget (`maxUnavailable: 1`), when at least two replicas always run. */
  public readonly podDisruptionBudget?: ApiObject;
  /** The ServiceAccount `{name}`, with `serviceAccount`. */
  public readonly serviceAccount?: ApiObject;
  /** The PodMonitor `{name}` (`monitoring.coreos.com/v1`), with `metrics.podMonitor`. */
  public readonly podMonitor?: ApiObject;

  /**
   * This web tier as the backend of a cdk8s-plus-28 `Ingress` rule: its Service, on its Service
   * port. cdk8s-plus-28 builds service backends from its own `Service` objects only and cannot
   * import an existing one, so this passes it a view with the Service's name and port (the
   * only fields `IngressBackend.fromService` reads; a test pins the synthesized backend).
   *
   * ```ts
   * new kplus.Ingress(chart, 'ingress', { rules: [{ host: 'shop.example.com', backend: web.ingressBackend() }] });
   * ```
   * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
   */
  public ingressBackend(): kplus.IngressBackend {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { IngressBackend } = require('cdk8s-plus-28') as typeof kplus;
    const view = { name: this.serviceName, ports: [{ port: this.port }] } as unknown as kplus.Service;
    return IngressBackend.fromService(view, { port: this.port });
  }

  /**
   * @param scope the parent construct, inside a cdk8s Chart
   * @param id the construct id, also the default name
   * @param props image, port and the rest; see {@link StatelessWebProps}
   * @throws ValidationError when a prop is invalid
   */
  public constructor(scope: Construct, id: string, props: StatelessWebProps) {
    super(scope, id);
    const model = buildStatelessWeb(props, scopeContext(this, id));
    this.name = model.name;
    this.namespace = model.namespace;
    this.serviceName = model.serviceName;
    this.host = model.host;
    this.port = model.port;
    this.replicas = model.replicas;
    this.sharedClaimName = model.sharedClaimName;
    this.selectorLabels = model.selectorLabels;
    this.serviceAccount = model.serviceAccount && emit(this, 'ServiceAccount', model.serviceAccount);
    this.persistentVolumeClaim = model.persistentVolumeClaim && emit(this, 'SharedClaim', model.persistentVolumeClaim);
    this.deployment = emit(this, 'Deployment', model.deployment);
    this.service = emit(this, 'Service', model.service);
    this.horizontalPodAutoscaler = model.horizontalPodAutoscaler && emit(this, 'HorizontalPodAutoscaler', model.horizontalPodAutoscaler);
    this.podDisruptionBudget = model.podDisruptionBudget && emit(this, 'PodDisruptionBudget', model.podDisruptionBudget);
    this.podMonitor = model.podMonitor && emit(this, 'PodMonitor', model.podMonitor);
  }
}
