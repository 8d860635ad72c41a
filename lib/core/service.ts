/**
 * Services in front of a pattern's pods.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
import type { Service } from 'kubernetes-types/core/v1';
import * as validate from './validate';
import type { ExtraPort, ResolvedWorkload } from './workload';

/** How a Service is exposed (`spec.type`). */
export enum ServiceType {
  /** A virtual IP reachable inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** ClusterIP plus a port (30000-32767) on every node. */
  NODE_PORT = 'NodePort',
  /** NodePort plus an external load balancer from the cloud provider. */
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * How the Service clients connect to is exposed: on both patterns, the client Service (`{name}`);
 * the headless and role Services of a StatefulDatabase stay ClusterIP without them.
 */
export interface ClientServiceProps {
  /**
   * How the client Service is exposed (`spec.type`).
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;
  /**
   * The node port, 30000-32767, for NodePort and LoadBalancer Services.
   * @default - Kubernetes picks one
   */
  readonly nodePort?: number;
  /**
   * Client CIDRs a LoadBalancer admits (`spec.loadBalancerSourceRanges`), e.g. `10.0.0.0/8`;
   * only with `serviceType: LoadBalancer`.
   * @default - every source the load balancer accepts
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * Annotations of the client Service, e.g. a cloud's internal-load-balancer annotation.
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Extra labels of the client Service (the recommended labels are always set).
   * @default - none
   */
  readonly serviceLabels?: { [key: string]: string };
}

/**
 * The client Service's settings, validated.
 * @internal
 */
export interface ResolvedClientService {
  readonly type: ServiceType;
  readonly nodePort?: number;
  readonly loadBalancerSourceRanges?: string[];
  readonly annotations: Record<string, string>;
  readonly labels: Record<string, string>;
}

/**
 * Validates the client Service props.
 * @throws ValidationError for a node port without a node-port type, source ranges without a
 *   LoadBalancer, a malformed CIDR, or a label the pattern sets itself
 * @internal
 */
export function resolveClientService(scope: string, props: ClientServiceProps, reserved: readonly string[]): ResolvedClientService {
  const type = validate.oneOf(scope, 'serviceType', props.serviceType ?? ServiceType.CLUSTER_IP, ServiceType);
  if (props.nodePort !== undefined) {
    if (type === ServiceType.CLUSTER_IP) {
      validate.fail(scope, 'nodePort', props.nodePort, "needs serviceType 'NodePort' or 'LoadBalancer'; a ClusterIP Service has no node port");
    }
    validate.integer(scope, 'nodePort', props.nodePort, 30000, 32767, ' (the default node port range)');
  }
  let ranges: string[] | undefined;
  if (props.loadBalancerSourceRanges !== undefined) {
    if (type !== ServiceType.LOAD_BALANCER) {
      validate.fail(scope, 'loadBalancerSourceRanges', props.loadBalancerSourceRanges, "needs serviceType 'LoadBalancer'; only a load balancer filters client addresses");
    }
    ranges = validate.stringList(scope, 'loadBalancerSourceRanges', props.loadBalancerSourceRanges, false).map((cidr, i) => validate.cidr(scope, `loadBalancerSourceRanges[${i}]`, cidr));
  }
  const labels = validate.labels(scope, 'serviceLabels', props.serviceLabels);
  for (const key of Object.keys(labels)) {
    if (reserved.includes(key)) validate.fail(scope, 'serviceLabels', key, 'is set by kube-patterns itself');
  }
  return { type, nodePort: props.nodePort, loadBalancerSourceRanges: ranges, annotations: validate.annotations(scope, 'serviceAnnotations', props.serviceAnnotations), labels };
}

/**
 * Options of one Service.
 * @internal
 */
export interface ServiceOptions {
  /** `metadata.name`. */
  readonly name: string;
  /** `clusterIP: None` and `publishNotReadyAddresses: true`: a governing Service for StatefulSet pod DNS. */
  readonly headless?: boolean;
  /** The Service port; the target is always the container's named port. */
  readonly port?: number;
  /** Selector labels in addition to the workload's own (e.g. one pod's name). */
  readonly extraSelector?: Record<string, string>;
  /** Ports besides the main one, forwarded to the same-named container ports. */
  readonly extraPorts?: readonly ExtraPort[];
  /** The client Service's type, node port, metadata and source ranges; other Services are ClusterIP. */
  readonly client?: ResolvedClientService;
}

/**
 * A Service selecting the workload's pods and forwarding to the named container port.
 * @internal
 */
export function renderService(w: ResolvedWorkload, options: ServiceOptions): Service {
  const client = options.client;
  const metadata = w.metadata(options.name, client && { annotations: client.annotations });
  if (client && Object.keys(client.labels).length > 0) {
    metadata.labels = { ...metadata.labels, ...client.labels };
  }
  const nodePort = client?.nodePort;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      ...(options.headless
        ? { clusterIP: 'None', publishNotReadyAddresses: true }
        : { type: client?.type ?? ServiceType.CLUSTER_IP }),
      ...(client?.loadBalancerSourceRanges ? { loadBalancerSourceRanges: [...client.loadBalancerSourceRanges] } : {}),
      selector: { ...w.labels.selector, ...options.extraSelector },
      ports: [
        {
          name: w.portName,
          port: options.port ?? w.port,
          targetPort: w.portName,
          protocol: 'TCP',
          ...(nodePort === undefined ? {} : { nodePort }),
        },
        ...(options.extraPorts ?? []).map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: 'TCP' })),
        ...(client ? w.servicePorts : []).map((p) => ({ name: p.name!, port: p.containerPort, targetPort: p.name!, protocol: 'TCP' })),
      ],
    },
  };
}
