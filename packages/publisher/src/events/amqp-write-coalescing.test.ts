import { describe, expect, test } from 'vitest';
import { coalesceSocketWrites } from './amqp-write-coalescing.js';

function fakeConnection() {
  const calls: string[] = [];
  const stream = {
    cork: () => calls.push('cork'),
    uncork: () => calls.push('uncork'),
    write: (chunk: string) => calls.push(`write ${chunk}`),
  };
  const muxer = {
    chunks: ['a', 'b', 'c'],
    _readIncoming(this: { chunks: string[] }) {
      for (const c of this.chunks) stream.write(c);
    },
  };
  return { calls, model: { connection: { muxer, stream } }, muxer };
}

describe('coalesceSocketWrites', () => {
  test('wraps one multiplexer pass, with the mux as `this`, in a single cork/uncork', () => {
    const { calls, model, muxer } = fakeConnection();
    expect(coalesceSocketWrites(model)).toBe(true);
    muxer._readIncoming();
    expect(calls).toEqual(['cork', 'write a', 'write b', 'write c', 'uncork']);
  });

  test('uncorks even when the pass throws', () => {
    const { calls, model, muxer } = fakeConnection();
    muxer._readIncoming = () => {
      throw new Error('boom');
    };
    coalesceSocketWrites(model);
    expect(() => {
      muxer._readIncoming();
    }).toThrow('boom');
    expect(calls).toEqual(['cork', 'uncork']);
  });

  test('leaves a connection of another shape alone', () => {
    expect(coalesceSocketWrites({})).toBe(false);
    expect(coalesceSocketWrites({ connection: { muxer: {}, stream: {} } })).toBe(false);
  });
});
