// Where the parts live on disk. reliability depends on every part as a workspace package, so each executable
// is found through its own package.json `bin` map (via reliability/node_modules), never by a relative path.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReliabilityError } from './reliability-error.js';

function findUp(start: string, marker: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) throw new ReliabilityError('LAYOUT', `no ${marker} above ${start}`);
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** The reliability package folder (from src/ under vitest and from dist/ under node). */
export const RELIABILITY_DIR = findUp(here, 'package.json');
export const REPO_ROOT = findUp(RELIABILITY_DIR, 'pnpm-workspace.yaml');
/** Ignored scratch space: logs, configs, state files, private broker data. */
export const DATA_ROOT = join(REPO_ROOT, '.data', 'reliability');

interface PackageJson {
  readonly bin?: string | Readonly<Record<string, string>>;
}

export function packageDir(name: string): string {
  const link = join(RELIABILITY_DIR, 'node_modules', ...name.split('/'));
  if (!existsSync(link))
    throw new ReliabilityError('LAYOUT', `${name} is not installed in ${RELIABILITY_DIR} (run pnpm install)`);
  return realpathSync(link);
}

export function packageBin(name: string, bin: string): string {
  const dir = packageDir(name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (rel === undefined) throw new ReliabilityError('LAYOUT', `${name} declares no bin "${bin}"`);
  const file = resolve(dir, rel);
  if (!existsSync(file))
    throw new ReliabilityError('NOT_BUILT', `${file} is missing: run \`pnpm build\` first`);
  return file;
}

export interface PartPaths {
  readonly publisherCli: string;
  readonly agentCli: string;
  /** Folder with slurm-mock's sacctmgr, sacct, … and the `slurm-mock` control command. */
  readonly slurmBinDir: string;
}

export function partPaths(): PartPaths {
  const slurmMock = packageBin('@waldur-sim/slurm-mock', 'slurm-mock');
  if (!existsSync(join(dirname(slurmMock), '..', 'dist', 'cli.cjs'))) {
    throw new ReliabilityError('NOT_BUILT', 'slurm-mock dist/cli.cjs is missing: run `pnpm build` first');
  }
  return {
    publisherCli: packageBin('@waldur-sim/publisher', 'waldur-publisher'),
    agentCli: packageBin('@waldur-sim/agent', 'waldur-site-agent'),
    slurmBinDir: dirname(slurmMock),
  };
}
