// The repository root is the folder holding pnpm-workspace.yaml; the private broker keeps its data in the
// root's ignored `.data/` and reads its config templates from `infra/rabbitmq/`.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestkitError } from './testkit-error.js';

export const WORKSPACE_MARKER = 'pnpm-workspace.yaml';

/** Walks up from `start` to the first folder containing pnpm-workspace.yaml; `undefined` if none. */
export function findRepoRootFrom(
  start: string,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (exists(join(dir, WORKSPACE_MARKER))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The repo root seen from this module's own location, else from the working directory. */
export function findRepoRoot(cwd: string = process.cwd()): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = findRepoRootFrom(here) ?? findRepoRootFrom(cwd);
  if (root === undefined) {
    throw new TestkitError(
      'REPO_ROOT_NOT_FOUND',
      `no ${WORKSPACE_MARKER} above ${here} or ${cwd}; pass --data-dir and --templates-dir`,
    );
  }
  return root;
}
