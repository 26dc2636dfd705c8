// Waldur's beat schedule for the producers the agent relies on (docs/protocol.md#periodic-producers): the
// pending-order resend (hourly), the resource resync and the SLURM periodic-limits sync (every 10 min). Timers and the clock are injectable so
// tests run them with fake timers; a task that is still running when its next tick comes is not started twice,
// and a failing run is logged and retried on the next tick.
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client.js';
import { resendPendingOrders } from './pending-order-resend.js';
import { syncPeriodicLimits } from './periodic-limits.js';
import { resyncResources } from './resource-resync.js';

export interface PeriodicSettings {
  readonly pendingOrderResendMs: number;
  /** Only orders pending for at least this long are resent (Waldur: 1 h). */
  readonly pendingOrderMinAgeMs: number;
  readonly resourceResyncMs: number;
  /** Resources whose last sync is older than this are resynced (Waldur: 1 h). */
  readonly resourceStaleMs: number;
  /** resource_periodic_limits of every SLURM periodic usage policy (docs/protocol.md#resource_periodic_limits). */
  readonly periodicLimitsSyncMs: number;
}

export const DEFAULT_PERIODIC_SETTINGS: PeriodicSettings = {
  pendingOrderResendMs: 60 * 60_000,
  pendingOrderMinAgeMs: 60 * 60_000,
  resourceResyncMs: 10 * 60_000,
  resourceStaleMs: 60 * 60_000,
  periodicLimitsSyncMs: 10 * 60_000,
};

export interface PeriodicTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: PeriodicTimers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => {
    clearInterval(h as NodeJS.Timeout);
  },
};

export interface PeriodicProducersOptions {
  readonly prisma: PrismaClient;
  readonly log: Logger;
  readonly settings?: PeriodicSettings;
  readonly clock?: () => Date;
  readonly timers?: PeriodicTimers;
}

interface Task {
  readonly name: string;
  readonly periodMs: number;
  readonly run: () => Promise<number>;
  running: Promise<void> | null;
}

export class PeriodicProducers {
  private readonly tasks: Task[];
  private readonly handles: unknown[] = [];
  private readonly timers: PeriodicTimers;
  private readonly log: Logger;

  constructor(opts: PeriodicProducersOptions) {
    const s = opts.settings ?? DEFAULT_PERIODIC_SETTINGS;
    const deps = { prisma: opts.prisma, clock: opts.clock ?? (() => new Date()), log: opts.log };
    this.timers = opts.timers ?? realTimers;
    this.log = opts.log;
    this.tasks = [
      {
        name: 'pending-order-resend',
        periodMs: s.pendingOrderResendMs,
        run: () => resendPendingOrders(deps, s.pendingOrderMinAgeMs),
        running: null,
      },
      {
        name: 'resource-resync',
        periodMs: s.resourceResyncMs,
        run: () => resyncResources(deps, s.resourceStaleMs),
        running: null,
      },
      {
        name: 'periodic-limits-sync',
        periodMs: s.periodicLimitsSyncMs,
        run: () => syncPeriodicLimits(deps),
        running: null,
      },
    ];
  }

  start(): void {
    for (const task of this.tasks)
      this.handles.push(this.timers.setInterval(() => void this.tick(task), task.periodMs));
  }

  /** Runs every task once now (tests, and the first pass after start if wanted). */
  async runAll(): Promise<void> {
    for (const task of this.tasks) await this.tick(task);
  }

  /** Stops the timers and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const h of this.handles.splice(0)) this.timers.clearInterval(h);
    for (const task of this.tasks) if (task.running !== null) await task.running;
  }

  private tick(task: Task): Promise<void> {
    task.running ??= task
      .run()
      .then(
        () => undefined,
        (err: unknown) => {
          this.log.error({ err, task: task.name }, 'periodic task failed');
        },
      )
      .finally(() => {
        task.running = null;
      });
    return task.running;
  }
}
