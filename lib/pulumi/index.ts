/**
 * kube-patterns for Pulumi (`kube-patterns/pulumi`): `StatefulDatabase` and `StatelessWeb` as
 * `pulumi.ComponentResource`s creating typed `@pulumi/kubernetes` resources, built from the same
 * core as the cdk8s constructs, so both produce the same Kubernetes objects.
 */
export * from '../core';
export type { PulumiWorkloadArgs } from './inputs';
export * from './stateful-database';
export * from './stateless-web';
