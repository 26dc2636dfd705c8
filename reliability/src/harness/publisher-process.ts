// The real `waldur-publisher serve` as a child process on a fixed port, so the fault cases can SIGKILL it and
// start it again on the same port and database (the outbox rows a crash left behind must still go out). Each
// start is the shared harness's spawnServe with its own label and log file.
import { publisherDatabaseAt, spawnServe, type ManagedProcess } from '@waldur-sim/harness';
import { ReliabilityError } from './reliability-error.js';

export interface PublisherProcessOptions {
  readonly cli: string;
  readonly port: number;
  readonly databaseUrl: string;
  /** Admin AMQP URL the outbox relay publishes through (a fault proxy in the commit/publish case). */
  readonly amqpUrl: string;
  readonly managementUrl: string;
  readonly webStompUrl: string;
  readonly workDir: string;
  readonly label?: string;
  readonly logLevel?: string;
}

export class PublisherProcess {
  private current: ManagedProcess | undefined;
  private starts = 0;

  constructor(readonly options: PublisherProcessOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get process(): ManagedProcess {
    if (this.current === undefined) throw new ReliabilityError('START_FAILED', 'publisher not started');
    return this.current;
  }

  get running(): boolean {
    return this.current?.running === true;
  }

  async start(): Promise<void> {
    const o = this.options;
    this.starts += 1;
    this.current = await spawnServe(
      {
        broker: o,
        database: publisherDatabaseAt(o.databaseUrl),
        workDir: o.workDir,
        cli: o.cli,
        label: `${o.label ?? 'publisher'}-${this.starts}`,
        ...(o.logLevel === undefined ? {} : { logLevel: o.logLevel }),
      },
      o.port,
    );
  }

  /** The crash: SIGKILL to the process group, no shutdown hooks. */
  async crash(): Promise<void> {
    await this.process.crash();
  }

  async stop(): Promise<void> {
    if (this.current?.running === true) await this.current.stop(20_000);
  }
}
