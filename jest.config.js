/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Property tests and the strict schema validator spawn processes; give them room on 2 cores.
  testTimeout: 60000,
  // Snapshots are pinned whole outputs, reviewed by hand when they change.
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
