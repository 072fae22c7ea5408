// Unit tests for the Angular admin app: jest-preset-angular (CommonJS), jsdom, zoneless test bed.
const { createCjsPreset } = require('jest-preset-angular/presets');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('../../tsconfig.base.json');

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'admin',
  rootDir: '.',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/../../' }),
  reporters: ['default', '<rootDir>/../../tools/jest-summary-reporter.cjs'],
  coverageDirectory: '../../coverage/apps/admin',
  coverageReporters: ['text-summary', 'html'],
};
