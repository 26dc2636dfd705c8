// TEST ONLY. WALDUR_SITE_AGENT_TEST_CRASH_AFTER=<point> turns this hook on: the process exits with 137 (what a
// SIGKILL looks like to a parent) the moment it reaches that point, so integration tests can crash the agent exactly
// inside a window that a real kill would hit only by chance (e.g. after the backend create, before set_backend_id).
import type { Logger } from 'pino';
import type { CrashPoint } from '../config/env-settings.js';

export const TEST_CRASH_EXIT_CODE = 137;

export function testCrashHook(
  target: CrashPoint,
  log: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): (point: CrashPoint) => void {
  return (point) => {
    const reached: string = point; // one point today; more may come
    if (reached !== target) return;
    log.fatal({ point }, 'TEST ONLY crash hook (WALDUR_SITE_AGENT_TEST_CRASH_AFTER): exiting now');
    exit(TEST_CRASH_EXIT_CODE);
  };
}

export const noCrash = (_point: CrashPoint): void => undefined;
