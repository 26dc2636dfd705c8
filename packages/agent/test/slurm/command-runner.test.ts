// The real execFile runner against real child processes: argv passes through literally (no shell), exit codes
// and both streams come back, spawn failures are typed, NODE_EXTRA_CA_CERTS is not inherited.
import { describe, expect, it } from 'vitest';
import { ExecFileCommandRunner } from '../../src/backend/command-runner.js';
import { BackendError } from '../../src/backend/errors.js';

const SH = '/bin/sh';

describe('ExecFileCommandRunner', () => {
  it('passes every argument as one literal argv element', async () => {
    const runner = new ExecFileCommandRunner();
    const tricky = ['description="My Project"', 'a b; echo injected', '$(id)', "it's"];
    const result = await runner.run(SH, [
      '-c',
      'for a in "$@"; do printf "%s\\n" "$a"; done',
      'sh',
      ...tricky,
    ]);
    expect(result).toEqual({ stdout: `${tricky.join('\n')}\n`, stderr: '', exitCode: 0 });
  });

  it('resolves with the exit code and both streams on failure', async () => {
    const runner = new ExecFileCommandRunner();
    const result = await runner.run(SH, ['-c', 'echo out; echo "  Nothing modified" >&2; exit 1']);
    expect(result).toEqual({ stdout: 'out\n', stderr: '  Nothing modified\n', exitCode: 1 });
  });

  it('strips NODE_EXTRA_CA_CERTS and merges per-call env', async () => {
    const runner = new ExecFileCommandRunner({
      env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: '/x.pem', A: '1' },
    });
    const result = await runner.run(SH, ['-c', 'echo "${NODE_EXTRA_CA_CERTS:-unset} $A $B"'], {
      env: { B: '2' },
    });
    expect(result.stdout).toBe('unset 1 2\n');
  });

  it('a missing program is a typed BackendError', async () => {
    const runner = new ExecFileCommandRunner();
    const err = await runner.run('/nonexistent/sacctmgr', ['list', 'account']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).code).toBe('ERR_BACKEND_COMMAND');
    expect((err as BackendError).argv).toEqual(['/nonexistent/sacctmgr', 'list', 'account']);
  });
});

describe('ExecFileCommandRunner timeouts', () => {
  it('a command exceeding its timeout is a typed BackendError', async () => {
    const runner = new ExecFileCommandRunner();
    const err = await runner.run(SH, ['-c', 'sleep 5'], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toContain('timed out');
  });
});
