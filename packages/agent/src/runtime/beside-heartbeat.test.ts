import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../stomp/delivery-processor.js';
import { besideHeartbeat } from './beside-heartbeat.js';

const context: HandlerContext = { objectType: 'order', headers: {}, previousFailures: 0 };
const message = { order_uuid: 'a'.repeat(32), order_state: 'done' } as const;

describe('besideHeartbeat', () => {
  it('runs the handler without waiting for a pending heartbeat', async () => {
    const calls: string[] = [];
    const wrapped = besideHeartbeat(
      () => {
        calls.push('heartbeat');
        return new Promise<void>(() => undefined); // a REST call that has not answered
      },
      () => {
        calls.push('handler');
        return Promise.resolve();
      },
    );
    await wrapped(message, context);
    expect(calls).toEqual(['heartbeat', 'handler']);
  });

  it("passes the handler's failure on and swallows the heartbeat's", async () => {
    const wrapped = besideHeartbeat(
      () => Promise.reject(new Error('waldur down')),
      () => Promise.reject(new Error('handler failed')),
    );
    await expect(wrapped(message, context)).rejects.toThrow('handler failed');
  });
});
