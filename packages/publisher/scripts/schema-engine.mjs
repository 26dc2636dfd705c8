#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, which cannot be downloaded on our machines
// (docs/architecture.md#prisma-schema-engine). The Prisma 7 CLI spawns it (via PRISMA_SCHEMA_ENGINE_BINARY, set in
// prisma.config.ts) as
//   schema-engine [--datamodels F]... [--datasource '{"url":…,"shadowDatabaseUrl":…}'] [cli <command>]
// and then talks line-delimited JSON-RPC 2.0 over stdin/stdout. We forward every RPC call to
// Prisma's own wasm build of the engine (@prisma/schema-engine-wasm) running on top of the
// @prisma/adapter-pg driver adapter, and patch what the wasm+adapter pair gets wrong for PostgreSQL:
//   1. pg_catalog's `"char"` columns (OID 18) make the adapter throw "Column type 'char' could not be
//      deserialized"; we report OID 18/19 columns as text.
//   2. The adapter's own shadow database handling is broken (it ignores the database override and
//      drops the database before closing its pool), so we use a fixed shadow database taken from
//      `shadowDatabaseUrl` / SHADOW_DATABASE_URL (wiped before each use) or, failing that, a temporary
//      database we create and drop ourselves.
//   3. The adapter splits scripts on ';'; we send a script as one simple-protocol query instead.
//   4. The `cli can-connect-to-database|create-database|drop-database` one-shot commands and the
//      `createDatabase` RPC do not exist in the wasm engine; we implement them with `pg` directly.
// Only stdout carries protocol messages; diagnostics go to stderr (as JSON log lines when the CLI
// parses them). Set SCHEMA_ENGINE_SHIM_DEBUG=1 to see engine logs.
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

const DEBUG = process.env.SCHEMA_ENGINE_SHIM_DEBUG === '1';
const PG_TEXT_OID = 25;
const PG_CHAR_OID = 18;
const PG_NAME_OID = 19;

