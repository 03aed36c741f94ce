/** One bad input as the API names it: a body field by JSON Pointer, or a header / query parameter by name. */
export interface ProblemFieldError {
  pointer?: string;
  field?: string;
  detail: string;
}

/** An RFC 9457 problem details document, as the API answers errors. */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/** Every failure the CLI reports on purpose: one line on stderr and `exitCode`. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly exitCode: number = 1;
}

/** A flag or argument the CLI itself refuses before calling the API. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
}

/** The API answered with an error status; `problem` is its problem+json body when it sent one. */
export class ApiProblemError extends CliError {
  override readonly name = 'ApiProblemError';
  constructor(
    readonly status: number,
    readonly problem: ProblemDocument | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** No answer at all: the API is down, the URL is wrong, or the request timed out. */
export class UnreachableError extends CliError {
  override readonly name = 'UnreachableError';
}
