import { describe, expect, it } from 'vitest';
import { TickBatchedStream } from './tick-batched-stream.js';

function setup() {
  const writes: string[] = [];
  const deferred: (() => void)[] = [];
  const stream = new TickBatchedStream(
    {
      write: (chunk: string) => {
        writes.push(chunk);
      },
    },
    (fn) => {
      deferred.push(fn);
    },
  );
  return { stream, writes, deferred };
}

describe('TickBatchedStream', () => {
  it('writes the lines of one tick in one write, in order, at the end of the tick', () => {
    const { stream, writes, deferred } = setup();
    stream.write('a\n');
    stream.write('b\n');
    stream.write('c\n');
    expect(writes).toEqual([]);
    expect(deferred).toHaveLength(1);
    deferred.shift()?.();
    expect(writes).toEqual(['a\nb\nc\n']);
  });

  it('starts a new batch after a flush and schedules one flush per batch', () => {
    const { stream, writes, deferred } = setup();
    stream.write('a\n');
    stream.flush();
    expect(writes).toEqual(['a\n']);
    stream.write('b\n');
    expect(deferred).toHaveLength(2);
    for (const fn of deferred.splice(0)) fn();
    expect(writes).toEqual(['a\n', 'b\n']);
  });

  it('flushes nothing when nothing is pending', () => {
    const { stream, writes } = setup();
    stream.flush();
    expect(writes).toEqual([]);
  });

  it('by default writes after the current tick', async () => {
    const writes: string[] = [];
    const stream = new TickBatchedStream({ write: (c: string) => writes.push(c) });
    stream.write('x\n');
    stream.write('y\n');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['x\ny\n']);
  });
});
