export { PROJECT, StackConfigError, parseStackConfig, type RawStackConfig, type StackConfig } from './config';
export { createStack, type StackOutputs, type StackSecrets } from './stack';
export { bundlePath } from './components/functions';
export { visibilityTimeoutFor } from './config';
export { MISSED_TICK_MINUTES } from './components/monitoring';
export { XRAY_SID } from './iam';
