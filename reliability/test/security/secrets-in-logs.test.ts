// No secret in any log. The real `waldur-publisher` runs `seed` and `serve` on a fresh embedded PostgreSQL with
// the most verbose log level, is sent the requests that used to leak (a token in the query string, subscription
// provisioning whose broker password is the token, a bad token), and stops. Then every `*.log` file under the
// repository's `.data/` (this test's and whatever other suites wrote) and the captured output of both processes
// are searched for the tokens this test created and for the database password. Also checks that the embedded
// database got a random password kept 0600 in its data folder, reused by the second process. Fails if `seed`
// logs tokens again, if the access log keeps query strings, or if the embedded database falls back to a fixed
// password.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brokerFromEnv } from '@waldur-sim/testkit';
import { afterAll, describe, expect, test } from 'vitest';
import { freePort } from '../../src/harness/free-port.js';
import { childEnv, ManagedProcess } from '../../src/harness/managed-process.js';
import { DATA_ROOT, REPO_ROOT, partPaths } from '../../src/harness/paths.js';

const WORK = join(DATA_ROOT, 'security', 'secrets');
const PG_DIR = join(WORK, 'pg');
const started: ManagedProcess[] = [];

afterAll(async () => {
  for (const p of started) await p.stop();
  await rm(PG_DIR, { recursive: true, force: true });
});

/** Every `*.log` file below `dir` (symlinks not followed). */
async function logFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await logFiles(path)));
    else if (entry.isFile() && /\.log(\.\d+)?$/.test(entry.name)) out.push(path);
  }
  return out;
}

function brokerArgs(): string[] {
  const b = brokerFromEnv();
  return [
    '--rabbitmq-url',
    b.amqpUrl,
    '--rabbitmq-management-url',
    b.managementUrl,
    '--rabbitmq-web-stomp-url',
    b.webStompUrl,
  ];
}

describe('secrets stay out of logs', () => {
  test('seed and serve at trace level: no token and no database password in any log', async () => {
    const { publisherCli } = partPaths();
    await rm(WORK, { recursive: true, force: true });
    await mkdir(WORK, { recursive: true });
    const common = ['--data-dir', PG_DIR, '--log-level', 'trace', ...brokerArgs()];
    const tokensFile = join(WORK, 'seed.tokens.json');
    const seed = ManagedProcess.spawn({
      label: 'seed',
      command: process.execPath,
      args: [publisherCli, 'seed', '--format', 'json', '--tokens-file', tokensFile, ...common],
      env: childEnv(),
    });
    started.push(seed);
    expect((await seed.exited).code, seed.tail()).toBe(0);
    // Its log is stderr; stdout is the agent config, which carries the owner's token by design.
    const seedLog = seed.lines.filter((l) => l.stream === 'stderr').map((l) => `${l.text}\n`);
    await writeFile(join(WORK, 'seed.log'), seedLog.join(''));
    const agentConfig = JSON.parse(
      seed.lines
        .filter((l) => l.stream === 'stdout')
        .map((l) => l.text)
        .join('\n'),
    ) as { offerings: { waldur_api_token: string; waldur_offering_uuid: string }[] };
    const tokens = JSON.parse(await readFile(tokensFile, 'utf8')) as Record<string, string>;
    expect((await stat(tokensFile)).mode & 0o777).toBe(0o600);
    const owner = agentConfig.offerings[0]?.waldur_api_token ?? '';
    expect(tokens.provider_owner).toBe(owner);

    // The embedded database: a random password, kept owner-only in its data folder.
    const passwordFile = join(PG_DIR, 'waldur-publisher.password');
    expect(existsSync(passwordFile)).toBe(true);
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    const dbPassword = (await readFile(passwordFile, 'utf8')).trim();
    expect(dbPassword.length).toBeGreaterThanOrEqual(24);
    expect(dbPassword).not.toBe('postgres');

    const port = await freePort();
    const serve = ManagedProcess.spawn({
      label: 'serve',
      command: process.execPath,
      args: [publisherCli, 'serve', '--port', String(port), ...common],
      env: childEnv(),
      logFile: join(WORK, 'serve.log'),
    });
    started.push(serve);
    await serve.waitForLine((l) => l.json?.msg === 'waldur-publisher listening', 90_000, 'listening');
    const api = `http://127.0.0.1:${String(port)}/api`;
    const call = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${api}${path}`, {
        ...init,
        headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
      });
    // A client that puts its token in the query string, in several spellings.
    for (const q of ['token', 'api_token', 'access_key', 'Authorization'])
      expect((await call(`/users/me/?${q}=${owner}&x=1`, owner)).status).toBe(200);
    expect((await call(`/users/me/?token=${tokens.staff ?? ''}`, 'not-a-token')).status).toBe(401);
    // Provisioning: the token becomes a broker password.
    const sub = await call('/event-subscriptions/', owner, {
      method: 'POST',
      body: JSON.stringify({ observable_objects: [{ object_type: 'order' }] }),
    });
    expect(sub.status).toBe(201);
    const { uuid } = (await sub.json()) as { uuid: string };
    const queue = await call(`/event-subscriptions/${uuid}/create_queue/`, owner, {
      method: 'POST',
      body: JSON.stringify({
        offering_uuid: agentConfig.offerings[0]?.waldur_offering_uuid,
        object_type: 'order',
      }),
    });
    expect(queue.status).toBe(201);
    expect((await call(`/event-subscriptions/${uuid}/`, owner, { method: 'DELETE' })).status).toBe(204);
    await serve.stop();

    const secrets = [...Object.values(tokens), owner, dbPassword].filter((s) => s.length >= 20);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const leaks: string[] = [];
    const captured = [...seed.lines.filter((l) => l.stream === 'stderr'), ...serve.lines]
      .map((l) => l.text)
      .join('\n');
    const files = await logFiles(join(REPO_ROOT, '.data'));
    expect(files).toContain(join(WORK, 'serve.log'));
    for (const [where, text] of [
      ['captured output', captured],
      ...(await Promise.all(files.map(async (f) => [f, await readFile(f, 'utf8')] as const))),
    ] as const) {
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${where}: …${secret.slice(-6)}`);
    }
    expect(leaks).toEqual([]);
    // The query strings were logged, redacted.
    expect(captured).toContain('token=[REDACTED]');
  });
});
