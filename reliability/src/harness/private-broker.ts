// A RabbitMQ node of the suite's own (testkit LocalBroker with free ports, its own node name, epmd and data
// folder), so a case may SIGKILL it without touching the broker other test projects share. Optionally with a
// Web-STOMP TLS listener (testkit writeWebStompTlsTemplates).
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import {
  LocalBroker,
  writeWebStompTlsTemplates,
  type BrokerEndpoints,
  type WebStompTlsOptions,
} from '@waldur-sim/testkit';
import { freePorts } from './free-port.js';
import { ReliabilityError } from './reliability-error.js';

export interface PrivateBrokerOptions {
  /** Data folder (wiped at start). */
  readonly dataDir: string;
  /** Node name prefix, e.g. `relfaults` -> `relfaults@localhost`. */
  readonly name: string;
  /** TLS listener: cert/key/CA files; the port is chosen here. */
  readonly tls?: Omit<WebStompTlsOptions, 'port'>;
}

export class PrivateBroker {
  private constructor(
    readonly broker: LocalBroker,
    /** Web-STOMP TLS port, when the node has the TLS listener. */
    readonly webStompTlsPort: number | undefined,
  ) {}

  static async start(options: PrivateBrokerOptions): Promise<PrivateBroker> {
    await rm(options.dataDir, { recursive: true, force: true });
    const [amqpPort, managementPort, stompPort, webStompPort, distPort, epmdPort, tlsPort] =
      await freePorts(7);
    let templatesDir: string | undefined;
    if (options.tls !== undefined) {
      templatesDir = await writeWebStompTlsTemplates(join(options.dataDir, 'templates'), {
        ...options.tls,
        port: tlsPort ?? 0,
      });
    }
    const broker = new LocalBroker({
      dataDir: join(options.dataDir, 'node'),
      nodeName: `${options.name}@localhost`,
      ...(amqpPort === undefined ? {} : { amqpPort }),
      ...(managementPort === undefined ? {} : { managementPort }),
      ...(stompPort === undefined ? {} : { stompPort }),
      ...(webStompPort === undefined ? {} : { webStompPort }),
      ...(distPort === undefined ? {} : { distPort }),
      ...(epmdPort === undefined ? {} : { epmdPort }),
      ...(templatesDir === undefined ? {} : { templatesDir }),
      startTimeoutMs: 120_000,
    });
    if (!broker.isInstalled())
      throw new ReliabilityError('BROKER', 'rabbitmq-server is not installed (see packages/testkit README)');
    const node = new PrivateBroker(broker, options.tls === undefined ? undefined : tlsPort);
    await broker.start();
    return node;
  }

  get endpoints(): BrokerEndpoints {
    return this.broker.endpoints;
  }

  /** The node's OS pid, or undefined when it is not running. */
  async pid(): Promise<number | undefined> {
    return (await this.broker.status()).pid;
  }

  /** SIGKILL to the Erlang VM: no clean shutdown, unsynced state is lost as in a power cut of the process. */
  async kill(): Promise<void> {
    const pid = await this.pid();
    if (pid === undefined) throw new ReliabilityError('BROKER', 'private broker is not running');
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100; i += 1) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new ReliabilityError('BROKER', `broker pid ${pid} survived SIGKILL`);
  }

  /**
   * `rabbitmqctl set_vm_memory_high_watermark <fraction>` on this node (its own name, cookie and epmd through
   * the node's environment). A tiny fraction raises the memory alarm, which blocks every publishing connection.
   */
  async setMemoryWatermark(fraction: number): Promise<void> {
    try {
      await promisify(execFile)(this.broker.rabbitmqctl, ['set_vm_memory_high_watermark', String(fraction)], {
        env: this.broker.processEnv,
        timeout: 60_000,
      });
    } catch (cause) {
      throw new ReliabilityError('BROKER', `rabbitmqctl set_vm_memory_high_watermark ${fraction} failed`, {
        cause,
      });
    }
  }

  /** Starts the node again on the same data folder and ports; resolves once AMQP, management and Web-STOMP answer. */
  async restart(): Promise<void> {
    await this.broker.start();
  }

  async stop(): Promise<void> {
    await this.broker.stop();
  }
}
