import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HarnessError } from './harness-error.js';
import { ManagedProcess } from './managed-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-process-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const node = (
  label: string,
  script: string,
  extra: Partial<Parameters<typeof ManagedProcess.spawn>[0]> = {},
) => ManagedProcess.spawn({ label, command: process.execPath, args: ['-e', script], ...extra });

describe('ManagedProcess', () => {
  test('line capture parses pino JSON lines and reports the exit', async () => {
    const p = node(
      'lines',
      'console.log(JSON.stringify({msg:"hello",n:1})); console.error("plain"); process.exit(3)',
    );
    const status = await p.exited;
    expect(status).toEqual({ code: 3, signal: null });
    expect(p.records('hello')).toHaveLength(1);
    expect(p.lines.map((l) => [l.stream, l.text])).toContainEqual(['stderr', 'plain']);
    expect(p.running).toBe(false);
  });

  test('file capture writes straight to the log file and waits on it', async () => {
    const logFile = join(dir, 'file.log');
    const p = node('file', 'console.log(JSON.stringify({msg:"ready"})); setInterval(() => {}, 1000)', {
      capture: 'file',
      logFile,
    });
    const line = await p.waitForLine((l) => l.json?.msg === 'ready', 10_000, 'ready');
    expect(line.text).toContain('ready');
    expect(p.lines).toHaveLength(0);
    expect(p.log.messages('ready')).toHaveLength(1);
    expect((await p.stop(5000)).signal).toBe('SIGTERM');
  });

  test('stop() is idempotent and escalates to SIGKILL when SIGTERM is ignored', async () => {
    const p = node(
      'stubborn',
      'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)',
    );
    await p.waitForLine((l) => l.text === 'up', 10_000);
    const first = p.stop({ timeoutMs: 200 });
    const second = p.stop();
    expect(second).toBe(first);
    expect((await first).signal).toBe('SIGKILL');
  });

  test('waitForLine rejects with PROCESS_EXITED when the process ends first', async () => {
    const p = node('short', 'console.log("bye")');
    const error: unknown = await p
      .waitForLine((l) => l.text === 'never', 10_000, 'never')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('PROCESS_EXITED');
  });

  test('crash() kills the group and resolves with the signal', async () => {
    const p = node('victim', 'setInterval(() => {}, 1000)');
    expect((await p.crash()).signal).toBe('SIGKILL');
  });

  test('a command that cannot start is reported as an exit with the reason captured', async () => {
    const p = ManagedProcess.spawn({ label: 'missing', command: join(dir, 'no-such-binary'), args: [] });
    expect(await p.exited).toEqual({ code: null, signal: null });
    expect(p.tail()).toMatch(/spawn failed/);
  });
});
