// What every scenario gets: the settings, the result collector, the broker, the parts' executables, a work
// folder, the database server, and a progress printer (stderr, with the elapsed wall time).
import type { ProvidedBroker } from '@waldur-sim/testkit';
import type { DatabaseServer } from './harness/database.js';
import type { PartPaths } from './harness/paths.js';
import type { Results } from './report/results.js';
import type { BenchSettings } from './settings.js';

export interface BenchContext {
  readonly settings: BenchSettings;
  readonly results: Results;
  readonly broker: ProvidedBroker;
  readonly parts: PartPaths;
  readonly workDir: string;
  readonly db: DatabaseServer;
  progress(message: string): void;
}
