// One flat config for the whole workspace; every package runs `eslint . --max-warnings 0`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dependency rule, enforced here rather than by discipline: functions → core only; local →
 * core, emulators and the functions' bundles; infra → core (and the bundles, as files); core →
 * nothing of ours; test-only code (`@rez-agent/testing`, `@rez-agent/core/testing`) → tests only.
 * packages/testing/tests/unit/dependency-rule.test.ts proves each ban bites.
 */
const FUNCTIONS = ['scheduler', 'processor', 'webapi', 'stream'];
const TEST_ONLY = { group: ['@rez-agent/testing', '@rez-agent/testing/*', '@rez-agent/core/testing'], message: 'test-only code: import it from tests only' };
/** A relative path out of one package into another's files, e.g. `../../processor/src/x`. */
const INTO_ANOTHER_PACKAGE = { regex: '^(\\.\\./)+(packages/)?(core|testing|emulators|local|console|cli|scheduler|processor|webapi|stream)/', message: 'import another package by its name, never by a path into its files' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const onlyCore = { group: ['@rez-agent/*', '!@rez-agent/core'], message: 'a function depends on @rez-agent/core only' };

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.turbo/**', '**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/tests/**', '**/bench/**', '**/scripts/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  // The dependency rule (see the top of this file). Later blocks replace earlier ones per file.
  { files: ['packages/*/src/**', 'infra/src/**', 'infra/index.ts'], rules: restrict(TEST_ONLY, INTO_ANOTHER_PACKAGE) },
  { files: FUNCTIONS.map((fn) => `packages/${fn}/src/**`), rules: restrict(TEST_ONLY, INTO_ANOTHER_PACKAGE, onlyCore) },
  {
    files: FUNCTIONS.map((fn) => `packages/${fn}/tests/**`),
    rules: restrict(INTO_ANOTHER_PACKAGE, { group: FUNCTIONS.map((fn) => `@rez-agent/${fn}*`), message: 'a function’s tests use its own sources, not another function' }),
  },
  { files: ['packages/core/src/**'], rules: restrict(TEST_ONLY, INTO_ANOTHER_PACKAGE, { group: ['@rez-agent/*'], message: 'core depends on no other package of ours' }) },
  {
    files: ['packages/local/src/**', 'infra/src/**', 'infra/index.ts'],
    rules: restrict(TEST_ONLY, INTO_ANOTHER_PACKAGE, {
      regex: `^@rez-agent/(${FUNCTIONS.join('|')})(?!/bundle$)(/.*)?$`,
      message: 'use a function only through its deployed bundle (`@rez-agent/<fn>/bundle`)',
    }),
  },
  // The helpers core's own tests use cannot depend on core (a workspace cycle): core's parts are handed in.
  { files: ['packages/testing/src/**'], rules: restrict(INTO_ANOTHER_PACKAGE, { group: ['@rez-agent/core', '@rez-agent/core/*'], message: 'packages/testing must not depend on core (core’s tests use it)' }) },
);
