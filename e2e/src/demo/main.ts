#!/usr/bin/env node
// `pnpm demo`: one command from a fresh clone to the pair working together. Gets a broker by itself, starts
// the publisher on its embedded PostgreSQL and an agent on slurm-mock, plays a scripted story through the
// REST API, prints the timeline and the final states, and stops everything it started. Exit 0 only if every
// step reached its end state.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HarnessError } from '../harness/harness-error.js';
import { formatLogLine } from '../harness/log-format.js';
import type { LogLine } from '../harness/managed-process.js';
import { DATA_ROOT } from '../harness/paths.js';
import { Stack } from '../harness/stack.js';
import { waitFor } from '../harness/wait-for.js';
import { acquireDemoBroker, type DemoBroker } from './broker-source.js';
import { DEMO_STEPS, DOWNSCALED_QOS, finalStates, PAUSED_QOS, type DemoContext } from './demo-scenario.js';
import { renderTimeline, seconds, type StepResult } from './timeline.js';

const HELP = `Usage: pnpm demo [-- --verbose] [-- --keep]

Runs the publisher (embedded PostgreSQL) and a site agent (event_process, on slurm-mock) against a RabbitMQ
it finds or starts itself (RABBITMQ_URL; a broker on the default ports; Docker Compose; the private local
node; apt-get install rabbitmq-server as root on Debian/Ubuntu), plays a scripted scenario and prints a
timeline. Exit 0 only if every expected end state was reached. Work files: .data/demo/.

  --verbose   also print every process's log lines, labelled
  --keep      keep everything running after the story (watch the dashboard) until Ctrl-C
  -h, --help  this text
`;

const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      verbose: { type: 'boolean' },
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

  say('waldur-sim demo: the publisher and the site agent, end to end');
  say();
  let broker: DemoBroker | undefined;
  let stack: Stack | undefined;
  const cleanup = async (): Promise<void> => {
    const s = stack;
    stack = undefined;
    await s?.stop().catch((error: unknown) => {
      say(`cleanup: ${(error as Error).message}`);
    });
    const b = broker;
    broker = undefined;
    await b?.release().catch((error: unknown) => {
      say(`cleanup: ${(error as Error).message}`);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`\n${signal}: stopping everything the demo started…`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    const started = Date.now();
    process.env.WALDUR_SIM_LOG_LEVEL ??= 'warn';
    broker = await acquireDemoBroker(say);
    say(`broker     ${broker.description}`);
    say(`           management ${broker.endpoints.managementUrl}, Web-STOMP ${broker.endpoints.webStompUrl}`);
    stack = await Stack.start({
      name: 'demo',
      workDir: join(DATA_ROOT, 'demo'),
      worlds: [''],
      broker: broker.endpoints,
      database: 'embedded',
      ...(echo === undefined ? { echo: false } : { echo }),
    });
    const world = stack.world('');
    say(`publisher  ${stack.publisher.url} (${stack.publisher.database.description})`);
    say(`dashboard  ${stack.publisher.url}/dashboard/#token=${world.staffToken}`);
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

    const ctx: DemoContext = {
      stack,
      world,
      slurm,
      agent,
      tap,
      consumer: stack.consumer(''),
      owner: stack.owner(''),
      staff: stack.staff(''),
      resources: new Map(),
    };
    const t0 = Date.now();
    const results: StepResult[] = [];
    for (const [i, step] of DEMO_STEPS.entries()) {
      const startedAt = Date.now();
      process.stderr.write(`… step ${i + 1}/${DEMO_STEPS.length}: ${step.title}\n`);
      try {
        const endState = await step.run(ctx);
        results.push({ index: i + 1, title: step.title, startedAt, reachedAt: Date.now(), endState });
      } catch (error) {
        results.push({
          index: i + 1,
          title: step.title,
          startedAt,
          reachedAt: undefined,
          endState: step.expected,
          error: (error as Error).message.split('\n')[0] ?? '',
        });
      }
      // Let the step's trailing events (e.g. the final `done` order message) reach the agent before the next
      // step starts, so each event is shown under the step that caused it.
      const since = startedAt;
      await waitFor(
        'the agent to apply every event of the step',
        () => {
          const pending = tap.messages.filter((m) => m.at >= since);
          const applied = agent.messages().filter((m) => m.at >= since && m.ackedAt !== undefined).length;
          return applied >= pending.length;
        },
        { timeoutMs: 5000 },
      ).catch(() => undefined);
    }
    const end = Date.now();

    say(
      'Timeline (times from the first step; "published" = first seen on the broker, by the agent or by an independent subscriber;',
    );
    say('"applied" = the agent finished handling it and acknowledged it)');
    say();
    say(
      renderTimeline(
        results,
        { tap: tap.messages, agent: agent.messages(), commands: agent.slurmCommands() },
        t0,
        end,
      ),
    );
    say('Final states');
    for (const line of await finalStates(ctx)) say(`  ${line}`);
    say();
    say('Latency of each step (action -> end state observed through REST and slurm-mock)');
    for (const r of results)
      say(
        `  step ${r.index}  ${r.reachedAt === undefined ? 'NOT REACHED' : seconds(r.reachedAt - r.startedAt).padStart(8)}  ${r.title}`,
      );
    const failed = results.filter((r) => r.reachedAt === undefined);
    say();
    say(
      failed.length === 0
        ? `All ${results.length} expected end states reached. Messages seen: ${tap.messages.length}; SLURM commands run: ${agent.slurmCommands().length}.`
        : `${failed.length} of ${results.length} expected end states NOT reached (see above; logs in ${stack.workDir}).`,
    );
    if (values.keep === true) {
      say();
      say(`Kept running (--keep): dashboard ${stack.publisher.url}/dashboard/#token=${world.staffToken}`);
      say('Press Ctrl-C to stop everything the demo started.');
      // Until the SIGINT/SIGTERM handler above cleans up and exits; the timer keeps the event loop alive.
      await new Promise<never>(() => setInterval(() => undefined, 60_000));
    }
    return failed.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof HarnessError && error.code === 'BROKER') {
      process.stderr.write(`\n${error.message}\n`);
    } else {
      process.stderr.write(
        `\ndemo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    return 1;
  } finally {
    process.stderr.write('… stopping the agent, the publisher and anything else the demo started\n');
    await cleanup();
  }
}

process.exitCode = await main();
