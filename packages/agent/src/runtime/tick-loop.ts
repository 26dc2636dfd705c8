// The agent's main loop (real TICK_INTERVAL = 60 s): every tick touches the liveness heartbeat and starts each job
// whose period has elapsed; every job runs on the first tick. Jobs run in the background so a long reconciliation
// never stalls the heartbeat, and a job still running when due again is skipped (logged), never doubled.
import type { Logger } from 'pino';
import { realTimers, type ReconnectTimers } from '../stomp/reconnect-policy.js';

export interface TickJob {
  readonly name: string;
  readonly periodMs: number;
  /** false: first run one period after start (default true: on the first tick). */
  readonly runOnStart?: boolean;
  run(): Promise<void>;
}

export interface TickLoopOptions {
  tickMs: number;
  jobs: readonly TickJob[];
  /** Called first on every tick (heartbeat file). Errors are logged. */
  onTick?: () => Promise<void>;
  log: Logger;
  now?: () => number;
  timers?: ReconnectTimers;
}

export class TickLoop {
  private readonly lastRun = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  private handle: unknown = null;
  private stopped = false;
  private ticking: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly timers: ReconnectTimers;

  constructor(private readonly options: TickLoopOptions) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
  }

  start(): void {
    if (this.handle !== null || this.ticking !== null || this.stopped) return;
    const now = this.now();
    for (const job of this.options.jobs) if (job.runOnStart === false) this.lastRun.set(job.name, now);
    this.ticking = this.tick();
  }

  /** Stops ticking and waits for running jobs to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    await this.ticking;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Promise of the named job's current run, if any (tests). */
  runningJob(name: string): Promise<void> | undefined {
    return this.running.get(name);
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.options.onTick?.();
    } catch (err) {
      this.options.log.warn({ err }, 'Tick hook failed');
    }
    const now = this.now();
    for (const job of this.options.jobs) {
      const last = this.lastRun.get(job.name);
      if (last !== undefined && now - last < job.periodMs) continue;
      if (this.running.has(job.name)) {
        this.options.log.warn({ job: job.name }, 'Previous run still in progress; skipping this period');
        continue;
      }
      this.lastRun.set(job.name, now);
      const run = job
        .run()
        .catch((err: unknown) => {
          this.options.log.error({ job: job.name, err }, 'Periodic job failed');
        })
        .finally(() => {
          this.running.delete(job.name);
        });
      this.running.set(job.name, run);
    }
    if (!this.isStopped()) {
      this.handle = this.timers.setTimeout(() => {
        this.handle = null;
        this.ticking = this.tick();
      }, this.options.tickMs);
    }
  }
}
