// The publisher's database for a run: a fresh database on a PostgreSQL server when one answers (fast, and
// several `seed` runs may share it), otherwise the publisher's own embedded PostgreSQL in a fresh data folder.
// E2E_DATABASE=server|embedded forces one; E2E_DATABASE_URL (or PUBLISHER_TEST_DATABASE_URL) names the server.
import {
  embeddedPublisherDatabase,
  findDatabaseServer,
  serverPublisherDatabase,
  type PublisherDatabase,
} from '@waldur-sim/harness';

export { embeddedPublisherDatabase as embeddedDatabase, type PublisherDatabase } from '@waldur-sim/harness';

/** Server if one answers, else embedded in `embeddedDir`. */
export async function providePublisherDatabase(
  embeddedDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PublisherDatabase> {
  const mode = env.E2E_DATABASE === 'server' || env.E2E_DATABASE === 'embedded' ? env.E2E_DATABASE : 'auto';
  const server = await findDatabaseServer(env.E2E_DATABASE_URL ?? env.PUBLISHER_TEST_DATABASE_URL, mode);
  return server === undefined
    ? embeddedPublisherDatabase(embeddedDir)
    : serverPublisherDatabase(server, 'e2e');
}
