#!/usr/bin/env node
// Compiles the loopback launcher for DynamoDB Local into dist/java. Without a javac (a JRE only)
// it is skipped: the launcher then runs from its source file (java's source-file mode).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = dirname(import.meta.dirname);
const emulatorDir = join(dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
const classPath = [join(emulatorDir, 'DynamoDBLocal.jar'), join(emulatorDir, 'DynamoDBLocal_lib', '*')].join(':');
const result = spawnSync('javac', ['--release', '17', '-cp', classPath, '-d', join(root, 'dist', 'java'), join(root, 'java', 'LoopbackDynamoDbLocal.java')], {
  stdio: 'inherit',
});
if (result.error) {
  console.warn('emulators: no javac; DynamoDB Local will start from the launcher source (slower start).');
} else if (result.status !== 0) {
  process.exit(result.status ?? 1);
}
