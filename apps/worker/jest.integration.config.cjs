const preset = require('../../jest.preset.cjs');

// Integration tests: the real API over HTTP against real PostgreSQL and Redis (a database of their own).
module.exports = {
  displayName: 'worker-integration',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
  testMatch: ['<rootDir>/test/integration/**/*.integration-spec.ts'],
  transform: { ...preset.transform, '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  globalSetup: '<rootDir>/../../libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest-global-teardown.ts',
  testTimeout: 180000,
};
