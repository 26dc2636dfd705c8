#!/usr/bin/env node
// `pnpm dev`: the private broker, the publisher on its embedded PostgreSQL with the demo world seeded, and a
// site agent (event_process) on slurm-mock, plus compilers in watch mode. When a part's compiled output
// changes, that part is restarted (gracefully). Every line is labelled with its process. Ctrl-C stops the
// processes, the watchers and the broker node if this command started it; a second Ctrl-C kills at once.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { offeringEntry, writeAgentConfig } from '../harness/agent.js';
import { freePort } from '../harness/free-port.js';
import { HarnessError } from '../harness/harness-error.js';
import { formatLogLine } from '../harness/log-format.js';
import { childEnv, ManagedProcess, stopAllProcesses, type LogLine } from '../harness/managed-process.js';
import { DATA_ROOT, packageDir, partPaths, REPO_ROOT } from '../harness/paths.js';
import { embeddedDatabase } from '../harness/publisher-database.js';
import { seedWorlds, spawnServe, type StartPublisherOptions } from '../harness/publisher.js';
import { SlurmMock } from '../harness/slurm-mock.js';
import type { DemoBroker } from '../demo/broker-source.js';
import { acquireDevBroker } from './dev-broker.js';

const HELP = `Usage: pnpm dev [-- --port N]

Starts, with labelled logs:
  broker     RABBITMQ_URL, or the private local RabbitMQ node (started if needed)
  tsc:*      tsc --watch for protocol, publisher and agent; esbuild --watch for slurm-mock
  publisher  waldur-publisher serve on its embedded PostgreSQL (.data/dev/publisher-pg), demo world seeded
  agent      waldur-site-agent -m event_process on slurm-mock (.data/dev/slurm.json)
The publisher and the agent restart when their compiled output changes. Ctrl-C stops everything.

  --port N    REST API port (default 8000, or a free one if 8000 is taken)
`;

const color = process.stdout.isTTY;
const out = (label: string, line: LogLine): void => {
  if (line.text.trim() === '') return;
  process.stdout.write(`${formatLogLine(label, line, { color, width: 12 })}\n`);
};
const say = (text: string): void => {
  out('dev', { at: Date.now(), stream: 'stdout', text, json: undefined });
};

async function portFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, '127.0.0.1', () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

/** A restartable child: `start()` spawns a fresh process, `restart()` stops the old one gracefully first. */
class Supervised {
  private current: ManagedProcess | undefined;
  private busy: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly label: string,
    private readonly spawnIt: () => Promise<ManagedProcess>,
  ) {}

  async start(): Promise<void> {
    this.current = await this.spawnIt();
  }

  restart(reason: string): void {
    this.busy = this.busy.then(async () => {
      if (this.stopped) return;
      say(`restarting ${this.label} (${reason})`);
      await this.current?.stop({ timeoutMs: 20_000 });
      if (this.isStopped()) return;
      try {
        this.current = await this.spawnIt();
      } catch (error) {
        say(
          `${this.label} did not come back: ${(error as Error).message.split('\n')[0] ?? ''}; fix the code, it restarts on the next change`,
        );
      }
    });
  }

  isStopped(): boolean {
    return this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.busy;
    await this.current?.stop({ timeoutMs: 20_000 });
  }
}

