// Scenarios wait for end states with the shared harness's waitFor (kept at this path for the suite's imports).
export { defaultWaitTimeout, waitFor, type WaitOptions } from '@waldur-sim/harness';
