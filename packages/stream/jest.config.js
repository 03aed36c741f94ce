import { jestConfig } from '@rez-agent/testing/jest-preset';

export default jestConfig(import.meta.dirname, { dynamodb: true });
