/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 60_000,
  globalSetup: '<rootDir>/__tests__/environments/scratch-setup.mjs',
  globalTeardown: '<rootDir>/__tests__/environments/scratch-teardown.mjs',
  reporters: ['default', '<rootDir>/__tests__/reporters/end-of-run.mjs'],
};
