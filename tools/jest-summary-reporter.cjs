// Appends each Jest run's counts to $TZ_TEST_SUMMARY (one JSON line per run) so `npm test` can print one total,
// and the failed tests with the head of their messages, which `npm test` prints again as its last lines (the
// integration step runs two projects side by side, and the first one's output scrolls far above the end).
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
        failures: failuresOf(results),
      }) + '\n',
    );
  }
}
/** Each failed test (or suite that failed to run): its file, its name and the first lines of its message. */
function failuresOf(results) {
  const head = (text) =>
    String(text ?? '')
      .split('\n')
      .slice(0, 40)
      .join('\n');
  const out = [];
  for (const suite of results.testResults) {
    if (suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0))
      out.push({
        file: suite.testFilePath,
        test: '(the suite)',
        message: head(suite.failureMessage ?? suite.testExecError?.message),
      });
    for (const t of suite.testResults)
      if (t.status === 'failed')
        out.push({ file: suite.testFilePath, test: t.fullName, message: head(t.failureMessages.join('\n')) });
  }
  return out;
}

module.exports = SummaryReporter;
