/**
 * `npm run test:cluster`: the integration suite against a real control plane (test/cluster/).
 * Global setup builds (once, cached) and starts the cluster; global teardown stops it.
 * @type {import('jest').Config}
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster.ts'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  testTimeout: 300000,
  maxWorkers: 1,
};
