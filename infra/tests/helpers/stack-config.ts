import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PROJECT } from '../../src/config';

const ROOT = new URL('../../../', import.meta.url);

interface ProjectFile {
  config?: Record<string, { default?: unknown }>;
}

interface StackFile {
  config?: Record<string, unknown>;
}

/** A config value as the Pulumi CLI hands it to the program: strings as is, the rest as JSON. */
const asConfigString = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The config map the Pulumi CLI would give the program for a stack: the defaults declared in
 * Pulumi.yaml, overlaid with Pulumi.<stage>.yaml, keys as `namespace:key`.
 */
export function stackConfigValues(stage: string): Record<string, string> {
  const project = parse(readFileSync(new URL('Pulumi.yaml', ROOT), 'utf8')) as ProjectFile;
  const stack = parse(readFileSync(new URL(`Pulumi.${stage}.yaml`, ROOT), 'utf8')) as StackFile;
  const values: Record<string, string> = {};
  for (const [name, declaration] of Object.entries(project.config ?? {})) {
    if (declaration.default !== undefined) values[`${PROJECT}:${name}`] = asConfigString(declaration.default);
  }
  for (const [name, value] of Object.entries(stack.config ?? {})) values[name] = asConfigString(value);
  return values;
}
