import { ApiProblem } from '../api/problem';

/** What went wrong with the last call, in words, announced to screen readers. */
export function ProblemBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiProblem ? `${error.problem.title ?? 'Error'} (${error.status}): ${error.message}` : error instanceof Error ? error.message : 'Something went wrong';
  return <p class="problem" role="alert">{text}</p>;
}
