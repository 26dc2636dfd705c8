// Where the embedded PostgreSQL keeps its data by default: the repository's ignored `.data/` folder,
// resolved from this file (src/db or dist/db of packages/publisher) so the working directory does not matter.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_DATA_DIR = path.resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../.data/publisher-pg',
);
