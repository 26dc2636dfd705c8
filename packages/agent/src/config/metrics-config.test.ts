// metrics_port / metrics_host (docs/metrics.md#agent): off by default, validated like every other key.
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './load-config.js';

const offering = {
  name: 'Cluster',
  waldur_api_url: 'https://waldur.example.com/api',
  waldur_api_token: 'tok',
  waldur_offering_uuid: 'd3f1c0de-0000-4000-8000-00000000abcd',
  backend_type: 'SLURM',
};

describe('metrics config', () => {
  it('is off unless metrics_port is set; metrics_host defaults to localhost', () => {
    expect(parseConfig({ offerings: [offering] }).config).toMatchObject({
      metrics_port: null,
      metrics_host: '127.0.0.1',
    });
    expect(parseConfig({ offerings: [offering], metrics_port: 9464 }).config.metrics_port).toBe(9464);
  });

  it.each([['9464'], [70000], [-1], [1.5]])('rejects metrics_port %j with a clear error', (port) => {
    expect(() => parseConfig({ offerings: [offering], metrics_port: port })).toThrow(ConfigError);
    try {
      parseConfig({ offerings: [offering], metrics_port: port });
    } catch (err) {
      expect((err as ConfigError).issues.map((i) => i.path)).toEqual(['metrics_port']);
    }
  });
});
