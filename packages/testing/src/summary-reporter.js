// Writes `<package>/.test-results.json` ({ passed, failed, skipped }) after a jest run, so the
// root `npm test` can print one closing line for the whole workspace.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    writeFileSync(join(this.rootDir, '.test-results.json'), `${JSON.stringify(summary)}\n`);
  }
}
