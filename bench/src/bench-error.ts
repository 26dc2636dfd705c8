// Every failure the benchmark reports is the shared harness's one typed error with a stable code, so a broken run
// says which part (setup, a child process, a timeout, a scenario) gave up, and why, without parsing message text.
export { HarnessError as BenchError, type HarnessErrorCode as BenchErrorCode } from '@waldur-sim/harness';
