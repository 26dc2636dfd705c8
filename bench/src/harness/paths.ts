// Where the parts live. The bench package depends on every part as a workspace package, so each executable is
// found through that package's own `bin` field (via bench/node_modules), never by a deep import.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError } from '../bench-error.js';

function findUp(start: string, marker: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) throw new BenchError('LAYOUT', `no ${marker} above ${start}`);
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** The bench package folder (works from src/ and dist/). */
export const BENCH_DIR = findUp(here, 'package.json');
export const REPO_ROOT = findUp(BENCH_DIR, 'pnpm-workspace.yaml');
/** Scratch space: databases, logs, configs, SLURM state (ignored by git). */
export const WORK_ROOT = join(REPO_ROOT, '.data', 'bench');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
/** Compiled worker scripts run as separate node processes. */
export const WORKERS_DIR = join(BENCH_DIR, 'dist', 'workers');

export function packageDir(name: string): string {
  const link = join(BENCH_DIR, 'node_modules', ...name.split('/'));
  if (!existsSync(link))
    throw new BenchError('LAYOUT', `${name} is not installed in ${BENCH_DIR} (pnpm install)`);
  return realpathSync(link);
}

export function packageBin(name: string, bin: string): string {
  const dir = packageDir(name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (rel === undefined) throw new BenchError('LAYOUT', `${name} declares no bin "${bin}"`);
  const file = resolve(dir, rel);
  if (!existsSync(file)) throw new BenchError('NOT_BUILT', `${file} is missing: run \`pnpm build\` first`);
  return file;
}

export interface PartPaths {
  readonly publisherCli: string;
  readonly agentCli: string;
  /** Folder of the SLURM mock launchers (sacctmgr, sacct, ..., slurm-mock). */
  readonly slurmBinDir: string;
}

export function partPaths(): PartPaths {
  const slurmMock = packageBin('@waldur-sim/slurm-mock', 'slurm-mock');
  if (!existsSync(join(dirname(slurmMock), '..', 'dist', 'cli.cjs'))) {
    throw new BenchError('NOT_BUILT', 'slurm-mock is not bundled: run `pnpm build` first');
  }
  return {
    publisherCli: packageBin('@waldur-sim/publisher', 'waldur-publisher'),
    agentCli: packageBin('@waldur-sim/agent', 'waldur-site-agent'),
    slurmBinDir: dirname(slurmMock),
  };
}

export function workerScript(name: string): string {
  const file = join(WORKERS_DIR, `${name}.js`);
  if (!existsSync(file))
    throw new BenchError('NOT_BUILT', `${file} is missing: build the bench package first`);
  return file;
}
