/**
 * `npm run test:pods`: the presets' containers run for real, under a real kubelet with containerd
 * and runc, on a one-node cluster (test/pods/). Global setup builds (once, cached) the node
 * binaries and images and starts the cluster; global teardown stops it.
 * @type {import('jest').Config}
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/pods'],
  testMatch: ['**/*.pods.ts'],
  globalSetup: '<rootDir>/test/pods/global-setup.ts',
  globalTeardown: '<rootDir>/test/pods/global-teardown.ts',
  testTimeout: 600000,
  maxWorkers: 1,
};
