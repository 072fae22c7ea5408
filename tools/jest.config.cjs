const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('../tsconfig.base.json');
const preset = require('../jest.preset.cjs');

module.exports = {
  displayName: 'tools',
  preset: '../jest.preset.cjs',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // The preset's paths are written from two levels down (libs/x, apps/x); tools/ is one level down.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/../' }),
  reporters: ['default', '<rootDir>/jest-summary-reporter.cjs'],
  transform: { ...preset.transform, '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
};
