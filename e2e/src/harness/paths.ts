// Where the pieces live on disk. The e2e package depends on every part as a workspace package, so each part's
// executable is found through its own package.json `bin` field (via e2e/node_modules), never by import.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from './harness-error.js';

function findUp(start: string, marker: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) throw new HarnessError('LAYOUT', `no ${marker} above ${start}`);
  }
}

const here = dirname(fileURLToPath(import.meta.url));

/** The e2e package folder (works from src/ under vitest and from dist/ under node). */
export const E2E_DIR = findUp(here, 'package.json');
/** The monorepo root (has pnpm-workspace.yaml). */
export const REPO_ROOT = findUp(E2E_DIR, 'pnpm-workspace.yaml');
/** Ignored scratch space for logs, configs, state files and embedded databases. */
export const DATA_ROOT = join(REPO_ROOT, '.data');

interface PackageJson {
  readonly bin?: string | Readonly<Record<string, string>>;
}

/** Folder of a workspace dependency of the e2e package, e.g. `@waldur-sim/publisher`. */
export function packageDir(name: string): string {
  const link = join(E2E_DIR, 'node_modules', ...name.split('/'));
  if (!existsSync(link))
    throw new HarnessError('LAYOUT', `${name} is not installed in ${E2E_DIR} (run pnpm install)`);
  return realpathSync(link);
}

/** Absolute path of an executable a workspace package declares in its `bin` map. */
export function packageBin(name: string, bin: string): string {
  const dir = packageDir(name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (rel === undefined) throw new HarnessError('LAYOUT', `${name} declares no bin "${bin}"`);
  const file = resolve(dir, rel);
  if (!existsSync(file)) throw new HarnessError('NOT_BUILT', `${file} is missing: run \`pnpm build\` first`);
  return file;
}

/** The node entry points of the three parts, and the folder holding the SLURM mock executables. */
export function partPaths(): {
  publisherCli: string;
  agentCli: string;
  slurmBinDir: string;
  slurmMock: string;
} {
  const slurmMock = packageBin('@waldur-sim/slurm-mock', 'slurm-mock');
  return {
    publisherCli: packageBin('@waldur-sim/publisher', 'waldur-publisher'),
    agentCli: packageBin('@waldur-sim/agent', 'waldur-site-agent'),
    slurmBinDir: dirname(slurmMock),
    slurmMock,
  };
}
