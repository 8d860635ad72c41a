/**
 * cdk8s-plus-28 interop: lets `kplus.NetworkPolicy` rules and `workload.connections.allowTo()`
 * select a pattern's pods.
 *
 * cdk8s-plus-28 is loaded lazily, on the first call, so that `require('kube-patterns')` does not
 * pay for it when it is not used.
 */
import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkUniqueNames } from './unique-names';

/**
 * A construct whose pods can be selected by cdk8s-plus-28 network policies
 * (`kplus.IPodSelector`, `kplus.INetworkPolicyPeer`). Base of the kube-patterns constructs.
 */
export abstract class PodSelectingConstruct extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** The labels that select this construct's pods. */
  public abstract readonly selectorLabels: { [key: string]: string };
  /** The namespace of the pods, when one is set (by props or the chart). */
  public abstract readonly namespace?: string;

  /**
   * @param scope the parent construct
   * @param id the construct id
   */
  protected constructor(scope: Construct, id: string) {
    super(scope, id);
    checkUniqueNames(this);
  }

  /**
   * Selects this construct's pods, in its namespace when one is set.
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LabelSelector } = require('cdk8s-plus-28') as typeof kplus;
    return {
      labelSelector: LabelSelector.of({ labels: { ...this.selectorLabels } }),
      ...(this.namespace === undefined ? {} : { namespaces: { names: [this.namespace] } }),
    };
  }

  /** These pods as a network policy peer. */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /**
   * This construct itself: it selects pods. (Typed as `kplus.INetworkPolicyPeer` declares it,
   * with `undefined`, which the jsii bindings need; it is never undefined here.)
   */
  public toPodSelector(): kplus.IPodSelector | undefined {
    return this;
  }
}
