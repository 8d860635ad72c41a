/**
 * NetworkPolicy peers as data, for the Pulumi component package: a kind and its parameters
 * instead of a `NetworkPeer` instance, which other languages cannot build.
 */
import { NetworkPeer } from '../../core/network-policy';
import * as validate from '../../core/validate';
import { checkKindParameters, KindParameter } from './data';

/** Which clients a peer admits (the `NetworkPeer` factory of the same name). */
export enum NetworkPeerKind {
  /** Every pod in the policy's namespace (`NetworkPeer.sameNamespace`). */
  SAME_NAMESPACE = 'sameNamespace',
  /** Every pod in every namespace (`NetworkPeer.anyNamespace`). */
  ANY_NAMESPACE = 'anyNamespace',
  /** Every pod in the namespaces `namespaces` (`NetworkPeer.namespaces`). */
  NAMESPACES = 'namespaces',
  /**
   * The pods with all of `podLabels`, in the namespaces with all of `namespaceLabels`, or in the
   * policy's namespace without them (`NetworkPeer.podsWithLabels`). Another component's
   * pods: its `selectorLabels` output.
   */
  PODS = 'pods',
  /** Addresses in `cidr`, but not in `except` (`NetworkPeer.ipBlock`). */
  IP_BLOCK = 'ipBlock',
}

/**
 * A NetworkPolicy peer as plain data. Each parameter belongs to one kind, which requires it
 * (`namespaceLabels` and `except` are optional).
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
 */
export interface NetworkPeerSpec {
  /** The kind of peer. */
  readonly kind: NetworkPeerKind;
  /** `namespaces` only: namespace names (DNS-1123 labels). */
  readonly namespaces?: string[];
  /** `pods` only: the pods' labels, all of which must match. */
  readonly podLabels?: { [key: string]: string };
  /**
   * `pods` only: the namespaces' labels, all of which must match.
   * @default - the policy's own namespace
   */
  readonly namespaceLabels?: { [key: string]: string };
  /** `ipBlock` only: an IPv4 or IPv6 block, e.g. `10.20.0.0/16`. */
  readonly cidr?: string;
  /**
   * `ipBlock` only: blocks inside `cidr` to leave out.
   * @default []
   */
  readonly except?: string[];
}

/** Each parameter, the kind it belongs to, and whether that kind requires it. */
const PARAMETERS: ReadonlyArray<KindParameter<NetworkPeerSpec>> = [
  ['namespaces', [NetworkPeerKind.NAMESPACES], true],
  ['podLabels', [NetworkPeerKind.PODS], true],
  ['namespaceLabels', [NetworkPeerKind.PODS], false],
  ['cidr', [NetworkPeerKind.IP_BLOCK], true],
  ['except', [NetworkPeerKind.IP_BLOCK], false],
];

/**
 * The peer that `args` describes.
 * @param scope the component's name; @param prop the prop's name, for error messages
 * @throws ValidationError when the kind is unknown, or a parameter is missing or given to another kind
 */
export function networkPeerFromSpec(scope: string, prop: string, args: NetworkPeerSpec): NetworkPeer {
  const given = validate.record(scope, prop, args);
  validate.knownKeys(scope, prop, given, ['kind', ...PARAMETERS.map(([param]) => param)]);
  const kind = validate.oneOf(scope, `${prop}.kind`, given.kind, NetworkPeerKind);
  checkKindParameters(scope, prop, given, 'kind', kind, PARAMETERS);
  switch (kind) {
    case NetworkPeerKind.SAME_NAMESPACE:
      return NetworkPeer.sameNamespace();
    case NetworkPeerKind.ANY_NAMESPACE:
      return NetworkPeer.anyNamespace();
    case NetworkPeerKind.NAMESPACES:
      return NetworkPeer.namespaces(...validate.stringList(scope, `${prop}.namespaces`, given.namespaces!));
    case NetworkPeerKind.PODS:
      return NetworkPeer.podsWithLabels(given.podLabels!, given.namespaceLabels);
    case NetworkPeerKind.IP_BLOCK:
      return NetworkPeer.ipBlock(given.cidr!, given.except);
  }
}
