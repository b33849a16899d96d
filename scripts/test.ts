// `npm test`: gets the Temporal CLI (with build progress), runs jest, ends with a `N passed, N failed` line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureLabelFont } from './lib/label-font';
import { findOrInstallTool } from './lib/toolchain';

const REPO_ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(REPO_ROOT, '.data', 'test-results', 'jest.json');
const JEST = path.join(REPO_ROOT, 'node_modules', '.bin', 'jest');
const EXIT_GRACE_MS = 30_000;

/** The part of jest's --json output this script reads. */
interface JestResults {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
  numRuntimeErrorTestSuites: number;
  startTime: number;
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: { fullName: string; status: string }[];
  }[];
}

function say(line: string): void {
  process.stderr.write(`[kefu test] ${line}\n`);
}

async function main(): Promise<number> {
  // The first build of the CLI takes minutes: show its progress here rather than silently inside jest's global setup.
  let temporalCli: string;
  try {
    temporalCli = await findOrInstallTool('temporal', say);
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
    return finish(undefined, 1);
  }
  // Return labels are rendered in the tests: their Chinese text needs the CJK font.
  ensureLabelFont(say);
  if (!fs.existsSync(JEST)) {
    say(`${path.relative(REPO_ROOT, JEST)} is missing: run npm ci (or npm install) first`);
    return finish(undefined, 1);
  }

  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  // A results file from an earlier run must never be mistaken for this one's.
  fs.rmSync(RESULTS_FILE, { force: true });
  const args = ['--json', `--outputFile=${RESULTS_FILE}`, ...process.argv.slice(2)];
  let hung = false;
  const code = await new Promise<number>((resolve) => {
    const jest = spawn(JEST, args, {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, TEMPORAL_CLI: temporalCli },
    });
    const forward = (signal: NodeJS.Signals) => jest.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
    // Jest writes its results after the global teardown. A test that leaks a Temporal Worker, Runtime or connection
    // keeps jest (which runs in band on two cores) alive forever after that, and CI would time out with no result.
    let resultsSeenAt: number | undefined;
    const watchdog = setInterval(() => {
      resultsSeenAt ??= fs.existsSync(RESULTS_FILE) ? Date.now() : undefined;
      if (resultsSeenAt === undefined || Date.now() - resultsSeenAt < EXIT_GRACE_MS) return;
      clearInterval(watchdog);
      hung = true;
      say(
        `jest did not exit ${EXIT_GRACE_MS / 1000} s after writing its results: a test left something running ` +
          '(a Worker, Runtime, connection or timer; find it with `npm test -- --detectOpenHandles`). Stopping it.',
      );
      jest.kill('SIGTERM');
      setTimeout(() => jest.kill('SIGKILL'), 5000).unref();
    }, 1000);
    jest.on('error', (err) => {
      say(`could not run jest: ${err.message}`);
      resolve(1);
    });
    jest.on('close', (exitCode, signal) => {
      clearInterval(watchdog);
      resolve(exitCode ?? (signal ? 1 : 0));
    });
  });
  const results = readResults();
  // Stopped by the watchdog, jest never reported its own exit code: its results say what it would have been.
  return finish(results, hung && results ? (results.success ? 0 : 1) : code);
}

function readResults(): JestResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as JestResults;
  } catch {
    return undefined;
  }
}

/** Prints the summary and the closing line; returns the exit code, never 0 when no test ran. */
function finish(results: JestResults | undefined, jestCode: number): number {
  if (!results) {
    say(`jest wrote no results to ${path.relative(REPO_ROOT, RESULTS_FILE)} (exit code ${jestCode})`);
    process.stdout.write('0 passed, 1 failed\n');
    return jestCode === 0 ? 1 : jestCode;
  }
  // A suite that could not run (a syntax error, a failed import) has no failed test, yet it is a failure.
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const skipped = results.numPendingTests + results.numTodoTests;
  // Up to when jest wrote its results, not when it exited: a hung jest must not inflate the time.
  const elapsed = ((fs.statSync(RESULTS_FILE).mtimeMs - results.startTime) / 1000).toFixed(1);
  say(
    `summary: ${results.numTotalTestSuites} suites (${results.numFailedTestSuites} failed), ` +
      `${results.numTotalTests} tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ` +
      `${skipped} skipped; ${elapsed} s`,
  );
  for (const suite of results.testResults) {
    const file = path.relative(REPO_ROOT, suite.name);
    const failures = suite.assertionResults.filter((a) => a.status === 'failed');
    for (const test of failures) say(`  failed: ${file} › ${test.fullName}`);
    if (suite.status === 'failed' && failures.length === 0) say(`  failed to run: ${file}`);
  }
  let code = jestCode;
  if (results.numTotalTests === 0) {
    say('no test ran');
    code = code === 0 ? 1 : code;
  }
  process.stdout.write(`${results.numPassedTests} passed, ${failed} failed\n`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  },
);
