/**
 * The Pulumi component package's components (`pulumi-package/`): StatefulDatabase and
 * StatelessWeb with args as plain data, for Pulumi YAML, Python, Go, .NET and Java programs.
 */
export * from './container-spec';
export * from './engine-spec';
export * from './network-peer-spec';
export * from './probe-spec';
export * from './volume-spec';
export * from './workload-args';
export * from './stateful-database';
export * from './stateless-web';
export * from './provider';
