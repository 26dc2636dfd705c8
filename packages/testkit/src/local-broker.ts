// The private RabbitMQ node: RabbitMQ's own scripts (not the Debian wrappers that su to the rabbitmq user)
// run as the current user with a node name, ports, cookie and data folder of our own, so a system broker
// on the standard ports is never touched. `start` is idempotent; `stop` also ends the node's private epmd.
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrokerEndpoints } from './broker-endpoints.js';
import { writeNodeConfig } from './config-templates.js';
import {
  localBrokerEndpoints,
  nodePaths,
  rabbitmqProcessEnv,
  resolveLocalBrokerConfig,
  type LocalBrokerConfig,
  type LocalBrokerOptions,
  type NodePaths,
} from './local-broker-config.js';
import { defaultDeps, findEpmd, tail, type LocalBrokerDeps } from './local-broker-deps.js';
import { describeProbe, waitForBroker, type BrokerProbe } from './readiness.js';
import { RabbitMqNotInstalledError, TestkitError } from './testkit-error.js';

export type LocalBrokerState = 'running' | 'starting' | 'stopped';

export interface LocalBrokerStatus {
  readonly state: LocalBrokerState;
  readonly pid: number | undefined;
  readonly probe: BrokerProbe | undefined;
}

export interface StartResult {
  /** false when a running (or starting) private node was reused. */
  readonly started: boolean;
  readonly pid: number | undefined;
  readonly endpoints: BrokerEndpoints;
}

export class LocalBroker {
  readonly config: LocalBrokerConfig;
  readonly paths: NodePaths;
  readonly endpoints: BrokerEndpoints;
  private readonly deps: LocalBrokerDeps;
  private readonly env: NodeJS.ProcessEnv;

  /**
   * `options` only: WALDUR_SIM_BROKER_* variables are not read here (the CLI and the provider merge them in
   * with localBrokerOptionsFromEnv). `baseEnv` is the environment RabbitMQ's scripts inherit.
   */
  constructor(
    options: LocalBrokerOptions | LocalBrokerConfig = {},
    deps: Partial<LocalBrokerDeps> = {},
    baseEnv: NodeJS.ProcessEnv = process.env,
  ) {
    this.config = resolveLocalBrokerConfig(options, {});
    this.paths = nodePaths(this.config);
    this.endpoints = localBrokerEndpoints(this.config);
    this.deps = { ...defaultDeps(deps.logger), ...deps };
    this.env = rabbitmqProcessEnv(this.config, baseEnv);
  }

  get rabbitmqServer(): string {
    return join(this.config.rabbitmqBinDir, 'rabbitmq-server');
  }

  get rabbitmqctl(): string {
    return join(this.config.rabbitmqBinDir, 'rabbitmqctl');
  }

  /** The environment RabbitMQ's scripts get (useful to run rabbitmqctl against the node by hand). */
  get processEnv(): NodeJS.ProcessEnv {
    return { ...this.env };
  }

  /** Throws RabbitMqNotInstalledError when RabbitMQ's scripts are missing; installs nothing. */
  assertInstalled(): void {
    for (const file of [this.rabbitmqServer, this.rabbitmqctl]) {
      try {
        accessSync(file, constants.X_OK);
      } catch {
        throw new RabbitMqNotInstalledError(file);
      }
    }
  }

  /** Whether RabbitMQ's scripts are present (no error). */
  isInstalled(): boolean {
    try {
      this.assertInstalled();
      return true;
    } catch {
      return false;
    }
  }

  private async readPid(): Promise<number | undefined> {
    try {
      const text = (await readFile(this.paths.pidFile, 'utf8')).trim();
      return /^\d+$/.test(text) ? Number(text) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Alive and, where /proc exists, really our node (its -home is our data folder), not a reused pid. */
  private async isOurProcess(pid: number): Promise<boolean> {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
    }
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      const home = cmdline.indexOf('-home');
      return home >= 0 && cmdline[home + 1] === this.paths.homeDir;
    } catch {
      return !existsSync('/proc/self');
    }
  }

  private async livePid(): Promise<number | undefined> {
    const pid = await this.readPid();
    return pid !== undefined && (await this.isOurProcess(pid)) ? pid : undefined;
  }

  async status(): Promise<LocalBrokerStatus> {
    const pid = await this.livePid();
    if (pid === undefined) return { state: 'stopped', pid: undefined, probe: undefined };
    const probe = await this.deps.probe(this.endpoints);
    const ours = probe.node === undefined || probe.node === this.config.nodeName;
    return { state: probe.ready && ours ? 'running' : 'starting', pid, probe };
  }

