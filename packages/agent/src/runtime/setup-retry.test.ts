// Start-up retry delays: transient failures on the offering's reconnect backoff and never before Retry-After,
// other failures slowly; none gives up.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { WaldurApiError, WaldurTransportError } from '../waldur/waldur-errors.js';
import { PERMANENT_FAILURE_RETRY, reconnectBackoff, setupRetryDelay } from './setup-retry.js';

const { config } = parseConfig({
  offerings: [
    {
      name: 'A',
      waldur_api_url: 'http://waldur.test/api/',
      waldur_api_token: 't',
      waldur_offering_uuid: '0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a',
      backend_type: 'slurm',
      stomp_enabled: true,
      stomp_reconnect_initial_delay_seconds: 2,
      stomp_reconnect_max_delay_seconds: 60,
      stomp_reconnect_jitter: 'bounded',
      stomp_reconnect_jitter_ratio: 0,
    },
  ],
});
const offering = config.offerings[0];
if (offering === undefined) throw new Error('no offering');
const max = () => 1;

const api = (status: number, retryAfterMs = 0) =>
  new WaldurApiError('POST', 'http://waldur.test/api/x/', status, { detail: 'x' }, retryAfterMs);

describe('setupRetryDelay (docs/agent.md#start-up-retries)', () => {
  it('retries transient failures on the reconnect backoff (stomp_reconnect_*)', () => {
    expect(reconnectBackoff(offering)).toMatchObject({
      initialDelayMs: 2000,
      maxDelayMs: 60_000,
      jitter: 'bounded',
    });
    const transport = new WaldurTransportError('POST', 'http://waldur.test/api/x/', new Error('ECONNRESET'));
    expect(setupRetryDelay(offering, 0, [api(503)], max)).toBe(2000);
    expect(setupRetryDelay(offering, 3, [api(500), transport], max)).toBe(16_000);
    expect(setupRetryDelay(offering, 20, [api(429)], max)).toBe(60_000);
  });

  it('never retries sooner than the largest Retry-After', () => {
    expect(setupRetryDelay(offering, 0, [api(503, 9000), api(503, 3000)], max)).toBe(9000);
    expect(setupRetryDelay(offering, 10, [api(503, 9000)], max)).toBe(60_000);
  });

  it('retries other failures too, slowly (up to 5 min)', () => {
    expect(setupRetryDelay(offering, 0, [api(400)], max)).toBe(PERMANENT_FAILURE_RETRY.initialDelayMs);
    expect(setupRetryDelay(offering, 30, [api(503), api(400)], max)).toBe(300_000);
    expect(setupRetryDelay(offering, 2, [new Error('bug')], max)).toBe(4000);
  });
});
