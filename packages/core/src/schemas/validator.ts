import type { ErrorObject } from 'ajv';

/** A validation function generated at build time (see compile.ts). */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
