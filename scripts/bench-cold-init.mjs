#!/usr/bin/env node
// Cold-init benchmark of one Lambda bundle (run from its package folder, after `build`): the
// bundle's size (dist/<entry>.mjs, as core's registry says), and how long a fresh Node process
// takes from its start until the bundle's import is done, beside a floor measured in the same run:
// a bundle built the same way
// (scripts/bundle-function.mjs) that only constructs the AWS SDK clients the function uses.
// Goal: init ≤ 1.25 × floor. Runs alternate function/floor so drift hits both alike.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FUNCTIONS, FUNCTION_NAMES, functionsOfPackage, stageNames } from '../packages/core/src/deployment.ts';

const GOAL = 1.25;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** The SDK clients each function constructs at init (what the floor constructs too). */
const CLIENTS = {
  dynamodb: {
    imports: [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    ],
    construct: 'DynamoDBDocumentClient.from(new DynamoDBClient({ region }))',
  },
  sns: { imports: ["import { SNSClient } from '@aws-sdk/client-sns';"], construct: 'new SNSClient({ region })' },
  ssm: { imports: ["import { SSMClient } from '@aws-sdk/client-ssm';"], construct: 'new SSMClient({ region })' },
};

/** The SDK clients each function constructs at init, by core's function names. */
const FUNCTION_CLIENTS = {
  scheduler: ['dynamodb', 'sns'],
  processor: ['dynamodb', 'ssm'],
  webapi: ['dynamodb', 'sns', 'ssm'],
  stream: ['dynamodb'],
};

const names = stageNames('dev');
/** Dummy values for the variables the functions read (names from core's registry): init must not need real ones. */
const DUMMY_VALUES = {
  STAGE: 'dev',
  AWS_REGION: 'us-east-1',
  DYNAMODB_TABLE_NAME: names.table,
  SNS_TOPIC_ARN: `arn:aws:sns:us-east-1:123456789012:${names.topic}`,
  SQS_QUEUE_URL: `https://sqs.us-east-1.amazonaws.com/123456789012/${names.queue}`,
  NTFY_URL: 'https://ntfy.example.com/bench',
  NTFY_TOKEN_PARAMETER: names.parameter('ntfy-token'),
  REZ_API_TOKEN_PARAMETER: names.parameter('api-token'),
  // Sign-in on, as deployed: the webapi builds its (lazy) JWKS client at init.
  OIDC_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_bench',
  OIDC_CLIENT_ID: 'bench-console-client',
  LOG_LEVEL: 'info',
};
const read = new Set(['STAGE', ...FUNCTION_NAMES.flatMap((fn) => FUNCTIONS[fn].environment)]);
const unknown = Object.keys(DUMMY_VALUES).filter((variable) => !read.has(variable));
if (unknown.length) {
  console.error(`bench-cold-init: no function in packages/core/src/deployment.ts reads ${unknown.join(', ')}`);
  process.exit(1);
}
const DUMMY_ENV = {
  ...DUMMY_VALUES,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  // Keep the machine's own AWS profile out of the measurement.
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
};

const cwd = process.cwd();
const [functionName, ...others] = functionsOfPackage(basename(cwd));
const clients = FUNCTION_CLIENTS[functionName];
if (!clients || others.length) {
  console.error(`bench-cold-init: run me from the package of one function of packages/core/src/deployment.ts, not ${cwd}`);
  process.exit(1);
}
const bundle = join(cwd, 'dist', `${FUNCTIONS[functionName].entry}.mjs`);
try {
  statSync(bundle);
} catch {
  console.error(`bench-cold-init: ${bundle} is missing; run the package's build first`);
  process.exit(1);
}
const bundler = join(dirname(fileURLToPath(import.meta.url)), 'bundle-function.mjs');

/**
 * The floor: a handler.ts that only constructs the clients, bundled by the same script as the
 * function. It lives under the package's node_modules so its imports resolve to the same SDK.
 */
function buildFloor() {
  const dir = join(cwd, 'node_modules', '.cache', 'bench-cold-init-floor');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  const source = [
    ...clients.flatMap((client) => CLIENTS[client].imports),
    "const region = process.env.AWS_REGION ?? 'us-east-1';",
    `const clients = [${clients.map((client) => CLIENTS[client].construct).join(', ')}];`,
    'export const handler = async () => clients.length;',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'src', 'handler.ts'), source);
  execFileSync(process.execPath, [bundler, 'src/handler.ts'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return { dir, bundle: join(dir, 'dist', 'index.mjs') };
}

// Runs in the child: performance.now() counts from the process's time origin (its start), and
// process.cpuUsage() is the CPU the process used since it started: on a busy machine the wall
// time swings with other work, the CPU time much less, so both are reported.
const CHILD = `
const before = performance.now();
const module = await import(process.argv[1]);
const done = performance.now();
const cpu = process.cpuUsage();
if (typeof module.handler !== 'function') throw new Error('the bundle does not export a handler function');
process.stdout.write(JSON.stringify({ total: done, importOnly: done - before, cpu: (cpu.user + cpu.system) / 1000 }));
`;

function measure(file) {
  const output = execFileSync(process.execPath, ['--input-type=module', '--eval', CHILD, pathToFileURL(file).href], {
    env: { PATH: process.env.PATH, ...DUMMY_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value) => `${value.toFixed(1)} ms`;

const floor = buildFloor();
try {
  // One unmeasured run each warms the file cache, as a Lambda's second cold start would find it.
  measure(bundle);
  measure(floor.bundle);
  const fn = [];
  const base = [];
  for (let run = 0; run < RUNS; run += 1) {
    fn.push(measure(bundle));
    base.push(measure(floor.bundle));
  }
  const init = median(fn.map((sample) => sample.total));
  const floorInit = median(base.map((sample) => sample.total));
  const importOnly = median(fn.map((sample) => sample.importOnly));
  const floorImportOnly = median(base.map((sample) => sample.importOnly));
  const cpu = median(fn.map((sample) => sample.cpu));
  const floorCpu = median(base.map((sample) => sample.cpu));
  const ratio = init / floorInit;
  const verdict = ratio <= GOAL ? 'within goal' : 'ABOVE GOAL';

  console.log(`${functionName}: ${clients.join(' + ')} clients, median of ${RUNS} fresh node processes`);
  console.log(`  bundle size   ${kib(statSync(bundle).size).padStart(10)}   floor ${kib(statSync(floor.bundle).size).padStart(10)}`);
  console.log(`  cold init     ${ms(init).padStart(10)}   floor ${ms(floorInit).padStart(10)}   ratio ${ratio.toFixed(2)} (goal ≤ ${GOAL}: ${verdict})`);
  console.log(`  import only   ${ms(importOnly).padStart(10)}   floor ${ms(floorImportOnly).padStart(10)}   ratio ${(importOnly / floorImportOnly).toFixed(2)}`);
  console.log(`  init CPU time ${ms(cpu).padStart(10)}   floor ${ms(floorCpu).padStart(10)}   ratio ${(cpu / floorCpu).toFixed(2)}`);
} finally {
  rmSync(floor.dir, { recursive: true, force: true });
}
