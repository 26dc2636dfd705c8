// Where the pieces live on disk: the shared harness's layout, plus this package's own folder.
import { packageRootOf } from '@waldur-sim/harness';

export { DATA_ROOT, packageBin, packageDir, partPaths, REPO_ROOT } from '@waldur-sim/harness';

/** The e2e package folder (works from src/ under vitest and from dist/ under node). */
export const E2E_DIR = packageRootOf(import.meta.url);
