export * from './message';
export * from './clock';
export * from './factory';
export * from './state-machine';
export * from './delivery-time';
export * from './attempt';
export * from './metric-deltas';
