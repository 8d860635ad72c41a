/**
 * Network isolation of a StatefulDatabase: one `networking.k8s.io/v1` NetworkPolicy that admits
 * the set's own pods on the ports they replicate on, the declared clients on the client ports,
 * the instance's backup and restore Jobs on the client ports, and scrapers on the metrics port;
 * nothing else reaches the pods. Egress is left open (DNS and
 * the engines' own outbound traffic).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import type { Service } from 'kubernetes-types/core/v1';
import * as validate from './validate';

/** The label the API server sets on every Namespace: its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A kube-patterns construct or Pulumi component, as a selector of its pods.
 */
export interface ILabeledPods {
  /** The labels that select exactly its pods. */
  readonly selectorLabels: { readonly [key: string]: string };
  /**
   * Its namespace: a string, or a Pulumi `Output` (then taken to be the policy's own).
   * @default - the policy's namespace
   */
  readonly namespace?: unknown;
}

/** A cdk8s-plus-28 `IPodSelector` (a workload, `Pods.select`...), as far as a NetworkPolicy needs it. */
export interface IPodSelectorConfigSource {
  /** Its label selector and namespaces (cdk8s-plus-28 `PodSelectorConfig`). */
  toPodSelectorConfig(): unknown;
}

/**
 * Something whose pods can be selected: a kube-patterns construct or Pulumi component
 * (`selectorLabels`, `namespace`), or a cdk8s-plus-28 `IPodSelector` (a workload, `Pods.select`...).
 */
export type PodSelecting = ILabeledPods | IPodSelectorConfigSource;

/**
 * Who may open connections to a database's pods: pods, namespaces or address blocks.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
 */
export class NetworkPeer {
  /**
   * Every pod of the policy's own namespace.
   */
  public static sameNamespace(): NetworkPeer {
    return new NetworkPeer({ podSelector: {} });
  }

  /**
   * Every pod in every namespace of the cluster (not addresses outside it).
   */
  public static anyNamespace(): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: {} });
  }

  /**
   * Every pod of the namespaces with these names.
   * @param names namespace names (DNS-1123 labels)
   * @throws ValidationError (when rendered) for an empty list or a name that is not a DNS-1123 label
   */
  public static namespaces(...names: string[]): NetworkPeer {
    return new NetworkPeer((scope, prop) => {
      nonEmptyList(scope, prop, names).forEach((n, i) => validate.dns1123Label(scope, `${prop}[${i}]`, n));
      return { namespaceSelector: namespaceNamed(names) };
    });
  }

  /**
   * Pods with these labels, in the policy's namespace, or in the namespaces whose labels match
   * `namespaceLabels` (`{}`: every namespace).
   * @param labels the pods' labels (all must match)
   * @param namespaceLabels the namespaces' labels
   * @default namespaceLabels - the policy's own namespace
   */
  public static podsWithLabels(labels: { [key: string]: string }, namespaceLabels?: { [key: string]: string }): NetworkPeer {
    return new NetworkPeer({ podSelector: { matchLabels: { ...labels } }, ...(namespaceLabels === undefined ? {} : { namespaceSelector: { matchLabels: { ...namespaceLabels } } }) });
  }

  /**
   * The pods of a kube-patterns construct or Pulumi component, or of a cdk8s-plus-28
   * `IPodSelector`, in their namespace when they have one (a Pulumi component's namespace is an
   * Output, so its pods are looked for in the policy's namespace: for another one, use
   * {@link NetworkPeer.podsWithLabels} with its `selectorLabels`).
   * @param selecting what selects the pods
   * @throws ValidationError (when rendered) when it selects no pods in a form a policy can express
   */
  public static pods(selecting: PodSelecting): NetworkPeer {
    return new NetworkPeer((scope, prop, namespace) => peerOfSelecting(scope, prop, selecting, namespace));
  }

  /**
   * Addresses in a CIDR block (for example a node network or a VPN), optionally minus some.
   * Pod addresses change, so prefer pods or namespaces for clients inside the cluster.
   * @param cidr an IPv4 or IPv6 block, e.g. `10.20.0.0/16`
   * @param except blocks inside `cidr` to leave out
   * @throws ValidationError (when rendered) for a malformed block
   */
  public static ipBlock(cidr: string, except: string[] = []): NetworkPeer {
    return new NetworkPeer((scope, prop) => {
      validate.cidr(scope, `${prop}.cidr`, cidr);
      except.forEach((block, i) => validate.cidr(scope, `${prop}.except[${i}]`, block));
      return { ipBlock: { cidr, ...(except.length > 0 ? { except: [...except] } : {}) } };
    });
  }

  private constructor(private readonly peer: NetworkPolicyPeer | ((scope: string, prop: string, policyNamespace: string | undefined) => NetworkPolicyPeer)) {}

  /** @internal */
  public _render(scope: string, prop: string, policyNamespace: string | undefined): NetworkPolicyPeer {
    return typeof this.peer === 'function' ? this.peer(scope, prop, policyNamespace) : structuredClone(this.peer);
  }
}

