// Describes the machine a result came from: throughput on these VMs drifts by up to 2x within minutes, so a
// figure is only meaningful next to the hardware, the software versions and the load when the run started.
import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { createManagementClient, type BrokerEndpoints } from '@waldur-sim/testkit';
import { REPO_ROOT } from '../harness/paths.js';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly freeMemoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly rabbitmq: string;
  readonly erlang: string;
  readonly brokerSource: string;
  readonly postgres: string;
  readonly databaseKind: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  readonly loadAverageAtStart: readonly number[];
  readonly nodeExtraCaCerts: boolean;
  readonly gitCommit: string;
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(
  broker: BrokerEndpoints,
  postgres: { version: string; kind: string },
  load: readonly number[] = loadavg(),
): Promise<MachineInfo> {
  let rabbitmq = 'unknown';
  let erlang = 'unknown';
  try {
    const overview = await createManagementClient(broker).overview();
    rabbitmq = typeof overview.rabbitmq_version === 'string' ? overview.rabbitmq_version : rabbitmq;
    erlang = typeof overview.erlang_version === 'string' ? overview.erlang_version : erlang;
  } catch {
    // leave unknown
  }
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: totalmem() / 1024 ** 3,
    freeMemoryGiB: freemem() / 1024 ** 3,
    kernel: release(),
    node: process.version,
    rabbitmq,
    erlang,
    brokerSource: broker.source,
    postgres: postgres.version,
    databaseKind: postgres.kind,
    loadAverageAtStart: load.map((l) => Math.round(l * 100) / 100),
    nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS !== undefined,
    gitCommit: gitCommit(),
  };
}
