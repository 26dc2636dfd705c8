import { mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnvSettings } from '../config/env-settings.js';
import { OFFERING_UUID } from '../testing/fake-waldur.js';
import { runHealthz } from './healthz.js';

async function files(heartbeatAgeSeconds: number | null) {
  const dir = await mkdtemp(join(tmpdir(), 'healthz-'));
  const heartbeat = join(dir, 'hb');
  if (heartbeatAgeSeconds !== null) {
    await writeFile(heartbeat, '1');
    const t = (Date.now() - heartbeatAgeSeconds * 1000) / 1000;
    await utimes(heartbeat, t, t);
  }
  const config = join(dir, 'agent.yaml');
  await writeFile(
    config,
    `heartbeat_file: ${heartbeat}\nofferings:\n  - name: A\n    waldur_api_url: http://waldur.test/api/\n    waldur_api_token: t\n    waldur_offering_uuid: ${OFFERING_UUID}\n    backend_type: slurm\n`,
  );
  return { config, heartbeat };
}

const quiet = (): void => undefined;

describe('runHealthz', () => {
  it('is live when the heartbeat is fresh, and ready when users/me answers', async () => {
    const { config } = await files(10);
    const urls: string[] = [];
    const code = await runHealthz({
      configFile: config,
      maxAgeSeconds: 300,
      livenessOnly: false,
      readinessTimeoutSeconds: 1,
      env: readEnvSettings({}),
      write: quiet,
      fetch: (url) => {
        urls.push(url);
        return Promise.resolve(
          new Response('{"uuid":"x"}', { headers: { 'content-type': 'application/json' } }),
        );
      },
    });
    expect(code).toBe(0);
    expect(urls).toEqual(['http://waldur.test/api/users/me/?field=uuid']);
  });

  it('fails liveness for a stale or missing heartbeat', async () => {
    for (const age of [400, null]) {
      const { config } = await files(age);
      const lines: string[] = [];
      const code = await runHealthz({
        configFile: config,
        maxAgeSeconds: 300,
        livenessOnly: true,
        readinessTimeoutSeconds: 1,
        env: readEnvSettings({}),
        write: (l) => lines.push(l),
      });
      expect(code).toBe(1);
      expect(lines[0]).toMatch(/^Heartbeat stale or missing/);
    }
  });

  it('fails readiness when Waldur does not answer', async () => {
    const { config } = await files(1);
    const code = await runHealthz({
      configFile: config,
      maxAgeSeconds: 300,
      livenessOnly: false,
      readinessTimeoutSeconds: 1,
      env: readEnvSettings({}),
      write: quiet,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(code).toBe(1);
  });
});
