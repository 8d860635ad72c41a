/**
 * Services in front of a pattern's pods.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
import type { Service } from 'kubernetes-types/core/v1';
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
 * Options of one Service.
 * @internal
 */
export interface ServiceOptions {
  /** `metadata.name`. */
  readonly name: string;
  /** `clusterIP: None` and `publishNotReadyAddresses: true`: a governing Service for StatefulSet pod DNS. */
  readonly headless?: boolean;
  /** `spec.type`; ClusterIP when not headless and not given. */
  readonly type?: ServiceType;
  /** The Service port; the target is always the container's named port. */
  readonly port?: number;
  /** The node port, for NodePort and LoadBalancer. */
  readonly nodePort?: number;
  /** Selector labels in addition to the workload's own (e.g. one pod's name). */
  readonly extraSelector?: Record<string, string>;
  /** Ports besides the main one, forwarded to the same-named container ports. */
  readonly extraPorts?: readonly ExtraPort[];
}

/**
 * A Service selecting the workload's pods and forwarding to the named container port.
 * @internal
 */
export function renderService(w: ResolvedWorkload, options: ServiceOptions): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: w.metadata(options.name),
    spec: {
      ...(options.headless
        ? { clusterIP: 'None', publishNotReadyAddresses: true }
        : { type: options.type ?? ServiceType.CLUSTER_IP }),
      selector: { ...w.labels.selector, ...options.extraSelector },
      ports: [
        {
          name: w.portName,
          port: options.port ?? w.port,
          targetPort: w.portName,
          protocol: 'TCP',
          ...(options.nodePort === undefined ? {} : { nodePort: options.nodePort }),
        },
        ...(options.extraPorts ?? []).map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: 'TCP' })),
      ],
    },
  };
}
