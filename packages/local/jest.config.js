import { jestConfig } from '@rez-agent/testing/jest-preset';

// No shared DynamoDB: every sandbox a test starts brings its own DynamoDB Local.
export default jestConfig(import.meta.dirname, { testTimeout: 120_000 });
