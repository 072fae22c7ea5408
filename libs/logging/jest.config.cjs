const preset = require('../../jest.preset.cjs');

module.exports = {
  displayName: 'logging',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: { ...preset.transform, '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
};
