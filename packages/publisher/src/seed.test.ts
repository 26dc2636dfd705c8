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
    backend_settings: {
      slurm_bin_path: '/opt/slurm/bin',
      qos_default: 'normal',
      qos_paused: 'paused',
      qos_downscaled: 'downscaled',
    },
  });
  expect(parse(renderAgentConfig(config, 'yaml'))).toEqual(config);
  expect(JSON.parse(renderAgentConfig(config, 'json'))).toEqual(config);
});

test('a plain Web-STOMP URL gives websocket_use_tls false and an explicit port and path (the real agent defaults to TLS, 443, /rmqws-stomp)', () => {
  const config = agentConfigFor({
    offeringName: 'SLURM',
    offeringId: 'a'.repeat(32),
    token: 'b'.repeat(40),
    publicUrl: 'http://127.0.0.1:8000',
    webStompUrl: 'ws://127.0.0.1:15674/ws',
    slurmBinPath: '/usr/bin',
  });
  expect(config.offerings[0]).toMatchObject({
    waldur_api_url: 'http://127.0.0.1:8000/api/',
    websocket_use_tls: false,
    stomp_ws_host: '127.0.0.1',
    stomp_ws_port: 15674,
    stomp_ws_path: '/ws',
  });
});
