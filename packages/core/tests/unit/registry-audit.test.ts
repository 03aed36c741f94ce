import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEV_NAMES } from '@rez-agent/testing';
import { ENV_VARS, FUNCTIONS, FUNCTION_NAMES, REDACTED_PATHS, TICK_SCHEDULE_NAME, stageNames } from '../../src/index';

// The "done when": names, sizes and variable names of what is deployed are written only
// in the registry (deployment.ts, config.ts); everything else reads them. This keeps it true.

const root = join(import.meta.dirname, '..', '..', '..', '..');
const REGISTRY = ['packages/core/src/deployment.ts', 'packages/core/src/config.ts'];

/** Deployed and shipped code: what the stack, the sandbox, the bundler and the benches run. */
function sources(): string[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'packages', 'infra/src', 'scripts'], {
    cwd: root,
    encoding: 'utf8',
  }).split('\n');
  return files.filter(
    (file) =>
      /\.(ts|mts|js|mjs)$/.test(file) &&
      /^(packages\/[^/]+\/(src|bench|scripts)\/|infra\/src\/|scripts\/)/.test(file) &&
      !file.includes('/generated/') &&
      !REGISTRY.includes(file),
  );
}

const envNames = Object.keys(ENV_VARS).join('|');

/** What must not be written outside the registry; each exception names its file and why it is no second copy. */
const LITERALS: { what: string; pattern: RegExp; allowed: Record<string, string> }[] = [
  {
    what: 'a rez-agent- resource name',
    pattern: /rez-agent-(dev|prod|staging|local|messages|\$\{)/,
    allowed: {
      'packages/testing/src/events/names.ts': 'the test events’ defaults; testing cannot import core, so a test below pins them to the registry',
    },
  },
  {
    what: 'a function size',
    pattern: /\b(memoryMb|memorySize|timeoutSeconds)\s*[:=]\s*\d/,
    allowed: {
      'packages/emulators/src/lambda/context.ts': 'a context’s size when the caller names none (tests); the sandbox passes the registry’s',
    },
  },
  {
    what: 'an env var name',
    pattern: new RegExp(`(['"\`](${envNames})['"\`]|\\b(${envNames})\\s*:)`),
    allowed: {
      'packages/core/src/logger.ts': 'redaction paths for the plain secrets, pinned to ENV_VARS by a test below',
      'infra/src/components/functions.ts': 'the stack’s environment, keys typed by core’s EnvVarName (the compiler refuses an unknown name)',
      'infra/src/config.ts': 'maps Pulumi keys to core’s parsers, typed by EnvVarName',
      'packages/local/src/function-environment.ts': 'the sandbox’s environment, typed over what its functions read',
      'packages/local/src/settings.ts': 'reads the sandbox’s variables through core’s parsers, typed by EnvVarName',
      'packages/local/bench/e2e.bench.ts': 'sets the sandbox’s NTFY_URL and LOG_LEVEL as a user would',
      'packages/local/bench/lateness.bench.ts': 'sets the sandbox’s NTFY_URL and LOG_LEVEL as a user would',
      'packages/cli/src/settings.ts': 'the rez CLI’s own variables (a client, not deployed); REZ_API_TOKEN is the token it sends',
      'scripts/bench-cold-init.mjs': 'dummy values for the bundles’ init; it refuses a name no function in the registry reads',
    },
  },
];

describe('the registry is the only place names, sizes and variables of what is deployed are written', () => {
  it.each(LITERALS)('no source outside the registry and its allowed exceptions holds $what', ({ pattern, allowed }) => {
    const found = sources()
      .filter((file) => !(file in allowed))
      .flatMap((file) =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .flatMap((line, index) => (pattern.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(found).toEqual([]);
  });

  it('finds what it looks for (the check can fail)', () => {
    const [names, sizes, variables] = LITERALS.map(({ pattern }) => pattern) as [RegExp, RegExp, RegExp];
    expect(["queue: 'rez-agent-dev-processor'", '`rez-agent-${stage}`'].every((line) => names.test(line))).toBe(true);
    expect(['memorySize: 512', 'timeoutSeconds = 30'].every((line) => sizes.test(line))).toBe(true);
    expect(["env['NTFY_URL']", 'DYNAMODB_TABLE_NAME: name'].every((line) => variables.test(line))).toBe(true);
    expect(['a NTFY_URL_LIKE name', 'rez-agent-tests/1.0'].some((line) => names.test(line) || variables.test(line))).toBe(false);
  });

  it('allows only files that exist', () => {
    const all = new Set(sources());
    expect(LITERALS.flatMap(({ allowed }) => Object.keys(allowed)).filter((file) => !all.has(file))).toEqual([]);
  });

  it('gives the test events the registry’s dev names (the testing package cannot import core)', () => {
    const dev = stageNames('dev');
    expect({ table: DEV_NAMES.table, topic: DEV_NAMES.topic, queue: DEV_NAMES.queue, tickSchedule: DEV_NAMES.tickSchedule }).toEqual({
      table: dev.table,
      topic: dev.topic,
      queue: dev.queue,
      tickSchedule: dev.resource(TICK_SCHEDULE_NAME),
    });
    expect(DEV_NAMES.function).toEqual(Object.fromEntries(FUNCTION_NAMES.map((fn) => [fn, dev.function(fn)])));
  });

  it('redacts exactly the plain secrets the registry marks as set only locally', () => {
    const plainSecrets = Object.entries(ENV_VARS).flatMap(([name, spec]) => ('setBy' in spec && spec.setBy === 'local' ? [name] : []));
    const redactedVariables = REDACTED_PATHS.filter((path) => /^(\*\.)?[A-Z_]+$/.test(path));
    expect(redactedVariables.sort()).toEqual(plainSecrets.flatMap((name) => [name, `*.${name}`]).sort());
  });
});

describe('every function package has the same skeleton', () => {
  const SKELETON = ['src/handler.ts', 'src/make-handler.ts', 'src/dependencies.ts', 'src/types.ts', 'tests/unit/', 'tests/integration/'];
  const packages = [...new Set(FUNCTION_NAMES.map((fn) => FUNCTIONS[fn].package))];
  const tracked = new Set(sources().concat(execFileSync('git', ['ls-files', 'packages'], { cwd: root, encoding: 'utf8' }).split('\n')));

  it.each(packages)('packages/%s has handler, make-handler, dependencies, types and unit and integration tests', (pkg) => {
    const missing = SKELETON.filter((part) => {
      const path = `packages/${pkg}/${part}`;
      return part.endsWith('/') ? ![...tracked].some((file) => file.startsWith(path) && file.endsWith('.test.ts')) : !tracked.has(path);
    });
    expect(missing).toEqual([]);
  });

  it.each(packages)('packages/%s builds its handler as handler = makeHandler(buildDependencies()), with buildDependencies(env, io?)', (pkg) => {
    const read = (file: string) => readFileSync(join(root, 'packages', pkg, 'src', file), 'utf8');
    expect(read('handler.ts')).toMatch(/export const handler\b[^=]*= makeHandler\(buildDependencies\(\)\)/);
    expect(read('make-handler.ts')).toMatch(/export function makeHandler\(deps: /);
    expect(read('dependencies.ts')).toMatch(/export function buildDependencies\(env: NodeJS\.ProcessEnv = process\.env, io: \w+ = \{\}\)/);
  });

  it('knows every package with a Lambda handler from the registry', () => {
    const withHandler = [...tracked].filter((file) => /^packages\/[^/]+\/src\/handler\.ts$/.test(file)).map((file) => file.split('/')[1]);
    expect(withHandler.sort()).toEqual([...packages].sort());
  });
});
