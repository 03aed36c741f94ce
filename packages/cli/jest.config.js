import { jestConfig } from '@rez-agent/testing/jest-preset';

// No shared DynamoDB: the e2e tests start one sandbox (with its own DynamoDB Local) per file.
export default jestConfig(import.meta.dirname, { testTimeout: 120_000 });
