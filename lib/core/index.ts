/**
 * The framework-free core: props in, validated and defaulted plain Kubernetes objects out.
 * No cdk8s and no Pulumi here, so both adapters produce identical objects.
 */
export * from './access-mode';
export * from './backup';
export * from './claims';
export { DATA_FORMAT_ANNOTATION, DATA_UPGRADE_ANNOTATION } from './data-format';
export { PEER_AUTHENTICATION_ANNOTATION } from './peer-authentication';
export * from './disruption-budget';
export * from './dns';
export * from './engines';
export * from './env';
export * from './errors';
export * from './immutable-fields';
export * from './containers';
export * from './labels';
export * from './metrics';
export * from './network-policy';
export * from './object-size';
export * from './probe';
export * from './quantity';
export * from './resources';
export * from './scheduling';
export * from './security';
export * from './service';
export * from './stateful-database';
export * from './stateless-web';
export * from './volumes';
export * from './workload';
export * from './tls';