/**
 * The NetworkPolicy of a StatefulDatabase (`networkPolicy` prop).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface DatabaseNetworkPolicyProps {
  /**
   * Create the policy. `false` leaves the pods open to every pod of the cluster (and to whatever
   * reaches the cluster network), as Kubernetes does without a policy.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The clients admitted on the client ports (the client Service's ports). Anything else is
   * refused, except the set's own pods (on the ports they replicate on) and `metricsFrom`.
   * @default [NetworkPeer.sameNamespace()] - every pod of the database's namespace and no other:
   *   a floor that keeps presets with `authentication: false` (ZooKeeper, Kafka, Cassandra) out of
   *   reach of other namespaces while an app in the same namespace works unchanged.
   */
  readonly allowFrom?: NetworkPeer[];
  /**
   * Who may scrape the metrics port, when `metrics` is set.
   * @default [NetworkPeer.anyNamespace()] - Prometheus usually runs in its own namespace
   */
  readonly metricsFrom?: NetworkPeer[];
}

/** What the policy is built from. @internal */
export interface NetworkPolicyInputs {
  readonly metadata: NetworkPolicy['metadata'];
  readonly selector: { [key: string]: string };
  /** The headless Service: every port the pods serve to each other. */
  readonly headlessService: Service;
  /** The client Service: the ports clients use. */
  readonly clientService: Service;
  /** The named metrics port, when metrics are on. */
  readonly metricsPort?: string;
  /** The labels of the instance's backup and restore pods, when it has backups. */
  readonly backupSelector?: { [key: string]: string };
}

/**
 * Renders the policy, or undefined with `enabled: false`.
 * @throws ValidationError for a malformed `networkPolicy` or peer
 * @internal
 */
export function renderNetworkPolicy(scope: string, props: DatabaseNetworkPolicyProps | undefined, inputs: NetworkPolicyInputs): NetworkPolicy | undefined {
  const p = validate.record(scope, 'networkPolicy', props ?? {});
  validate.knownKeys(scope, 'networkPolicy', p, ['enabled', 'allowFrom', 'metricsFrom']);
  if (p.enabled !== undefined && !validate.boolean(scope, 'networkPolicy.enabled', p.enabled)) return undefined;
  const peers = (prop: string, list: NetworkPeer[] | undefined, fallback: NetworkPeer): NetworkPolicyPeer[] =>
    (list === undefined ? [fallback] : nonEmptyList(scope, prop, list)).map((peer, i) => {
      if (!(peer instanceof NetworkPeer)) validate.fail(scope, `${prop}[${i}]`, peer, 'is not a NetworkPeer: use NetworkPeer.pods(...), .namespaces(...), .sameNamespace(), .anyNamespace() or .ipBlock(...)');
      return peer._render(scope, `${prop}[${i}]`, inputs.metadata?.namespace);
    });
  const portsOf = (service: Service): NetworkPolicyPort[] =>
    (service.spec?.ports ?? []).map((port) => ({ protocol: port.protocol ?? 'TCP', port: port.targetPort ?? port.port }));
  const ingress = [
    // The set's own pods, on every port they serve each other (replication, gossip, elections).
    { from: [{ podSelector: { matchLabels: { ...inputs.selector } } }], ports: portsOf(inputs.headlessService) },
    { from: peers('networkPolicy.allowFrom', p.allowFrom, NetworkPeer.sameNamespace()), ports: portsOf(inputs.clientService) },
    // The instance's own backup and restore Jobs, whatever allowFrom admits.
    ...(inputs.backupSelector === undefined ? [] : [{ from: [{ podSelector: { matchLabels: { ...inputs.backupSelector } } }], ports: portsOf(inputs.clientService) }]),
    ...(inputs.metricsPort === undefined
      ? []
      : [{ from: peers('networkPolicy.metricsFrom', p.metricsFrom, NetworkPeer.anyNamespace()), ports: [{ protocol: 'TCP', port: inputs.metricsPort }] }]),
  ];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: inputs.metadata,
    spec: { podSelector: { matchLabels: { ...inputs.selector } }, policyTypes: ['Ingress'], ingress },
  };
}

