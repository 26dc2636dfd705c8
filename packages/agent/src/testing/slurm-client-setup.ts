// Shared set-up of the SLURM client argv tests: a client over a recording runner, and the argv prefixes.
import { pino } from 'pino';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import { SlurmClient } from '../slurm/slurm-client.js';

export const log = pino({ level: 'silent' });
export const SACCTMGR = ['/usr/bin/sacctmgr', '--parsable2', '--noheader', '--immediate'];
export const SACCTMGR_NO_IMMEDIATE = ['/usr/bin/sacctmgr', '--parsable2', '--noheader'];
export const SACCT = ['/usr/bin/sacct', '--parsable2', '--noheader'];

export function setupSlurmClient(opts: { cluster?: string; binPath?: string } = {}): {
  runner: RecordingCommandRunner;
  client: SlurmClient;
} {
  const runner = new RecordingCommandRunner();
  const client = new SlurmClient({
    runner,
    log,
    ...(opts.binPath === undefined ? {} : { slurmBinPath: opts.binPath }),
    clusterName: opts.cluster ?? null,
    components: ['cpu', 'mem', 'gres/gpu'],
  });
  return { runner, client };
}
