import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { agentConfigFor, renderAgentConfig } from './seed.js';

test('the agent config follows the Web-STOMP URL (TLS, default port, path) and renders as YAML or JSON', () => {
  const config = agentConfigFor({
    offeringName: 'SLURM',
    offeringId: 'a'.repeat(32),
    token: 'b'.repeat(40),
    publicUrl: 'https://waldur.example/',
    webStompUrl: 'wss://waldur.example/rmqws-stomp',
    slurmBinPath: '/opt/slurm/bin',
  });
  expect(config.offerings[0]).toMatchObject({
    waldur_api_url: 'https://waldur.example/api/',
    websocket_use_tls: true,
    stomp_ws_host: 'waldur.example',
    stomp_ws_port: 443,
    stomp_ws_path: '/rmqws-stomp',
    backend_settings: { slurm_bin_path: '/opt/slurm/bin' },
  });
  expect(parse(renderAgentConfig(config, 'yaml'))).toEqual(config);
  expect(JSON.parse(renderAgentConfig(config, 'json'))).toEqual(config);
});
