/**
 * DNS names that Kubernetes gives Services and StatefulSet pods.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 */

/**
 * The FQDN of a Service: `{service}.{namespace}.svc.{clusterDomain}`.
 * @param service the Service name
 * @param namespace the namespace; `default` when none is set
 * @param clusterDomain the cluster's DNS domain, usually `cluster.local`
 */
export function serviceHost(service: string, namespace: string, clusterDomain: string): string {
  return `${service}.${namespace}.svc.${clusterDomain}`;
}

/**
 * The stable DNS name of a StatefulSet pod under its governing headless Service:
 * `{pod}.{headlessService}.{namespace}.svc.{clusterDomain}`.
 * @param pod the pod name, `{statefulSet}-{ordinal}`
 * @param headlessService the StatefulSet's `spec.serviceName`
 * @param namespace the namespace; `default` when none is set
 * @param clusterDomain the cluster's DNS domain, usually `cluster.local`
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id
 */
export function podDnsName(pod: string, headlessService: string, namespace: string, clusterDomain: string): string {
  return `${pod}.${serviceHost(headlessService, namespace, clusterDomain)}`;
}

/**
 * The DNS names above as static members, for the languages of the jsii bindings, which do not
 * carry free functions.
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 */
export class KubernetesDns {
  /**
   * The FQDN of a Service: `{service}.{namespace}.svc.{clusterDomain}` (as {@link serviceHost}).
   * @param service the Service name
   * @param namespace the namespace; `default` when none is set
   * @param clusterDomain the cluster's DNS domain, usually `cluster.local`
   */
  public static serviceHost(service: string, namespace: string, clusterDomain: string): string {
    return serviceHost(service, namespace, clusterDomain);
  }

  /**
   * The stable DNS name of a StatefulSet pod: `{pod}.{headlessService}.{namespace}.svc.{clusterDomain}`
   * (as {@link podDnsName}).
   * @param pod the pod name, `{statefulSet}-{ordinal}`
   * @param headlessService the StatefulSet's `spec.serviceName`
   * @param namespace the namespace; `default` when none is set
   * @param clusterDomain the cluster's DNS domain, usually `cluster.local`
   */
  public static podDnsName(pod: string, headlessService: string, namespace: string, clusterDomain: string): string {
    return podDnsName(pod, headlessService, namespace, clusterDomain);
  }

  private constructor() {}
}
