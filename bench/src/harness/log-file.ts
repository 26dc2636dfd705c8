// A child's log file read as it grows: the shared harness's LogFile (kept at this path for the bench's imports).
export { LogFile, type LogRecord } from '@waldur-sim/harness';