/** Calls `onChange` (debounced) when anything under one of `dirs` changes. */
function watchDirs(dirs: readonly string[], onChange: () => void): FSWatcher[] {
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 600);
  };
  return dirs.filter((d) => existsSync(d)).map((d) => watch(d, { recursive: true }, fire));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(HELP);
    return 0;
  }
  const devDir = join(DATA_ROOT, 'dev');
  await mkdir(devDir, { recursive: true });
  const paths = partPaths();
  const dirs = {
    protocol: packageDir('@waldur-sim/protocol'),
    publisher: packageDir('@waldur-sim/publisher'),
    agent: packageDir('@waldur-sim/agent'),
    slurmMock: packageDir('@waldur-sim/slurm-mock'),
  };

  let broker: DemoBroker | undefined;
  const watchers: FSWatcher[] = [];
  const compilers: ManagedProcess[] = [];
  const parts: Supervised[] = [];
  let shuttingDown = false;
  const shutdown = async (): Promise<void> => {
    for (const w of watchers) w.close();
    for (const p of [...parts].reverse()) await p.stop().catch(() => undefined);
    await Promise.all(compilers.map((c) => c.stop({ timeoutMs: 5000, wholeGroup: true })));
    if (broker !== undefined) {
      say('stopping the broker node if this command started it');
      await broker.release().catch((error: unknown) => {
        say(`broker: ${(error as Error).message}`);
      });
    }
  };
  const done = new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (shuttingDown) {
          say('second signal: killing everything now');
          void stopAllProcesses().finally(() => process.exit(130));
          return;
        }
        shuttingDown = true;
        say(`${signal}: stopping the agent, the publisher, the watchers and the broker…`);
        void shutdown().then(() => {
          resolve(0);
        });
      });
    }
  });

  try {
    process.env.WALDUR_SIM_LOG_LEVEL ??= 'warn';
    broker = await acquireDevBroker();
    say(`broker: ${broker.description} (management ${broker.endpoints.managementUrl})`);

    // 1. Compilers in watch mode; the parts start once the first compile is through, so it causes no restart.
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const [name, dir] of [
      ['protocol', dirs.protocol],
      ['publisher', dirs.publisher],
      ['agent', dirs.agent],
    ] as const) {
      const compiler = ManagedProcess.spawn({
        label: `tsc:${name}`,
        command: process.execPath,
        args: [tsc, '-p', join(dir, 'tsconfig.build.json'), '--watch', '--preserveWatchOutput'],
        cwd: dir,
        env: childEnv(),
        echo: out,
      });
      compilers.push(compiler);
    }
    compilers.push(
      ManagedProcess.spawn({
        label: 'esbuild:slurm',
        command: 'pnpm',
        args: ['--silent', 'run', 'bundle', '--watch=forever'],
        cwd: dirs.slurmMock,
        env: childEnv(),
        echo: out,
      }),
    );
    await Promise.all(
      compilers
        .filter((c) => c.label.startsWith('tsc:'))
        .map((c) =>
          c.waitForLine((l) => l.text.includes('Watching for file changes'), 180_000, 'the first compile'),
        ),
    );

    // 2. Publisher: seed (idempotent) on the persistent embedded database, then serve.
    const requested = values.port === undefined ? undefined : Number(values.port);
    const port = requested ?? ((await portFree(8000)) ? 8000 : await freePort());
    const publisherOptions: StartPublisherOptions = {
      broker: broker.endpoints,
      database: embeddedDatabase(join(devDir, 'publisher-pg'), true),
      worlds: [''],
      workDir: devDir,
      slurmBinDir: paths.slurmBinDir,
      cli: paths.publisherCli,
      echo: out,
    };
    const publicUrl = `http://127.0.0.1:${port}`;
    const world = (await seedWorlds(publisherOptions, publicUrl)).get('');
    if (world === undefined) throw new HarnessError('SEED_FAILED', 'no demo world');
    const publisher = new Supervised('publisher', () => spawnServe(publisherOptions, port));
    await publisher.start();
    parts.push(publisher);

    // 3. slurm-mock state (kept across runs) and the agent.
    const slurm = new SlurmMock(join(devDir, 'slurm.json'), paths.slurmBinDir);
    if (!existsSync(slurm.stateFile)) await slurm.reset();
    const configFile = join(devDir, 'agent.yaml');
    await writeAgentConfig(configFile, {
      offerings: [offeringEntry(world.agentOffering)],
      heartbeatFile: join(devDir, 'agent.heartbeat'),
      stateDir: join(devDir, 'agent.state'),
      logLevel: 'INFO',
    });
    const agent = new Supervised('agent', () =>
      Promise.resolve(
        ManagedProcess.spawn({
          label: 'agent',
          command: process.execPath,
          args: [paths.agentCli, '-m', 'event_process', '-c', configFile],
          env: childEnv(slurm.env),
          logFile: join(devDir, 'agent.log'),
          echo: out,
        }),
      ),
    );
    await agent.start();
    parts.push(agent);

    watchers.push(
      ...watchDirs([join(dirs.publisher, 'dist'), join(dirs.protocol, 'dist')], () => {
        publisher.restart('compiled output changed');
      }),
      ...watchDirs([join(dirs.agent, 'dist'), join(dirs.protocol, 'dist')], () => {
        agent.restart('compiled output changed');
      }),
    );

    say(`REST API   ${publicUrl}/api/  (docs ${publicUrl}/api/docs/)`);
    say(
      `tokens     consumer ${world.consumerToken}  provider owner ${world.ownerToken}  staff ${world.staffToken}`,
    );
    say(`offering   ${world.offeringUuid}  project ${world.projectUuid}`);
    say(`agent      ${configFile}; slurm-mock: SLURM_MOCK_STATE=${slurm.stateFile} ${paths.slurmMock} show`);
    say(
      `try        curl -s -H 'Authorization: Token ${world.consumerToken}' -H 'content-type: application/json' ` +
        `-d '{"offering":"${publicUrl}/api/marketplace-public-offerings/${world.offeringUuid}/","project":"${publicUrl}/api/projects/${world.projectUuid}/","limits":{"cpu":1,"mem":1}}' ${publicUrl}/api/marketplace-orders/` +
        '  then POST …/marketplace-orders/<uuid>/approve_by_consumer/ with the same token',
    );
    say('Ctrl-C stops everything.');
    return await done;
  } catch (error) {
    process.stderr.write(`\npnpm dev failed: ${error instanceof Error ? error.message : String(error)}\n`);
    shuttingDown = true;
    await shutdown();
    return 1;
  }
}

process.exitCode = await main();
