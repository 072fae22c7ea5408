// Shared Jest settings for the Node-side projects (ts-jest, transpile-only: `typecheck` targets run tsc).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

// Packages published as ES modules only; Jest's CommonJS runtime needs them transformed.
const ESM_ONLY = ['@nestjs/bullmq', '@nestjs/bull-shared'];

module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/../../' }),
  transformIgnorePatterns: [`node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  transform: {
    '^.+\\.js$': [
      'ts-jest',
      {
        tsconfig: {
          allowJs: true,
          module: 'commonjs',
          target: 'es2022',
          isolatedModules: true,
          esModuleInterop: true,
          ignoreDeprecations: '6.0',
        },
      },
    ],
  },
  reporters: ['default', '<rootDir>/../../tools/jest-summary-reporter.cjs'],
  coverageReporters: ['text-summary', 'html'],
};
