/** One bad input as the API names it: a body field by JSON Pointer (`#/payload`) or a parameter by name. */
export type FieldError = { pointer: string; detail: string } | { field: string; detail: string };

/** An RFC 9457 problem+json answer of the API. */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** A failed API call: its status and the API's problem document (or one made up for a network failure). */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';

  constructor(readonly problem: ProblemDocument) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }

  get status(): number {
    return this.problem.status;
  }

  /**
   * The detail of each bad field, keyed by the top-level field it is about (`#/tags/2` →
   * `tags`); with `under` (`/message`), by the fields of that object instead.
   */
  fieldErrors(under = ''): Record<string, string> {
    return fieldErrorsOf(this.problem.errors ?? [], under);
  }
}

/** Field errors keyed by their top-level field (below `under`): what a form shows beside each input. */
export function fieldErrorsOf(errors: readonly FieldError[], under = ''): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const error of errors) {
    if ('pointer' in error && under && !error.pointer.startsWith(`#${under}/`)) continue;
    if (!('pointer' in error) && under) continue;
    const name = 'pointer' in error ? topLevelField(error.pointer.slice(under.length)) : error.field;
    byField[name] = byField[name] ? `${byField[name]}; ${error.detail}` : error.detail;
  }
  return byField;
}

/** `#/message/tags/0` → `message`; `#` (the whole body) → `body`. JSON Pointer escapes undone. */
function topLevelField(pointer: string): string {
  const [first] = pointer.replace(/^#/, '').split('/').slice(1);
  return first ? first.replaceAll('~1', '/').replaceAll('~0', '~') : 'body';
}
