export * from './pod-selector';
export * from './stateful-database';
export * from './stateless-web';
