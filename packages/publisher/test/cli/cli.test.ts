// The real `waldur-publisher` executable (dist/cli.js, built by `pnpm build`) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentConfig } from '../../src/seed.js';
import { createServerDatabase } from '@waldur-sim/harness';
import { embeddedDataDir, SERVER_URL } from '../support/database.js';

const CLI = path.resolve(import.meta.dirname, '../../dist/cli.js');
const cleanups: (() => Promise<void>)[] = [];

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.DATABASE_URL;
  delete env.PORT;
  return env;
}

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = childEnv(),
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** --database-url of a fresh server database, or --data-dir of a fresh embedded one. */
async function databaseArgs(): Promise<string[]> {
  if (SERVER_URL !== undefined && SERVER_URL !== '') {
    const { url, drop } = await createServerDatabase(SERVER_URL, 'publisher_test');
    cleanups.push(drop);
    return ['--database-url', url];
  }
  const dir = embeddedDataDir();
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return ['--data-dir', dir];
}

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`pnpm --filter @waldur-sim/publisher build\` first`);
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('waldur-publisher CLI', () => {
  test('--help lists the commands; each command has its own help; bad usage exits 2', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/serve/);
    expect(main.stdout).toMatch(/seed/);
    expect(main.stdout).toMatch(/migrate/);
    const serve = await runCli(['serve', '--help']);
    expect(serve.code).toBe(0);
    expect(serve.stdout).toMatch(/--port/);
    expect(serve.stdout).toMatch(/DATABASE_URL/);
    expect(serve.stdout).toMatch(
      /--max-subscriptions-per-user N\s+env MAX_SUBSCRIPTIONS_PER_USER; default 2048/,
    );
    expect((await runCli(['seed', '--help'])).stdout).toMatch(/--tokens-file FILE/);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['serve', '--no-such-flag'])).code).toBe(2);
    const badUrl = await runCli(['migrate', '--database-url', 'mysql://x']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/databaseUrl/);
    // No default broker password: serve without credentials says how to get them, and starts nothing.
    const noBroker = childEnv();
    delete noBroker.RABBITMQ_URL;
    const refused = await runCli(['serve', '--port', '0'], noBroker);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/RABBITMQ_URL[\s\S]*pnpm broker:start[\s\S]*env/);
  });

  test('migrate applies the migrations once; seed prints an agent config (yaml and json) and is idempotent', async () => {
    const db = await databaseArgs();
    const m1 = await runCli(['migrate', ...db]);
    expect(m1.code, m1.stderr).toBe(0);
    expect((JSON.parse(m1.stdout) as { applied: string[] }).applied.length).toBeGreaterThan(0);
    const m2 = await runCli(['migrate', ...db]);
    expect(JSON.parse(m2.stdout)).toMatchObject({ applied: [] });

    const yamlRun = await runCli([
      'seed',
      ...db,
      '--public-url',
      'http://publisher.example:8000',
      '--rabbitmq-web-stomp-url',
      'ws://broker.example:15674/ws',
    ]);
    expect(yamlRun.code, yamlRun.stderr).toBe(0);
    const fromYaml = parse(yamlRun.stdout) as AgentConfig;
    const jsonRun = await runCli([
      'seed',
      ...db,
      '--format',
      'json',
      '--public-url',
      'http://publisher.example:8000',
      '--rabbitmq-web-stomp-url',
      'ws://broker.example:15674/ws',
    ]);
    expect(jsonRun.code, jsonRun.stderr).toBe(0);
    const fromJson = JSON.parse(jsonRun.stdout) as AgentConfig;
    expect(fromJson).toEqual(fromYaml); // second run reused every seeded entity
    const o = fromJson.offerings[0]!;
    expect(o).toMatchObject({
      name: 'SLURM cluster',
      waldur_api_url: 'http://publisher.example:8000/api/',
      backend_type: 'slurm',
      stomp_enabled: true,
      websocket_use_tls: false,
      stomp_ws_host: 'broker.example',
      stomp_ws_port: 15674,
      stomp_ws_path: '/ws',
      order_processing_backend: 'slurm',
      membership_sync_backend: 'slurm',
      backend_settings: {
        default_account: 'root',
        customer_prefix: 'hpc_',
        project_prefix: 'hpc_',
        allocation_prefix: 'hpc_',
      },
      backend_components: {
        cpu: { measured_unit: 'k-Hours', unit_factor: 60000, accounting_type: 'limit' },
        mem: { measured_unit: 'GB-Hours', unit_factor: 61440, accounting_type: 'limit' },
      },
    });
    expect(o.waldur_api_token).toMatch(/^[0-9a-f]{40}$/);
    expect(o.waldur_offering_uuid).toMatch(/^[0-9a-f]{32}$/);
  });

  test('serve on the embedded database starts, answers with the seeded token, and stops on SIGTERM', async () => {
    const dir = embeddedDataDir();
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const child: ChildProcess = spawn(
      process.execPath,
      [CLI, 'serve', '--port', '0', '--data-dir', dir, '--seed'],
      { env: childEnv() },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let stdout = '';
      const ready = new Promise<{ url: string; config: AgentConfig }>((resolve, reject) => {
        let url: string | undefined;
        const lines = createInterface({ input: child.stdout! });
        lines.on('line', (line) => {
          stdout += `${line}\n`;
          if (line.startsWith('{')) {
            const rec = JSON.parse(line) as { msg?: string; url?: string };
            if (rec.msg === 'waldur-publisher listening') url = rec.url;
          }
          const yamlPart = stdout
            .split('\n')
            .filter((l) => !l.startsWith('{'))
            .join('\n');
          if (url !== undefined && yamlPart.includes('unit_factor: 61440'))
            resolve({ url, config: parse(yamlPart) as AgentConfig });
        });
        child.on('close', (code) => {
          reject(new Error(`serve exited early with ${code}: ${stdout}`));
        });
      });
      const { url, config } = await ready;
      const anonymous = await fetch(`${url}/api/users/me/`);
      expect(anonymous.status).toBe(401);
      const me = await fetch(`${url}/api/users/me/`, {
        headers: { Authorization: `Token ${config.offerings[0]!.waldur_api_token}` },
      });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { username: string }).username).toBe('provider-owner');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // The embedded PostgreSQL was stopped with it.
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
  });
});
