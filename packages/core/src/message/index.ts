export * from './message';
export * from './clock';
export * from './factory';
export * from './state-machine';
