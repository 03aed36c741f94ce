export * from './definition';
export * from './schedule';
export * from './tick';
export { checkTimezone, expressionProblem, nextRuns, schedulePeriodSeconds, type ScheduleTiming } from './expression';
export { dueOccurrence, nextOccurrence, type DueOccurrence } from './occurrences';
