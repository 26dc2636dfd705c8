import { describe, expect, test } from 'vitest';
import { agentReady, offeringEntry } from './agent.js';

const rec = (msg: string, queue?: string) => ({ json: { msg, ...(queue === undefined ? {} : { queue }) } });

describe('agentReady', () => {
  test('needs every started consumer subscribed and one catch-up per offering', () => {
    const started = [rec('Starting STOMP consumer', 'q1'), rec('Starting STOMP consumer', 'q2')];
    expect(agentReady(started, 1)).toBe(false);
    const subscribed = [
      ...started,
      rec('Connected and subscribed', 'q1'),
      rec('Connected and subscribed', 'q2'),
    ];
    expect(agentReady(subscribed, 1)).toBe(false);
    expect(agentReady([...subscribed, rec('Start-up order catch-up failed')], 1)).toBe(true);
    expect(agentReady([...subscribed, rec('Start-up order catch-up finished')], 2)).toBe(false);
  });
});

describe('offeringEntry', () => {
  test('merges backend_settings key by key and the rest on top', () => {
    const seeded = { name: 'o', backend_settings: { a: 1, b: 2 } };
    expect(offeringEntry(seeded, { name: 'p', backend_settings: { b: 3 } })).toEqual({
      name: 'p',
      backend_settings: { a: 1, b: 3 },
    });
  });
});
