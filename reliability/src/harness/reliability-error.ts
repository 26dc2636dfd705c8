// The suite's errors are the shared harness's one typed error (kept under this name for the suite's imports).
export {
  HarnessError as ReliabilityError,
  type HarnessErrorCode as ReliabilityErrorCode,
} from '@waldur-sim/harness';
