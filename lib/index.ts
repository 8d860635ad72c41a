/**
 * kube-patterns for cdk8s: `StatefulDatabase` and `StatelessWeb` constructs, their props, and the
 * framework-free core they are built on. Loads no Pulumi module; the Pulumi components live in
 * `kube-patterns/pulumi`.
 */
export * from './core';
export * from './cdk8s';
