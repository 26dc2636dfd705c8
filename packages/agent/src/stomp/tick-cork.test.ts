import { describe, expect, it } from 'vitest';
import { TickCork, type Corkable } from './tick-cork.js';

function recorder(): Corkable & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    cork: () => events.push('cork'),
    uncork: () => events.push('uncork'),
  };
}

describe('TickCork', () => {
  it('corks once per tick and uncorks once after it', () => {
    const deferred: (() => void)[] = [];
    const cork = new TickCork((fn) => deferred.push(fn));
    const socket = recorder();
    cork.hold(socket);
    cork.hold(socket);
    cork.hold(socket);
    expect(socket.events).toEqual(['cork']);
    expect(deferred).toHaveLength(1);
    deferred[0]?.();
    expect(socket.events).toEqual(['cork', 'uncork']);
    cork.hold(socket);
    expect(socket.events).toEqual(['cork', 'uncork', 'cork']);
    expect(deferred).toHaveLength(2);
  });

  it('uncorks on process.nextTick by default, after the microtasks of the tick', async () => {
    const socket = recorder();
    const cork = new TickCork();
    cork.hold(socket);
    await Promise.resolve();
    cork.hold(socket);
    expect(socket.events).toEqual(['cork']);
    await new Promise<void>((resolve) => {
      setImmediate(resolve);
    });
    expect(socket.events).toEqual(['cork', 'uncork']);
  });
});
