// A fresh slurm-mock cluster for one agent: its own state file (SLURM_MOCK_STATE), reset with the mock's control
// command, and the timing wrappers the agent's slurm_bin_path points at.
import { join } from 'node:path';
import { SlurmMock } from '@waldur-sim/harness';
import { createSlurmTiming, type SlurmTimingSetup } from './slurm-timing.js';

export { runTool } from '@waldur-sim/harness';

export async function freshSlurm(
  workDir: string,
  realBinDir: string,
  name: string,
): Promise<SlurmTimingSetup> {
  const stateFile = join(workDir, `${name}-slurm.json`);
  const timing = createSlurmTiming(workDir, realBinDir, name, stateFile);
  await new SlurmMock(stateFile, realBinDir).reset();
  return timing;
}
