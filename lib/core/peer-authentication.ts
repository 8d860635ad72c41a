/**
 * The members of a quorum (a ZooKeeper ensemble, a Kafka KRaft cluster, a MongoDB replica set)
 * authenticate each other, and a member whose setting differs from the others' cannot reach them:
 * a rolling update that changes it stops at the first restarted pod, or (MongoDB, whose members
 * with TLS cannot replicate from a primary without it) leaves the secondaries behind while the
 * primary still acknowledges writes it may later roll back. An engine preset records the setting
 * on the StatefulSet, and the planner (`kube-patterns plan`) turns a change of it into a
 * migration that restarts every pod at once after the apply.
 */

/**
 * The StatefulSet annotation recording how the members authenticate each other: `sasl` or
 * `none`, for Kafka with `tls` (whose brokers then reach each other on another listener)
 * `sasl+tls` or `tls`, and for MongoDB `tls` (its members reach each other over TLS) or `none`.
 * A live StatefulSet without it (made before kube-patterns recorded it) is read as `none`.
 */
export const PEER_AUTHENTICATION_ANNOTATION = 'kube-patterns.io/peer-authentication';

/**
 * The live setting: the annotation's value, `none` when absent.
 * @internal
 */
export function livePeerAuthentication(annotations: { readonly [key: string]: string } | undefined): string {
  return annotations?.[PEER_AUTHENTICATION_ANNOTATION] ?? 'none';
}
