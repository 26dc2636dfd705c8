#!/usr/bin/env node
// `waldur-sim-broker start|stop|status|env`: control the private RabbitMQ node from a shell, CI or
// package scripts. Progress goes to stderr (pino); stdout carries only the command's answer.
import { brokerToEnv } from './broker-endpoints.js';
import { parseCliArgs, shellExports, USAGE } from './cli-args.js';
import { localBrokerOptionsFromEnv } from './local-broker-config.js';
import { LocalBroker } from './local-broker.js';
import { TestkitError } from './testkit-error.js';

const EXIT = { ok: 0, error: 1, usage: 2, stopped: 3, notReady: 4 } as const;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const broker = new LocalBroker({ ...localBrokerOptionsFromEnv(process.env), ...args.options });
  switch (args.command) {
    case 'start': {
      const result = await broker.start();
      process.stdout.write(
        `${result.started ? 'started' : 'already running'}: ${broker.config.nodeName} pid ${result.pid ?? '?'} (${broker.config.dataDir})\n`,
      );
      return EXIT.ok;
    }
    case 'stop': {
      const result = await broker.stop();
      process.stdout.write(
        `${result.stopped ? 'stopped' : 'not running'}: ${broker.config.nodeName} (${broker.config.dataDir})\n`,
      );
      return EXIT.ok;
    }
    case 'status': {
      const status = await broker.status();
      if (args.json)
        process.stdout.write(
          `${JSON.stringify({ ...status, node: broker.config.nodeName, dataDir: broker.config.dataDir, endpoints: broker.endpoints })}\n`,
        );
      else process.stdout.write(`${broker.config.nodeName}: ${LocalBroker.describe(status)}\n`);
      return status.state === 'running' ? EXIT.ok : status.state === 'stopped' ? EXIT.stopped : EXIT.notReady;
    }
    case 'env': {
      const vars = brokerToEnv(broker.endpoints);
      process.stdout.write(args.json ? `${JSON.stringify(vars)}\n` : `${shellExports(vars)}\n`);
      return EXIT.ok;
    }
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof TestkitError) {
    process.stderr.write(`waldur-sim-broker: ${error.code}: ${error.message}\n`);
    process.exitCode = error.code === 'INVALID_OPTION' ? EXIT.usage : EXIT.error;
  } else {
    process.stderr.write(
      `waldur-sim-broker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.error;
  }
}
