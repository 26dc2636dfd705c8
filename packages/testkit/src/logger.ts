// One pino logger factory for the testkit. Logs go to stderr so that `waldur-sim-broker env` can print
// shell-evaluable lines on stdout and vitest keeps its own output readable.
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(name: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const level = env.WALDUR_SIM_LOG_LEVEL ?? env.LOG_LEVEL ?? 'info';
  return pino({ name, level, base: { name } }, pino.destination({ fd: 2, sync: true }));
}
