// Where the parts live on disk: the shared harness's layout, with this suite's own scratch folder.
import { dataDir, packageRootOf } from '@waldur-sim/harness';

export { packageBin, packageDir, partPaths, REPO_ROOT, type PartPaths } from '@waldur-sim/harness';

/** The reliability package folder (from src/ under vitest and from dist/ under node). */
export const RELIABILITY_DIR = packageRootOf(import.meta.url);
/** Ignored scratch space: logs, configs, state files, private broker data. */
export const DATA_ROOT = dataDir('reliability');
