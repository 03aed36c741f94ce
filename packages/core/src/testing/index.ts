// Test-only helpers (`@rez-agent/core/testing`): oracles that tests compare the real code with.
// Lint keeps them out of every src/ folder, so no deployed bundle carries them.
export { applyTransition } from './apply-transition';
export { tallyMessages } from './tally';
export { ContractChecker, ContractRecorder, type Exchange } from './contract-checker';
export { startContractProxy, type ContractProxy } from './contract-proxy';
