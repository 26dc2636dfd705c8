// A fresh slurm-mock cluster for one agent: its own state file (SLURM_MOCK_STATE), reset with the mock's control
// command, and the timing wrappers the agent's slurm_bin_path points at.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { BenchError } from '../bench-error.js';
import { childEnv } from './child-env.js';
import { createSlurmTiming, type SlurmTimingSetup } from './slurm-timing.js';

export function runTool(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ code: 0, stdout, stderr });
        return;
      }
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number') resolve({ code, stdout, stderr });
      else
        reject(
          new BenchError('SCENARIO_FAILED', `${file} could not run: ${error.message}`, { cause: error }),
        );
    });
  });
}

export async function freshSlurm(
  workDir: string,
  realBinDir: string,
  name: string,
): Promise<SlurmTimingSetup> {
  const stateFile = join(workDir, `${name}-slurm.json`);
  const timing = createSlurmTiming(workDir, realBinDir, name, stateFile);
  const reset = await runTool(
    join(realBinDir, 'slurm-mock'),
    ['reset'],
    childEnv({ SLURM_MOCK_STATE: stateFile }),
  );
  if (reset.code !== 0) throw new BenchError('SCENARIO_FAILED', `slurm-mock reset failed: ${reset.stderr}`);
  return timing;
}
