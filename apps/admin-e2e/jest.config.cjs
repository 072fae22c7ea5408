const preset = require('../../jest.preset.cjs');
const { register } = require('tsconfig-paths');
const { join } = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

// globalSetup runs outside Jest's module mapper: resolve the @taizhang/* aliases there too.
register({ baseUrl: join(__dirname, '../..'), paths: compilerOptions.paths });

// End-to-end: the built API, worker and admin app as real processes, driven in Debian's Chromium;
// every spec file in a world of its own (src/support/world.ts).
module.exports = {
  displayName: 'admin-e2e',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  transform: { ...preset.transform, '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/src/support/world-hooks.ts'],
  testTimeout: 120000,
  // one spec at a time, however many cores: every world's API listens on E2E_API_PORT, and the admin server
  // started by global setup proxies to whichever world is up (a second worker would fail on the busy port)
  maxWorkers: 1,
};
