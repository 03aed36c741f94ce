import { readFileSync } from 'node:fs';
import { ACCOUNT_ID, REGION } from './run-program';
import type { PolicyStatement } from './resources';

export const REPOSITORY = 'acme/rez-agent';
export const STATE_BUCKET = 'acme-rez-agent-state';

export interface PolicyDocument {
  Statement: (PolicyStatement & { NotResource?: string | string[] })[];
}

/** One of infra/setup/*.json with its placeholders filled in, as the README's `render` does. */
export function renderSetup(file: string, stage: string, environment = stage): PolicyDocument {
  const text = readFileSync(new URL(`../../setup/${file}`, import.meta.url), 'utf8')
    .replaceAll('<account-id>', ACCOUNT_ID)
    .replaceAll('<region>', REGION)
    .replaceAll('<owner>/<repo>', REPOSITORY)
    .replaceAll('<state-bucket>', STATE_BUCKET)
    .replaceAll('<stage>', stage)
    .replaceAll('<environment>', environment);
  return JSON.parse(text) as PolicyDocument;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM's wildcard match: `*` any run of characters, `?` one; actions ignore case. */
export function iamMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

const covers = (statement: PolicyDocument['Statement'][number], action: string, resource: string): boolean =>
  list(statement.Action).some((pattern) => iamMatch(pattern, action, true)) &&
  (statement.NotResource !== undefined
    ? !list(statement.NotResource).some((pattern) => iamMatch(pattern, resource))
    : list(statement.Resource).some((pattern) => iamMatch(pattern, resource)));

/** The Allow statements that grant `action` on `resource` (conditions are the caller's to check). */
export const grantsOf = (document: PolicyDocument, action: string, resource: string) =>
  document.Statement.filter((statement) => statement.Effect === 'Allow' && covers(statement, action, resource));

export const denies = (document: PolicyDocument, action: string, resource: string): boolean =>
  document.Statement.some((statement) => statement.Effect === 'Deny' && covers(statement, action, resource));

/** Allowed by some statement (conditions aside) and denied by none. */
export const allows = (document: PolicyDocument, action: string, resource: string): boolean =>
  grantsOf(document, action, resource).length > 0 && !denies(document, action, resource);

/**
 * Allowed for a request carrying `context` (e.g. `aws:RequestTag/stage`): some grant's
 * `StringEquals` condition holds for it (a key the request lacks fails), and no statement denies.
 */
export const allowsWith = (document: PolicyDocument, action: string, resource: string, context: Record<string, string>): boolean =>
  grantsOf(document, action, resource).some((statement) =>
    Object.entries(statement.Condition?.StringEquals ?? {}).every(([key, expected]) => list(expected).includes(context[key] ?? '')),
  ) && !denies(document, action, resource);
