#!/usr/bin/env node
// Runs every vitest project once (root vitest.config.ts) with the default reporter for people and the
// json reporter for the count, then ends with the plain line CI reads: `N passed, N failed[, N skipped]`.
// Exits non-zero if anything failed, a test file could not run, or no test ran at all.
// Extra arguments go to vitest (e.g. `node scripts/run-tests.mjs --project testkit`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const resultsFile = join(root, '.data', 'test-results.json');
mkdirSync(dirname(resultsFile), { recursive: true });
rmSync(resultsFile, { force: true });

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = [
  vitest,
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));

const { code, signal } = await new Promise((resolve) => {
  child.on('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
});

let passed = 0;
let failed = 0;
let skipped = 0;
let brokenFiles = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests ?? 0;
  failed = results.numFailedTests ?? 0;
  skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  // A file that fails to load, or whose beforeAll throws (its tests then show as skipped), has no failed test
  // of its own; count each such file as one failure so it cannot pass silently.
  brokenFiles = (results.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  failed += brokenFiles;
} else {
  console.error(`run-tests: vitest wrote no ${resultsFile} (exit ${signal ?? code})`);
}

const vitestFailed = code !== 0;
if (brokenFiles > 0)
  console.error(`run-tests: ${brokenFiles} test file(s) failed outside any test (counted as failed)`);
if (passed + failed === 0) console.error('run-tests: no test ran');
else if (vitestFailed && failed === 0)
  console.error(`run-tests: vitest exited with ${signal ?? code} (see the errors above)`);

console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || brokenFiles > 0 || passed + failed === 0 || vitestFailed ? 1 : 0;
