// The real `waldur-publisher serve` as a child process on a fixed port, so the fault cases can SIGKILL it and
// start it again on the same port and database (the outbox rows a crash left behind must still go out).
import { join } from 'node:path';
import { childEnv, ManagedProcess } from './managed-process.js';
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
    const label = `${o.label ?? 'publisher'}-${this.starts}`;
    const proc = ManagedProcess.spawn({
      label,
      command: process.execPath,
      args: [
        o.cli,
        'serve',
        '--port',
        String(o.port),
        '--host',
        '127.0.0.1',
        '--database-url',
        o.databaseUrl,
        '--rabbitmq-url',
        o.amqpUrl,
        '--rabbitmq-management-url',
        o.managementUrl,
        '--rabbitmq-web-stomp-url',
        o.webStompUrl,
        '--log-level',
        o.logLevel ?? 'info',
      ],
      env: childEnv(),
      logFile: join(o.workDir, `${label}.log`),
    });
    this.current = proc;
    try {
      await proc.waitForLine(
        (l) => l.json?.msg === 'waldur-publisher listening',
        60_000,
        '"waldur-publisher listening"',
      );
    } catch (error) {
      await proc.stop();
      throw new ReliabilityError(
        'START_FAILED',
        `waldur-publisher serve did not start: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** The crash: SIGKILL to the process group, no shutdown hooks. */
  async crash(): Promise<void> {
    const proc = this.process;
    proc.kill('SIGKILL');
    await proc.exited;
  }

  async stop(): Promise<void> {
    if (this.current?.running === true) await this.current.stop(20_000);
  }
}
