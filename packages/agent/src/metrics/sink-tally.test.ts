import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FLUSH_EVERY, SinkTally } from './sink-tally.js';

function setup(): {
  tally: SinkTally;
  value: (outcome: string) => Promise<number | undefined>;
  observed: () => Promise<number | undefined>;
} {
  const registers = [new client.Registry()];
  const messages = new client.Counter({
    name: 'm',
    help: 'm',
    labelNames: ['object_type', 'outcome'] as const,
    registers,
  });
  const seconds = new client.Histogram({
    name: 'h',
    help: 'h',
    labelNames: ['object_type'] as const,
    buckets: [0.01, 1],
    registers,
  });
  return {
    tally: new SinkTally('order', messages, seconds),
    value: async (outcome) =>
      (await messages.get()).values.find(
        (v) => v.labels.outcome === outcome && v.labels.object_type === 'order',
      )?.value,
    observed: async () => (await seconds.get()).values.find((v) => v.metricName === 'h_count')?.value,
  };
}

describe('SinkTally', () => {
  it('shows every outcome as 0 from the start', async () => {
    const { value, observed } = setup();
    expect(await value('received')).toBe(0);
    expect(await value('dead_lettered')).toBe(0);
    expect(await observed()).toBe(0);
  });

  it('hands counts and durations to prom-client when flushed, once', async () => {
    const { tally, value, observed } = setup();
    tally.receive();
    tally.receive();
    tally.settle('acked', 0.002);
    tally.settle('nacked', 0.5);
    expect(await value('received')).toBe(0);
    tally.flush();
    tally.flush();
    expect(await value('received')).toBe(2);
    expect(await value('acked')).toBe(1);
    expect(await value('nacked')).toBe(1);
    expect(await observed()).toBe(2);
  });

  it(`flushes by itself every ${String(FLUSH_EVERY)} settled messages, so an unscraped agent keeps no backlog`, async () => {
    const { tally, value, observed } = setup();
    for (let i = 0; i < FLUSH_EVERY - 1; i += 1) {
      tally.receive();
      tally.settle('acked', 0.001);
    }
    expect(await observed()).toBe(0);
    tally.receive();
    tally.settle('acked', 0.001);
    expect(await observed()).toBe(FLUSH_EVERY);
    expect(await value('acked')).toBe(FLUSH_EVERY);
  });
});
