// The harness's one typed error (kept at this path for the suite's imports).
export { HarnessError, type HarnessErrorCode } from '@waldur-sim/harness';
