import { describe, expect, test } from 'vitest';
import { PublishError } from './publish-error.js';
import { queueKey, settleBatch, type RowOutcome } from './relay-batch.js';

const row = (id: string, queue: string, vhost = 'v') => ({ id, vhost, queue });
const ok: RowOutcome = { kind: 'confirmed' };
const fail = (code: PublishError['code'] = 'ERR_PUBLISH_NACK'): RowOutcome => ({
  kind: 'failed',
  error: new PublishError(code, 'x'),
});

describe('settleBatch', () => {
  test('every confirmed row is sent', () => {
    const rows = [row('1', 'a'), row('2', 'b'), row('3', 'a')];
    expect(settleBatch(rows, [ok, ok, ok])).toEqual({
      sent: ['1', '2', '3'],
      failed: [],
      held: 0,
      stopped: new Set(),
    });
  });

  test('a confirmed row behind a failed row of its queue is held, other queues go on', () => {
    const rows = [row('1', 'a'), row('2', 'a'), row('3', 'b'), row('4', 'a'), row('5', 'b')];
    const r = settleBatch(rows, [ok, fail(), ok, ok, ok]);
    expect(r.sent).toEqual(['1', '3', '5']);
    expect(r.failed.map((f) => f.row.id)).toEqual(['2']);
    expect(r.held).toBe(1);
  });

  test('only the first failure of a queue is recorded; later failures and skipped rows are held', () => {
    const rows = [row('1', 'a'), row('2', 'a'), row('3', 'a')];
    const r = settleBatch(rows, [fail('ERR_PUBLISH_UNROUTABLE'), fail(), { kind: 'skipped' }]);
    expect(r.sent).toEqual([]);
    expect(r.failed.map((f) => [f.row.id, f.error.code])).toEqual([['1', 'ERR_PUBLISH_UNROUTABLE']]);
    expect(r.held).toBe(2);
  });

  test('a skipped row stops its queue without a failure', () => {
    const rows = [row('1', 'a'), row('2', 'a')];
    expect(settleBatch(rows, [{ kind: 'skipped' }, ok])).toEqual({
      sent: [],
      failed: [],
      held: 2,
      stopped: new Set([queueKey(rows[0]!)]),
    });
  });

  test('queues are told apart by vhost too', () => {
    const rows = [row('1', 'q', 'v1'), row('2', 'q', 'v2'), row('3', 'q', 'v1')];
    const r = settleBatch(rows, [fail(), ok, ok]);
    expect(r.sent).toEqual(['2']);
    expect(r.held).toBe(1);
  });

  test('queues stopped by an earlier overlapping batch hold their rows here too, without a new failure', () => {
    const rows = [row('1', 'a'), row('2', 'b'), row('3', 'a'), row('4', 'c')];
    const r = settleBatch(rows, [ok, ok, ok, fail()], new Set([queueKey(row('0', 'a'))]));
    expect(r.sent).toEqual(['2']);
    expect(r.failed.map((f) => f.row.id)).toEqual(['4']);
    expect(r.held).toBe(2);
    expect([...r.stopped].sort()).toEqual([queueKey(row('0', 'a')), queueKey(row('0', 'c'))].sort());
  });
});
