// Where the pieces live on disk. Suites never import the parts they run: each executable is found through its
// workspace package's own package.json `bin` map, and the workspace folders come from pnpm-workspace.yaml.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { HarnessError } from './harness-error.js';

/** Walks up from `start` to the first folder holding `marker`. */
export function findUp(start: string, marker: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return dir;
    if (dirname(dir) === dir) throw new HarnessError('LAYOUT', `no ${marker} above ${start}`);
  }
}

/** The folder of the package a module belongs to (from src/ under vitest and from dist/ under node). */
export function packageRootOf(moduleUrl: string): string {
  return findUp(dirname(fileURLToPath(moduleUrl)), 'package.json');
}

/** The monorepo root (has pnpm-workspace.yaml). */
export const REPO_ROOT = findUp(dirname(fileURLToPath(import.meta.url)), 'pnpm-workspace.yaml');
/** Ignored scratch space for logs, configs, state files, databases and private brokers. */
export const DATA_ROOT = join(REPO_ROOT, '.data');

/** A folder below `.data/`, e.g. dataDir('e2e', name). */
export function dataDir(...parts: string[]): string {
  return join(DATA_ROOT, ...parts);
}

interface PackageJson {
  readonly name?: string;
  readonly bin?: string | Readonly<Record<string, string>>;
}

function readManifest(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

let workspace: Map<string, string> | undefined;

/** Package name -> folder, for every workspace package (globs `dir/*` and plain folders). */
export function workspacePackages(root = REPO_ROOT): ReadonlyMap<string, string> {
  if (workspace !== undefined && root === REPO_ROOT) return workspace;
  const config = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: string[] };
  const found = new Map<string, string>();
  for (const pattern of config.packages ?? []) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => join(root, pattern.slice(0, -2), e.name))
      : [join(root, pattern)];
    for (const dir of dirs) {
      if (!existsSync(join(dir, 'package.json'))) continue;
      const name = readManifest(dir).name;
      if (name !== undefined) found.set(name, dir);
    }
  }
  if (root === REPO_ROOT) workspace = found;
  return found;
}

/** Folder of a workspace package, e.g. `@waldur-sim/publisher`. */
export function packageDir(name: string): string {
  const dir = workspacePackages().get(name);
  if (dir === undefined)
    throw new HarnessError('LAYOUT', `${name} is not a workspace package of ${REPO_ROOT}`);
  return dir;
}

/** Absolute path of an executable a workspace package declares in its `bin` map. */
export function packageBin(name: string, bin: string): string {
  const dir = packageDir(name);
  const manifest = readManifest(dir);
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (rel === undefined) throw new HarnessError('LAYOUT', `${name} declares no bin "${bin}"`);
  const file = resolve(dir, rel);
  if (!existsSync(file)) throw new HarnessError('NOT_BUILT', `${file} is missing: run \`pnpm build\` first`);
  return file;
}

export interface PartPaths {
  readonly publisherCli: string;
  readonly agentCli: string;
  /** Folder with slurm-mock's sacctmgr, sacct, … and the `slurm-mock` control command. */
  readonly slurmBinDir: string;
  readonly slurmMock: string;
}

/** The node entry points of the publisher and the agent, and the SLURM mock's executables. */
export function partPaths(): PartPaths {
  const slurmMock = packageBin('@waldur-sim/slurm-mock', 'slurm-mock');
  if (!existsSync(join(dirname(slurmMock), '..', 'dist', 'cli.cjs')))
    throw new HarnessError('NOT_BUILT', 'slurm-mock dist/cli.cjs is missing: run `pnpm build` first');
  return {
    publisherCli: packageBin('@waldur-sim/publisher', 'waldur-publisher'),
    agentCli: packageBin('@waldur-sim/agent', 'waldur-site-agent'),
    slurmBinDir: dirname(slurmMock),
    slurmMock,
  };
}
