// Runs one agent mode until SIGTERM/SIGINT/SIGQUIT, then shuts down gracefully (stop taking messages, finish
// in-flight work, disconnect). A second signal during shutdown exits at once. Returns the exit code.
import type { DestinationStream } from 'pino';
import { ConfigError } from '../config/config-error.js';
import { readEnvSettings, resolveStateDir } from '../config/env-settings.js';
import { loadConfigFile } from '../config/load-config.js';
import { createLogger } from '../logging/logger.js';
import { AgentMetrics } from '../metrics/agent-metrics.js';
import { startMetricsServer, type RunningMetricsServer } from '../metrics/metrics-server.js';
import { EventProcessAgent, type AgentDeps } from '../runtime/event-process.js';
import { PollingAgent } from '../runtime/polling-agent.js';
import { testCrashHook } from '../runtime/test-crash-hook.js';
import { AGENT_VERSION } from '../version.js';
import type { CliMode } from './parse-args.js';

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

export interface RunAgentOptions {
  env?: NodeJS.ProcessEnv;
  stderr?: (text: string) => void;
  /** Resolves when the agent should stop (default: first shutdown signal). */
  stopSignal?: Promise<string>;
  deps?: Partial<AgentDeps>;
  /** Where logs go (default stdout). */
  logDestination?: DestinationStream;
}

function waitForSignal(onSecond: () => void): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    for (const sig of SHUTDOWN_SIGNALS) {
      process.on(sig, () => {
        if (received) onSecond();
        received = true;
        resolve(sig);
      });
    }
  });
}

export async function runAgent(
  mode: CliMode,
  configFile: string,
  options: RunAgentOptions = {},
): Promise<number> {
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  let loaded;
  let env;
  try {
    env = readEnvSettings(options.env ?? process.env);
    loaded = await loadConfigFile(configFile);
  } catch (err) {
    if (err instanceof ConfigError) {
      stderr(`waldur-site-agent: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const { config, warnings } = loaded;
  const { log, flush } = createLogger({
    level: config.log_level,
    sentryDsn: config.sentry_dsn,
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  for (const w of warnings) log.warn(w);
  log.info(
    { mode, version: AGENT_VERSION, configFile, offerings: config.offerings.length },
    'Starting waldur-site-agent',
  );
  if (config.sentry_dsn !== null) log.info('Sentry reporting enabled for ERROR and higher log records');

  const stateDir = resolveStateDir(env, config.state_dir);
  log.info({ stateDir }, 'Agent state folder (create-intent journal)');
  const crashPoint =
    env.testCrashAfter === null ? {} : { crashPoint: testCrashHook(env.testCrashAfter, log) };
  if (env.testCrashAfter !== null)
    log.warn(
      { point: env.testCrashAfter },
      'TEST ONLY crash hook armed (WALDUR_SITE_AGENT_TEST_CRASH_AFTER)',
    );
  let metricsServer: RunningMetricsServer | null = null;
  let metrics: AgentMetrics | undefined;
  if (config.metrics_port !== null) {
    metrics = new AgentMetrics(stateDir);
    metricsServer = await startMetricsServer(metrics, config.metrics_host, config.metrics_port);
    log.info({ url: metricsServer.url }, 'Prometheus metrics listening');
  }
  const deps: AgentDeps = {
    log,
    ...crashPoint,
    ...(metrics === undefined ? {} : { metrics }),
    ...options.deps,
  };
  const agent =
    mode === 'event_process'
      ? new EventProcessAgent(config, env, deps)
      : new PollingAgent(mode, config, env, deps);
  let exitCode = 0;
  let onFatal: (err: unknown) => void = () => undefined;
  const fatal = new Promise<string>((resolve) => {
    onFatal = (err: unknown): void => {
      log.fatal({ err }, 'Unexpected error; shutting down');
      exitCode = 1;
      resolve('fatal');
    };
  });
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  agent.start();
  const signal =
    options.stopSignal ??
    waitForSignal(() => {
      log.warn('Second signal: exiting without waiting for in-flight work');
      process.exit(1);
    });
  const reason = await Promise.race([signal, fatal]);
  log.info({ reason }, 'Shutting down: no new messages, finishing in-flight work');
  await agent.stop();
  await metricsServer?.close();
  process.off('uncaughtException', onFatal);
  process.off('unhandledRejection', onFatal);
  log.info('Stopped');
  await flush();
  return exitCode;
}
