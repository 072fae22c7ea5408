// Appends each Jest run's counts to $TZ_TEST_SUMMARY (one JSON line per run) so `npm test` can print one total.
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  constructor(globalConfig) {
    this.name = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const file = process.env.TZ_TEST_SUMMARY;
    if (!file) return;
    appendFileSync(
      file,
      JSON.stringify({
        project: this.name,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }) + '\n',
    );
  }
}
module.exports = SummaryReporter;
