import { jestConfig } from '@rez-agent/testing/jest-preset';

// Unit tests only: the console is driven in a real browser by packages/browser-tests.
export default jestConfig(import.meta.dirname);