  /** Starts the node unless it already runs, and waits until AMQP, management and Web-STOMP answer. */
  async start(): Promise<StartResult> {
    const { logger } = this.deps;
    this.assertInstalled();
    await mkdir(this.config.dataDir, { recursive: true });
    const release = await this.lock();
    try {
      // A running node from an older data folder may still have guest as its admin: replace it first.
      if ((await this.livePid()) !== undefined) await this.ensureAdmin(this.deps.now());
      const current = await this.status();
      if (current.state === 'running') {
        logger.info(
          { node: this.config.nodeName, pid: current.pid, dataDir: this.config.dataDir },
          'private RabbitMQ node already running; reusing it',
        );
        return { started: false, pid: current.pid, endpoints: this.endpoints };
      }
      if (current.state === 'starting') {
        logger.info(
          { node: this.config.nodeName, pid: current.pid },
          'private RabbitMQ node is starting; waiting for it',
        );
        await this.waitReady(this.deps.now());
        return { started: false, pid: current.pid, endpoints: this.endpoints };
      }

      const ports = [
        this.config.amqpPort,
        this.config.managementPort,
        this.config.stompPort,
        this.config.webStompPort,
        this.config.distPort,
      ];
      const busy: number[] = [];
      for (const port of ports) if (await this.deps.isPortInUse(port)) busy.push(port);
      if (busy.length > 0) {
        throw new TestkitError(
          'PORT_IN_USE',
          `port(s) ${busy.join(', ')} on 127.0.0.1 are taken by something other than the private node in ${this.config.dataDir}; ` +
            'stop it, or choose other ports (--amqp-port, --management-port, --stomp-port, --web-stomp-port, --dist-port)',
        );
      }

      await writeNodeConfig(this.config);
      await rm(this.paths.pidFile, { force: true });
      const startedAt = this.deps.now();
      logger.info(
        {
          node: this.config.nodeName,
          amqpPort: this.config.amqpPort,
          managementPort: this.config.managementPort,
          dataDir: this.config.dataDir,
        },
        'starting private RabbitMQ node',
      );
      let exitCode: number | null;
      try {
        exitCode = await this.deps.spawnLauncher(
          this.rabbitmqServer,
          ['-detached'],
          this.env,
          this.paths.startupLogFile,
        );
      } catch (error) {
        throw new TestkitError('BROKER_START_FAILED', `cannot run ${this.rabbitmqServer}`, { cause: error });
      }
      if (exitCode !== 0) {
        throw new TestkitError(
          'BROKER_START_FAILED',
          `${this.rabbitmqServer} -detached exited with ${exitCode}:\n${await tail(this.paths.startupLogFile, 20)}`,
        );
      }
      await this.ensureAdmin(startedAt);
      const probe = await this.waitReady(startedAt);
      const pid = await this.livePid();
      logger.info(
        { node: probe.node, pid, ms: this.deps.now() - startedAt, ...this.endpointsForLog() },
        'private RabbitMQ node ready',
      );
      return { started: true, pid, endpoints: this.endpoints };
    } finally {
      await release();
    }
  }

  private endpointsForLog(): Record<string, string | number> {
    return {
      amqp: this.endpoints.amqpUrl.replace(/\/\/[^@]*@/, '//'),
      management: this.endpoints.managementUrl,
      webStomp: this.endpoints.webStompUrl,
    };
  }

  /** Why waiting for a node started at `startedAt` is pointless (it exited, or never appeared), if it is. */
  private startupAbort(startedAt: number): () => Promise<string | undefined> {
    const pidGraceMs = 30_000;
    let seenPid = false;
    return async () => {
      const pid = await this.readPid();
      if (pid !== undefined && (await this.isOurProcess(pid))) {
        seenPid = true;
        return undefined;
      }
      if (seenPid || pid !== undefined) return 'the RabbitMQ node exited during start-up';
      if (this.deps.now() - startedAt > pidGraceMs) return `no RabbitMQ process after ${pidGraceMs} ms`;
      return undefined;
    };
  }

  /** The generated admin works and guest is gone (older data folders are converted once). */
  private async ensureAdmin(startedAt: number): Promise<void> {
    const result = await this.deps.ensureAdmin({
      endpoints: this.endpoints,
      nodeName: this.config.nodeName,
      markerFile: this.paths.adminAppliedFile,
      timeoutMs: Math.max(1000, this.config.startTimeoutMs - (this.deps.now() - startedAt)),
      sleep: this.deps.sleep,
      now: this.deps.now,
      abortReason: this.startupAbort(startedAt),
    });
    if (result === 'migrated')
      this.deps.logger.info(
        { node: this.config.nodeName, admin: this.config.adminUser },
        'replaced the guest administrator with the generated admin of this data folder',
      );
  }

