// Where the parts live: the shared harness's layout, plus the bench's own folders (results, worker scripts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, packageRootOf } from '@waldur-sim/harness';
import { BenchError } from '../bench-error.js';

export { packageBin, packageDir, partPaths, REPO_ROOT, type PartPaths } from '@waldur-sim/harness';

/** The bench package folder (works from src/ and dist/). */
export const BENCH_DIR = packageRootOf(import.meta.url);
/** Scratch space: databases, logs, configs, SLURM state (ignored by git). */
export const WORK_ROOT = dataDir('bench');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
/** Compiled worker scripts run as separate node processes. */
export const WORKERS_DIR = join(BENCH_DIR, 'dist', 'workers');

export function workerScript(name: string): string {
  const file = join(WORKERS_DIR, `${name}.js`);
  if (!existsSync(file))
    throw new BenchError('NOT_BUILT', `${file} is missing: build the bench package first`);
  return file;
}
