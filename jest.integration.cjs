// Integration tests of a Node app (apps/<app>/jest.integration.config.cjs): the real thing against real
// PostgreSQL and Redis, in a database of the run's own (libs/testing's global setup and teardown).
const preset = require('./jest.preset.cjs');

/** The Jest config of `apps/<app>/test/integration/**`, for a config file in `apps/<app>/` (`options` override). */
module.exports = (displayName, options = {}) => ({
  displayName,
  preset: '../../jest.preset.cjs',
  rootDir: '.',
  testMatch: ['<rootDir>/test/integration/**/*.integration-spec.ts'],
  transform: { ...preset.transform, '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  globalSetup: '<rootDir>/../../libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest-global-teardown.ts',
  testTimeout: 60000,
  ...options,
});