  private async waitReady(startedAt: number): Promise<BrokerProbe> {
    try {
      return await waitForBroker(this.endpoints, {
        timeoutMs: Math.max(1000, this.config.startTimeoutMs - (this.deps.now() - startedAt)),
        probe: this.deps.probe,
        sleep: this.deps.sleep,
        now: this.deps.now,
        abortReason: this.startupAbort(startedAt),
      });
    } catch (error) {
      if (error instanceof TestkitError) {
        const logs = [await tail(this.paths.startupLogFile, 15), await tail(this.paths.nodeLogFile, 25)]
          .filter(Boolean)
          .join('\n');
        throw new TestkitError(
          error.code,
          `${error.message}${logs ? `\n--- log tail (${this.paths.nodeLogFile}) ---\n${logs}` : ''}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Stops the node (if it runs) and its private epmd. Returns whether a node was stopped. */
  async stop(): Promise<{ readonly stopped: boolean }> {
    const { logger } = this.deps;
    const pid = await this.livePid();
    if (pid === undefined) {
      logger.info(
        { node: this.config.nodeName, dataDir: this.config.dataDir },
        'private RabbitMQ node is not running',
      );
    } else {
      logger.info({ node: this.config.nodeName, pid }, 'stopping private RabbitMQ node');
      const result = await this.deps.runCommand(
        this.rabbitmqctl,
        ['stop', this.paths.pidFile],
        this.env,
        120_000,
      );
      if (result.code !== 0 || (await this.isOurProcess(pid))) {
        logger.warn(
          { code: result.code, stderr: result.stderr.trim().slice(0, 500) },
          'rabbitmqctl stop failed; sending SIGTERM',
        );
        await this.terminate(pid);
      }
      logger.info({ node: this.config.nodeName, pid }, 'private RabbitMQ node stopped');
    }
    await this.stopEpmd();
    await rm(this.paths.pidFile, { force: true });
    return { stopped: pid !== undefined };
  }

  private async terminate(pid: number): Promise<void> {
    for (const [signal, waitMs] of [
      ['SIGTERM', 30_000],
      ['SIGKILL', 5_000],
    ] as const) {
      try {
        process.kill(pid, signal);
      } catch {
        return;
      }
      const deadline = this.deps.now() + waitMs;
      while (this.deps.now() < deadline) {
        if (!(await this.isOurProcess(pid))) return;
        await this.deps.sleep(200);
      }
    }
    throw new TestkitError('BROKER_STOP_FAILED', `the RabbitMQ node (pid ${pid}) did not exit`);
  }

  /** `epmd -kill` on our epmd port; epmd itself refuses while any node is still registered. */
  private async stopEpmd(): Promise<void> {
    const epmd = findEpmd(this.env);
    if (epmd === undefined) {
      this.deps.logger.warn('epmd not found; cannot stop the private epmd');
      return;
    }
    const port = String(this.config.epmdPort);
    const result = await this.deps.runCommand(epmd, ['-port', port, '-kill'], this.env, 10_000);
    const output = `${result.stdout}${result.stderr}`.trim();
    if (result.code === 0)
      this.deps.logger.info({ epmdPort: this.config.epmdPort, output }, 'private epmd stopped');
    else this.deps.logger.debug({ epmdPort: this.config.epmdPort, output }, 'no private epmd to stop');
  }

  /** A start lock in the data folder, so concurrent `start`s (two vitest runs) launch one node. */
  private async lock(): Promise<() => Promise<void>> {
    const file = this.paths.lockFile;
    const deadline = this.deps.now() + this.config.startTimeoutMs;
    for (;;) {
      try {
        const handle = await open(file, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        return () => rm(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      let ownerAlive = false;
      if (Number.isInteger(owner) && owner > 0) {
        try {
          process.kill(owner, 0);
          ownerAlive = true;
        } catch {
          ownerAlive = false;
        }
      }
      if (!ownerAlive) {
        await rm(file, { force: true });
        continue;
      }
      if (this.deps.now() >= deadline) {
        throw new TestkitError('BROKER_START_FAILED', `another process (pid ${owner}) holds ${file}`);
      }
      await this.deps.sleep(250);
    }
  }

  /** A one-line human description of the status (for the CLI). */
  static describe(status: LocalBrokerStatus): string {
    const probe = status.probe === undefined ? '' : ` (${describeProbe(status.probe)})`;
    return `${status.state}${status.pid === undefined ? '' : ` pid ${status.pid}`}${probe}`;
  }
}
