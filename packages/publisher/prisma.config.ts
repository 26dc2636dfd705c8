// Prisma CLI configuration. The native schema engine cannot be downloaded on our machines, so
// PRISMA_SCHEMA_ENGINE_BINARY points at our wasm stand-in (scripts/schema-engine.mjs) before the
// CLI's download check runs. DATABASE_URL / SHADOW_DATABASE_URL are only needed by `migrate dev`.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, 'scripts/schema-engine.mjs');

const url = process.env.DATABASE_URL;
const shadowDatabaseUrl = process.env.SHADOW_DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(url === undefined
    ? {}
    : { datasource: { url, ...(shadowDatabaseUrl === undefined ? {} : { shadowDatabaseUrl }) } }),
});
