// The real `waldur-site-agent -m event_process` as a child process: writes its YAML config (the seeded offering
// plus per-suite overrides), runs it against slurm-mock through the command-log shims, and can be SIGKILLed and
// started again with the same config (the crash cases). Config, spawn and readiness are the shared harness's.
import { join } from 'node:path';
import { spawnAgent, waitAgentReady, writeAgentConfig, type ManagedProcess } from '@waldur-sim/harness';
import { ReliabilityError } from './reliability-error.js';

export { offeringEntry } from '@waldur-sim/harness';

export interface AgentProcessOptions {
  readonly cli: string;
  readonly label: string;
  readonly workDir: string;
  /** `offerings[]` entries of the agent config. */
  readonly offerings: readonly Readonly<Record<string, unknown>>[];
  readonly env?: NodeJS.ProcessEnv;
  readonly logLevel?: string;
}

export class AgentProcess {
  readonly configFile: string;
  private current: ManagedProcess | undefined;
  private starts = 0;

  constructor(readonly options: AgentProcessOptions) {
    this.configFile = join(options.workDir, `${options.label}.yaml`);
  }

  get process(): ManagedProcess {
    if (this.current === undefined)
      throw new ReliabilityError('START_FAILED', `${this.options.label} not started`);
    return this.current;
  }

  get running(): boolean {
    return this.current?.running === true;
  }

  async start(waitReady = true): Promise<void> {
    const o = this.options;
    await writeAgentConfig(this.configFile, {
      offerings: o.offerings,
      heartbeatFile: join(o.workDir, `${o.label}.heartbeat`),
      ...(o.logLevel === undefined ? {} : { logLevel: o.logLevel }),
    });
    this.starts += 1;
    this.current = spawnAgent({
      cli: o.cli,
      label: `${o.label}-${this.starts}`,
      mode: 'event_process',
      configFile: this.configFile,
      workDir: o.workDir,
      ...(o.env === undefined ? {} : { env: o.env }),
    });
    if (waitReady) await this.waitReady();
  }

  /** Every started consumer subscribed and every offering's start-up catch-up finished. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    await waitAgentReady(this.process, this.options.offerings.length, timeoutMs);
  }

  /** Number of "Connected and subscribed" records so far (reconnects included). */
  subscriptions(): number {
    return this.current?.records('Connected and subscribed').length ?? 0;
  }

  /** The crash: SIGKILL to the whole process group. */
  async crash(): Promise<void> {
    await this.process.crash();
  }

  async stop(): Promise<void> {
    if (this.current?.running === true) await this.current.stop(20_000);
  }
}
