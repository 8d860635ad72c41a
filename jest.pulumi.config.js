/**
 * `npm run test:pulumi`: the Pulumi components on the real Pulumi engine, Node language host and
 * Kubernetes provider, against the integration suite's real control plane (test/pulumi-up/).
 * Global setup builds the toolchain (once, cached) and starts the cluster, or marks the suite
 * skipped, in one line, when the toolchain is absent and cannot be built.
 * @type {import('jest').Config}
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/pulumi-up'],
  testMatch: ['**/*.pulumi.ts'],
  globalSetup: '<rootDir>/test/pulumi-up/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  testTimeout: 900000,
  maxWorkers: 1,
};
