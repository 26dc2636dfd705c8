// Cases wait for end states with the shared harness's waitFor (kept at this path for the suite's imports). How
// long a wait took is reported (recovery time), never asserted.
export { waitFor, type WaitOptions } from '@waldur-sim/harness';