/** A peer from what selects pods: labels and namespace, or a cdk8s-plus-28 pod selector. */
function peerOfSelecting(scope: string, prop: string, selecting: PodSelecting, policyNamespace: string | undefined): NetworkPolicyPeer {
  if (selecting !== null && typeof selecting === 'object' && 'selectorLabels' in selecting) {
    const namespace = selecting.namespace;
    return {
      podSelector: { matchLabels: { ...selecting.selectorLabels } },
      // Pods of the policy's own namespace need no namespace selector; a namespace known only
      // later (a Pulumi Output) cannot be written here, so it means the policy's own too.
      ...(typeof namespace === 'string' && namespace !== policyNamespace ? { namespaceSelector: namespaceNamed([namespace]) } : {}),
    };
  }
  if (selecting !== null && typeof selecting === 'object' && typeof (selecting as { toPodSelectorConfig?: unknown }).toPodSelectorConfig === 'function') {
    const config = (selecting as { toPodSelectorConfig(): any }).toPodSelectorConfig();
    const podSelector = kubeSelector(config?.labelSelector);
    const names: string[] | undefined = config?.namespaces?.names;
    const namespaceLabels = kubeSelector(config?.namespaces?.labelSelector);
    if (podSelector === undefined) validate.fail(scope, prop, selecting, 'is a pod selector without a label selector, which a NetworkPolicy cannot express');
    return {
      podSelector,
      ...(names && names.length > 0 ? { namespaceSelector: namespaceNamed(names) } : namespaceLabels ? { namespaceSelector: namespaceLabels } : {}),
    };
  }
  return validate.fail(scope, prop, selecting, 'selects no pods: pass a kube-patterns construct or component, or a cdk8s-plus-28 IPodSelector');
}

/** A list with at least one item: an empty peer list would admit nobody, which `enabled: false` does not mean. */
function nonEmptyList<T>(scope: string, prop: string, value: readonly T[]): readonly T[] {
  const items = validate.list(scope, prop, value);
  if (items.length === 0) validate.fail(scope, prop, value, 'is empty, which would admit no client at all; leave it out for the default, or list at least one NetworkPeer');
  return items;
}

const namespaceNamed = (names: readonly string[]): LabelSelector => ({ matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...names] }] });

/** cdk8s-plus-28's LabelSelector as a Kubernetes one (its `_toKube()` gives the API shape). */
function kubeSelector(selector: unknown): LabelSelector | undefined {
  const toKube = (selector as { _toKube?: () => LabelSelector } | undefined)?._toKube;
  if (typeof toKube !== 'function') return undefined;
  const kube = toKube.call(selector);
  return { ...(kube.matchLabels ? { matchLabels: { ...kube.matchLabels } } : {}), ...(kube.matchExpressions ? { matchExpressions: kube.matchExpressions.map((e) => ({ ...e })) } : {}) };
}
