// The one jest setup every package uses: ESM + ts-jest (fauxqs is ESM-only), tests under
// tests/, a per-package result summary for the root `npm test` line, and, when asked for,
// one DynamoDB Local for the whole run (each test file then creates its own table).
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * @param {string} rootDir the package folder (pass `import.meta.dirname`)
 * @param {{ dynamodb?: boolean, testTimeout?: number }} [options]
 * @returns {import('jest').Config}
 */
export function jestConfig(rootDir, options = {}) {
  return {
    rootDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { isolatedModules: true }, diagnostics: false }],
    },
    testMatch: ['<rootDir>/tests/**/*.test.ts'],
    testTimeout: options.testTimeout ?? 30_000,
    ...(options.dynamodb
      ? { globalSetup: here('./src/dynamodb-global-setup.js'), globalTeardown: here('./src/dynamodb-global-teardown.js') }
      : {}),
    reporters: ['default', [here('./src/summary-reporter.js'), {}]],
    // Workers recycle when heavy (DynamoDB/SDK clients, the SNS/SQS emulator) to keep memory flat.
    workerIdleMemoryLimit: '512MB',
    maxWorkers: process.env.CI ? 2 : '50%',
  };
}
