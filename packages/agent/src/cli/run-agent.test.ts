import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OFFERING_UUID } from '../testing/fake-waldur.js';
import { runAgent } from './run-agent.js';

function capture(): { text: () => string; write: (t: string) => void } {
  let out = '';
  return { text: () => out, write: (t) => (out += t) };
}

describe('runAgent', () => {
  it('runs report mode like the other modes: an unusable config exits 1 with the reason', async () => {
    const err = capture();
    await expect(runAgent('report', '/nonexistent/agent.yaml', { stderr: err.write })).resolves.toBe(1);
    expect(err.text()).toBe(
      'waldur-site-agent: Cannot read config file /nonexistent/agent.yaml: file not found\n',
    );
  });

  it('exits 1 with the reason when the config cannot be used', async () => {
    const err = capture();
    await expect(runAgent('event_process', '/nonexistent/agent.yaml', { stderr: err.write })).resolves.toBe(
      1,
    );
    expect(err.text()).toBe(
      'waldur-site-agent: Cannot read config file /nonexistent/agent.yaml: file not found\n',
    );
    const env = capture();
    await expect(
      runAgent('event_process', '/nonexistent/agent.yaml', {
        stderr: env.write,
        env: { WALDUR_SITE_AGENT_TICK_SECONDS: 'x' },
      }),
    ).resolves.toBe(1);
    expect(env.text()).toContain('WALDUR_SITE_AGENT_TICK_SECONDS: must be a positive number, got "x"');
  });

  it('starts the mode, then stops cleanly when told to and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-agent-'));
    const file = join(dir, 'agent.yaml');
    await writeFile(
      file,
      `heartbeat_file: ${join(dir, 'hb')}\nofferings:\n  - name: A\n    waldur_api_url: http://127.0.0.1:9/api/\n    waldur_api_token: t\n    waldur_offering_uuid: ${OFFERING_UUID}\n    backend_type: slurm\n    stomp_enabled: true\n`,
    );
    const lines: string[] = [];
    const code = await runAgent('membership_sync', file, {
      stopSignal: Promise.resolve('SIGTERM'),
      logDestination: { write: (l: string) => lines.push(l) },
    });
    expect(code).toBe(0);
    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['Starting waldur-site-agent', 'Stopped']));
  });
});
