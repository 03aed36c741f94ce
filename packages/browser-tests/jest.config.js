import { jestConfig } from '@rez-agent/testing/jest-preset';

// One sandbox and one browser per file; files run one at a time (each sandbox brings its own
// DynamoDB Local JVM and the machine may have two cores).
export default { ...jestConfig(import.meta.dirname, { testTimeout: 120_000 }), maxWorkers: 1 };
