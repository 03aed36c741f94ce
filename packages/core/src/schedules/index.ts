export * from './definition';
export * from './target-input';
export { nextRuns, schedulePeriodSeconds } from './expression';