function logLine(level, message, extra = {}) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, target: 'schema_engine::logger', fields: { message, ...extra } })}\n`,
  );
}

function debug(message) {
  if (DEBUG) logLine('DEBUG', message);
}

// ---------------------------------------------------------------------------------------------
// argument parsing

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--datamodels' || a === '-d') out.datamodels.push(argv[++i]);
    else if (a === '--datasource') out.datasource = JSON.parse(argv[++i] ?? '{}');
    else if (a === '--enabled-preview-features' || a === '--extension-types') i++;
    else if (a === '--version' || a === '-V') out.version = true;
    else if (a === 'cli') {
      out.cli = argv[++i];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// wasm loading (node 20 cannot `import` a .wasm file, so instantiate it by hand)

async function loadWasm() {
  const bgUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = fileURLToPath(new URL('./schema_engine_bg.wasm', bgUrl));
  const bytes = await readFile(wasmPath);
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bg;
}

// ---------------------------------------------------------------------------------------------
// driver adapter with the fixes described in the header

function patchQueryable(q) {
  const performIO = q.performIO.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID || field.dataTypeID === PG_NAME_OID)
        field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  return q;
}

function patchAdapter(adapter) {
  patchQueryable(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => patchQueryable(await startTransaction(isolationLevel));
  adapter.executeScript = async (script) => {
    try {
      await adapter.client.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

function databaseNameOf(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function makeAdapterFactory(datasource) {
  const url = datasource?.url;
  const shadowUrl = datasource?.shadowDatabaseUrl ?? process.env.SHADOW_DATABASE_URL;
  if (!url) {
    // Commands such as `migrate diff --from-empty --to-schema` never query a database, but the wasm
    // engine still connects eagerly: hand it an adapter that refuses every query.
    const refuse = () =>
      Promise.reject(new Error('No datasource URL was given to the schema engine (set DATABASE_URL).'));
    const offline = () => ({
      provider: 'postgres',
      adapterName: '@prisma/adapter-pg',
      queryRaw: refuse,
      executeRaw: refuse,
      executeScript: refuse,
      startTransaction: refuse,
      getConnectionInfo: () => ({ supportsRelationJoins: true }),
      dispose: () => Promise.resolve(),
    });
    return {
      provider: 'postgres',
      adapterName: '@prisma/adapter-pg',
      connect: () => Promise.resolve(offline()),
      connectToShadowDb: () => Promise.resolve(offline()),
    };
  }
  const main = new PrismaPg({ connectionString: url });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    async connect() {
      return patchAdapter(await main.connect());
    },
    async connectToShadowDb() {
      if (shadowUrl) {
        debug(`using fixed shadow database ${databaseNameOf(shadowUrl)}`);
        await withClient(shadowUrl, (c) =>
          c.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'),
        );
        return patchAdapter(await new PrismaPg({ connectionString: shadowUrl }).connect());
      }
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      const adminUrl = withDatabase(url, 'postgres');
      await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      const adapter = patchAdapter(
        await new PrismaPg({ connectionString: withDatabase(url, name) }).connect(),
      );
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await withClient(adminUrl, (c) =>
          c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
        );
      };
      return adapter;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// database-level commands the wasm engine lacks

function knownError(error, url) {
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || '5432'}`;
  if (error?.code === '3D000') {
    return {
      error_code: 'P1003',
      message: `Database \`${databaseNameOf(url)}\` does not exist on the database server at \`${where}\`.`,
    };
  }
  if (error?.code === '28P01' || error?.code === '28000') {
    return {
      error_code: 'P1000',
      message: `Authentication failed against database server at \`${where}\`, the provided database credentials are not valid.`,
    };
  }
  if (error?.code === 'ECONNREFUSED' || error?.code === 'ENOTFOUND') {
    return { error_code: 'P1001', message: `Can't reach database server at \`${where}\`` };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

async function canConnect(url) {
  await withClient(url, (c) => c.query('SELECT 1'));
}

async function createDatabase(url) {
  const name = databaseNameOf(url);
  try {
    await withClient(withDatabase(url, 'postgres'), (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  } catch (error) {
    if (error?.code !== '42P04') throw error; // duplicate_database
  }
  return name;
}

async function dropDatabase(url) {
  const name = databaseNameOf(url);
  await withClient(withDatabase(url, 'postgres'), (c) =>
    c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}

async function runCliCommand(command, datasource) {
  const url = datasource?.url;
  if (!url) {
    process.stderr.write('schema-engine (wasm shim)\n');
    logLine('ERROR', 'No datasource URL given');
    return 1;
  }
  try {
    if (command === 'can-connect-to-database') await canConnect(url);
    else if (command === 'create-database') await createDatabase(url);
    else if (command === 'drop-database') await dropDatabase(url);
    else throw new Error(`Unknown cli command: ${command}`);
    return 0;
  } catch (error) {
    // The CLI ignores the first stderr line and parses every further line as JSON; no trailing newline.
    const known = knownError(error, url);
    process.stderr.write(
      `schema-engine (wasm shim)\n${JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', target: 'schema_engine::logger', fields: known })}`,
    );
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC server

function rpcError(error, errorRegistry) {
  // Adapter errors cross the wasm boundary as "External error id#N" pointing into the registry.
  const id = /External error id#(\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  const captured = id === undefined ? undefined : errorRegistry?.consumeError?.(Number(id));
  const err = captured?.error ?? error;
  const isPanic = error instanceof WebAssembly.RuntimeError;
  const message =
    err instanceof Error
      ? err.message
      : typeof err === 'object' && err !== null
        ? (err.message ?? JSON.stringify(err))
        : String(err);
  const data = { is_panic: isPanic, message };
  if (typeof err?.code === 'string') data.error_code = err.code;
  if (err?.meta !== undefined) data.meta = err.meta;
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

const METHOD_ALIASES = { getDatabaseVersion: 'version' };

async function serveRpc(args) {
  const datamodels =
    args.datamodels.length === 0
      ? undefined
      : await Promise.all(args.datamodels.map(async (p) => [p, await readFile(p, 'utf8')]));
  const factory = bindMigrationAwareSqlAdapterFactory(makeAdapterFactory(args.datasource));
  let enginePromise;
  const engine = () => {
    enginePromise ??= loadWasm().then((w) =>
      w.SchemaEngine.new({ datamodels }, (log) => debug(String(log)), factory),
    );
    return enginePromise;
  };

  const send = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);

  async function handle(request) {
    const { id, method, params } = request;
    try {
      let result;
      if (method === 'createDatabase') {
        const url = params?.datasource?.url ?? args.datasource?.url;
        result = { databaseName: await createDatabase(url) };
      } else if (method === 'dropDatabase') {
        await dropDatabase(params?.url ?? args.datasource?.url);
        result = {};
      } else {
        const e = await engine();
        const name = METHOD_ALIASES[method] ?? method;
        if (typeof e[name] !== 'function') throw new Error(`Unsupported schema engine method: ${method}`);
        result = await e[name](params ?? undefined);
        if (method === 'diff' && typeof result?.stdout === 'string' && result.stdout !== '') {
          // The native engine prints through a `print` request to the CLI (which appends '\n');
          // the wasm engine returns the text instead.
          send({
            jsonrpc: '2.0',
            id: `print-${String(id)}`,
            method: 'print',
            params: { content: result.stdout.replace(/\n$/, '') },
          });
          result = { ...result, stdout: null };
        }
      }
      if (id !== undefined) send({ jsonrpc: '2.0', id, result: result ?? null });
    } catch (error) {
      debug(`method ${method} failed: ${error?.stack ?? error}`);
      if (id !== undefined) send({ jsonrpc: '2.0', id, error: rpcError(error, factory.errorRegistry) });
    }
  }

  // Requests are handled strictly one after another, like the native engine.
  let chain = Promise.resolve();
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line.trim() === '') return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (request.method === undefined) return; // a response to something we never send
    chain = chain.then(() => handle(request));
  });
  rl.on('close', () => {
    // stdin closed: the CLI wants us gone. The wasm engine may keep timers alive, so exit explicitly.
    void chain.then(async () => {
      if (enginePromise) {
        try {
          (await enginePromise).free();
        } catch {
          /* already gone */
        }
      }
      process.exit(0);
    });
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    const w = await loadWasm();
    process.stdout.write(`schema-engine-cli ${w.version()} (wasm shim)\n`);
    return 0;
  }
  if (args.cli !== undefined) return runCliCommand(args.cli, args.datasource);
  await serveRpc(args);
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error) => {
    logLine('ERROR', error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
