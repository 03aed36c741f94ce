export * from './definition';
export * from './target-input';
export { expressionProblem, nextRuns, schedulePeriodSeconds } from './expression';
