#!/usr/bin/env node
// `pnpm demo`: one command from a fresh clone to the pair working together. Gets a broker by itself, starts
// the publisher on its embedded PostgreSQL and an agent on slurm-mock, plays a scripted story through the
// REST API, prints the timeline and the final states, and stops everything it started. Exit 0 only if every
// step reached its end state. `--compose` plays the same story against infra/docker-compose.yml instead.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EventTap, DEFAULT_TAP_TYPES } from '../harness/event-tap.js';
import { HarnessError } from '../harness/harness-error.js';
import { formatLogLine } from '../harness/log-format.js';
import type { LogLine } from '../harness/managed-process.js';
import { DATA_ROOT } from '../harness/paths.js';
import { Stack } from '../harness/stack.js';
import { acquireDemoBroker } from './broker-source.js';
import { startComposePair } from './compose-pair.js';
import { DOWNSCALED_QOS, PAUSED_QOS } from './demo-scenario.js';
import { playStory } from './story.js';
import { seconds } from './timeline.js';

const HELP = `Usage: pnpm demo [-- --verbose | --compose] [-- --keep]

Runs the publisher (embedded PostgreSQL) and a site agent (event_process, on slurm-mock) against a RabbitMQ
it finds or starts itself (RABBITMQ_URL; a broker on the default ports; Docker Compose; the private local
node; apt-get install rabbitmq-server as root on Debian/Ubuntu), plays a scripted scenario and prints a
timeline. Exit 0 only if every expected end state was reached. Work files: .data/demo/.

  --compose   play the same scenario against the pair in Docker Compose (infra/docker-compose.yml: broker,
              PostgreSQL, publisher, agent) instead: brought up with infra/scripts/compose.sh and removed
              afterwards, or reused and left running if it already runs (its WALDUR_SIM_* port and image
              variables apply; see infra/README.md)
  --verbose   also print every process's log lines, labelled (not with --compose)
  --keep      keep everything running after the story (watch the dashboard) until Ctrl-C
  -h, --help  this text
`;

const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** The live dashboard of the processes' run (printed, and again with --keep). */
let dashboardUrl: string | undefined;

/** What the demo started, stopped in reverse order on exit or on a signal. */
const teardown: { label: string; stop: () => Promise<void> }[] = [];

async function cleanup(): Promise<void> {
  for (let next = teardown.pop(); next !== undefined; next = teardown.pop()) {
    const { label } = next;
    await next.stop().catch((error: unknown) => {
      say(`cleanup (${label}): ${(error as Error).message}`);
    });
  }
}

async function processes(echo: ((label: string, line: LogLine) => void) | undefined): Promise<number> {
  const started = Date.now();
  // Quiet children. Not for --compose: compose.sh passes this variable to the containers, and `compose.sh env`
  // reads the world's ids from the seed's info-level log.
  process.env.WALDUR_SIM_LOG_LEVEL ??= 'warn';
  const broker = await acquireDemoBroker(say);
  teardown.push({ label: 'broker', stop: () => broker.release() });
  say(`broker     ${broker.description}`);
  say(`           management ${broker.endpoints.managementUrl}, Web-STOMP ${broker.endpoints.webStompUrl}`);
  const stack = await Stack.start({
    name: 'demo',
    workDir: join(DATA_ROOT, 'demo'),
    worlds: [''],
    broker: broker.endpoints,
    database: 'embedded',
    ...(echo === undefined ? { echo: false } : { echo }),
  });
  teardown.push({ label: 'stack', stop: () => stack.stop() });
  const world = stack.world('');
  say(`publisher  ${stack.publisher.url} (${stack.publisher.database.description})`);
  dashboardUrl = `${stack.publisher.url}/dashboard/#token=${world.staffToken}`;
  say(`dashboard  ${dashboardUrl}`);
  const slurm = await stack.slurm('slurm', [PAUSED_QOS, DOWNSCALED_QOS]);
  const tap = await stack.tap(['']);
  const agent = await stack.agent({
    label: 'agent',
    worlds: [''],
    slurm,
    overrides: { backend_settings: { qos_paused: PAUSED_QOS, qos_downscaled: DOWNSCALED_QOS } },
  });
  say(
    `agent      waldur-site-agent -m event_process, offering "${world.offeringName}", slurm-mock state ${slurm.stateFile}`,
  );
  say(`logs       ${stack.workDir}/*.log   (set-up took ${seconds(Date.now() - started)})`);
  say();
  const ctx = {
    world,
    slurm,
    consumer: stack.consumer(''),
    owner: stack.owner(''),
    resources: new Map<string, string>(),
  };
  return playStory(ctx, { tap, agent }, say, stack.workDir);
}

async function composed(): Promise<number> {
  const started = Date.now();
  const pair = await startComposePair(say);
  teardown.push({ label: 'compose', stop: () => pair.release() });
  say(`stack      ${pair.description}`);
  say(`broker     management ${pair.broker.managementUrl}, Web-STOMP ${pair.broker.webStompUrl}`);
  say(`publisher  ${pair.publisherUrl} (PostgreSQL in Compose)`);
  say(
    `agent      waldur-site-agent -m event_process in its container, slurm-mock state ${pair.ctx.slurm.stateFile} there`,
  );
  const tap = await EventTap.start({
    client: pair.staff,
    offeringUuids: [pair.ctx.world.offeringUuid],
    objectTypes: DEFAULT_TAP_TYPES,
    webStompUrl: pair.broker.webStompUrl,
  });
  teardown.push({ label: 'tap', stop: () => tap.stop() });
  say(`logs       infra/scripts/compose.sh logs   (set-up took ${seconds(Date.now() - started)})`);
  say();
  return playStory(pair.ctx, { tap }, say, '`infra/scripts/compose.sh logs`');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      verbose: { type: 'boolean' },
      compose: { type: 'boolean' },
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    say(HELP);
    return 0;
  }
  const echo =
    values.verbose === true
      ? (label: string, line: LogLine): void => {
          process.stderr.write(`${formatLogLine(label, line, { color: process.stderr.isTTY })}\n`);
        }
      : undefined;

  say(
    `waldur-sim demo: the publisher and the site agent, end to end${values.compose === true ? ' (Docker Compose)' : ''}`,
  );
  say();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`\n${signal}: stopping everything the demo started…`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    const code = values.compose === true ? await composed() : await processes(echo);
    if (values.keep === true) {
      say();
      say(`Kept running (--keep)${dashboardUrl === undefined ? '' : `: dashboard ${dashboardUrl}`}`);
      say('Press Ctrl-C to stop everything the demo started.');
      // Until the SIGINT/SIGTERM handler above cleans up and exits; the timer keeps the event loop alive.
      await new Promise<never>(() => setInterval(() => undefined, 60_000));
    }
    return code;
  } catch (error) {
    if (error instanceof HarnessError && (error.code === 'BROKER' || error.code === 'START_FAILED')) {
      process.stderr.write(`\n${error.message}\n`);
    } else {
      process.stderr.write(
        `\ndemo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    return 1;
  } finally {
    process.stderr.write('… stopping everything the demo started\n');
    await cleanup();
  }
}

process.exitCode = await main();
