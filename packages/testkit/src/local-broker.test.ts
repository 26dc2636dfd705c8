import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrokerProbe } from './readiness.js';
import type { CommandResult, LocalBrokerDeps } from './local-broker-deps.js';
import { LocalBroker } from './local-broker.js';
import { findRepoRoot } from './repo-root.js';
import { RabbitMqNotInstalledError } from './testkit-error.js';

// RabbitMQ itself is faked: a node process whose command line carries `-home <data>/home` like beam.smp,
// so the pid-file and /proc checks of LocalBroker run for real.
let dir: string;
let bin: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'local-broker-test-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const name of ['rabbitmq-server', 'rabbitmqctl', 'epmd']) {
    const file = join(bin, name);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o755);
  }
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function fakeBeam(homeDir: string): ChildProcess {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '-home', homeDir], {
    stdio: 'ignore',
    env,
  });
  children.push(child);
  return child;
}

function alive(child: ChildProcess | undefined): boolean {
  return child?.exitCode === null && child.signalCode === null;
}

function probeResult(ready: boolean, node: string | undefined): BrokerProbe {
  const r = { ok: ready, detail: ready ? 'ok' : 'ECONNREFUSED' };
  return { ready, amqp: r, management: r, webStomp: r, node };
}

function setup(overrides: Partial<LocalBrokerDeps> = {}) {
  let beam: ChildProcess | undefined;
  const calls: { file: string; args: readonly string[] }[] = [];
  const deps: Partial<LocalBrokerDeps> = {
    logger: pino({ level: 'silent' }),
    isPortInUse: () => Promise.resolve(false),
    ensureAdmin: vi.fn(() => Promise.resolve('fresh' as const)),
    sleep: () => new Promise((r) => setTimeout(r, 5)),
    spawnLauncher: vi.fn(async (_file: string, _args: readonly string[], env: NodeJS.ProcessEnv) => {
      beam = fakeBeam(env.HOME ?? '');
      await new Promise((r) => beam?.once('spawn', r));
      await writeFile(env.RABBITMQ_PID_FILE ?? '', `${beam.pid ?? ''}\n`);
      return 0;
    }),
    probe: () => Promise.resolve(probeResult(alive(beam), alive(beam) ? 'waldursim@localhost' : undefined)),
    runCommand: vi.fn(async (file: string, args: readonly string[]): Promise<CommandResult> => {
      calls.push({ file, args });
      if (file.endsWith('rabbitmqctl') && beam !== undefined) {
        const b = beam;
        const exited = new Promise((r) => b.once('exit', r));
        b.kill('SIGTERM');
        await exited;
      }
      return { code: 0, stdout: file.endsWith('epmd') ? 'Killed' : '', stderr: '', error: undefined };
    }),
    ...overrides,
  };
  const broker = new LocalBroker(
    {
      dataDir: join(dir, 'data'),
      rabbitmqBinDir: bin,
      templatesDir: join(findRepoRoot(), 'infra', 'rabbitmq'),
    },
    deps,
    { PATH: `${bin}:/usr/bin:/bin` },
  );
  return { broker, deps, calls, beam: () => beam };
}

describe('LocalBroker', () => {
  it('says how to get RabbitMQ when it is missing, and installs nothing', async () => {
    const broker = new LocalBroker(
      { dataDir: join(dir, 'data'), rabbitmqBinDir: join(dir, 'none') },
      { logger: pino({ level: 'silent' }) },
    );
    const error = await broker.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RabbitMqNotInstalledError);
    expect((error as Error).message).toMatch(/apt-get install rabbitmq-server/);
    expect((error as Error).message).toMatch(/docker compose -f infra\/docker-compose.yml/);
  });

  it('starts once, reuses the running node, then stops it and its private epmd', async () => {
    const t = setup();
    expect((await t.broker.status()).state).toBe('stopped');

    const first = await t.broker.start();
    expect(first.started).toBe(true);
    expect(first.pid).toBe(t.beam()?.pid);
    expect(readFileSync(join(dir, 'data', 'rabbitmq.conf'), 'utf8')).toContain(
      'listeners.tcp.default = 127.0.0.1:5682',
    );
    expect(readFileSync(join(dir, 'data', 'enabled_plugins'), 'utf8')).toContain('rabbitmq_web_stomp');
    expect(existsSync(join(dir, 'data', 'start.lock'))).toBe(false);
    // The admin is the generated one, never guest; its password and the config holding it are 0600.
    const password = readFileSync(join(dir, 'data', 'admin-password'), 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const conf = readFileSync(join(dir, 'data', 'rabbitmq.conf'), 'utf8');
    expect(conf).toContain('default_user = waldursim-admin');
    expect(conf).toContain(`default_pass = ${password}`);
    expect(conf).not.toMatch(/^(default_user|default_pass) = guest$/m);
    for (const file of ['admin-password', 'rabbitmq.conf'])
      expect(statSync(join(dir, 'data', file)).mode & 0o777, file).toBe(0o600);
    expect(t.broker.endpoints.amqpUrl).toBe(`amqp://waldursim-admin:${password}@127.0.0.1:5682`);
    expect(t.deps.ensureAdmin).toHaveBeenCalledWith(
      expect.objectContaining({
        nodeName: 'waldursim@localhost',
        markerFile: join(dir, 'data', 'admin-applied'),
      }),
    );

    const second = await t.broker.start();
    expect(second).toMatchObject({ started: false, pid: first.pid });
    expect(t.deps.spawnLauncher).toHaveBeenCalledOnce();
    expect((await t.broker.status()).state).toBe('running');

    expect(await t.broker.stop()).toEqual({ stopped: true });
    expect(alive(t.beam())).toBe(false);
    expect(t.calls.map((c) => [c.file.split('/').pop(), ...c.args])).toEqual([
      ['rabbitmqctl', 'stop', join(dir, 'data', 'pid')],
      ['epmd', '-port', '4370', '-kill'],
    ]);
    expect((await t.broker.status()).state).toBe('stopped');
    expect(existsSync(join(dir, 'data', 'pid'))).toBe(false);
  });

  it('does not mistake an unrelated process with the recorded pid for the node', async () => {
    const t = setup();
    await mkdir(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'pid'), String(process.pid));
    expect((await t.broker.status()).state).toBe('stopped');
  });

  it('refuses busy ports and launches nothing', async () => {
    const t = setup({ isPortInUse: (port) => Promise.resolve(port === 15682) });
    await expect(t.broker.start()).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      message: expect.stringContaining('15682'),
    });
    expect(t.deps.spawnLauncher).not.toHaveBeenCalled();
  });

  it('reports the log tail when the node dies during start-up', async () => {
    const t = setup({
      spawnLauncher: async (_f, _a, env) => {
        const beam = fakeBeam(env.HOME ?? '');
        await new Promise((r) => beam.once('spawn', r));
        await writeFile(env.RABBITMQ_PID_FILE ?? '', String(beam.pid));
        await writeFile(
          join(env.RABBITMQ_LOG_BASE ?? '', 'waldursim@localhost.log'),
          'BOOT FAILED: eaddrinuse\n',
        );
        beam.kill('SIGKILL');
        await new Promise((r) => beam.once('exit', r));
        return 0;
      },
      probe: () => Promise.resolve(probeResult(false, undefined)),
    });
    await expect(t.broker.start()).rejects.toMatchObject({
      code: 'BROKER_START_FAILED',
      message: expect.stringMatching(/exited during start-up[\s\S]*BOOT FAILED: eaddrinuse/),
    });
  });
});
