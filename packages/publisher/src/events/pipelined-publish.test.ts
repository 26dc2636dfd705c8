import { describe, expect, test } from 'vitest';
import type { MessagePublisher, OutgoingMessage } from './amqp-publisher.js';
import { ConfirmWindow, startPipelined, type PublishableRow } from './pipelined-publish.js';
import { PublishError } from './publish-error.js';

/** A publisher whose confirms the test settles by hand. */
class FakePublisher implements MessagePublisher {
  readonly sent: OutgoingMessage[] = [];
  readonly pending: { msg: OutgoingMessage; resolve: () => void; reject: (e: unknown) => void }[] = [];
  maxInFlight = 0;

  publish(msg: OutgoingMessage): Promise<void> {
    this.sent.push(msg);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ msg, resolve, reject });
      this.maxInFlight = Math.max(this.maxInFlight, this.pending.length);
    }).finally(() => {
      this.pending.splice(
        this.pending.findIndex((p) => p.msg === msg),
        1,
      );
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const row = (id: string, queue: string, vhost = 'v') => ({ id, vhost, queue, body: id, headers: {} });
/** One batch on its own window: every row's outcome. */
const publishPipelined = (p: MessagePublisher, rows: readonly PublishableRow[], window: number) =>
  startPipelined(p, rows, new ConfirmWindow(window)).settled;
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function settleAll(p: FakePublisher, decide: (m: OutgoingMessage) => unknown, until: Promise<unknown>) {
  const state = { done: false };
  void until.then(() => (state.done = true));
  while (!state.done) {
    for (const x of [...p.pending]) {
      const err = decide(x.msg);
      if (err === undefined) x.resolve();
      else x.reject(err);
    }
    await tick();
  }
}

describe('startPipelined, one batch', () => {
  test('sends every row in order before any confirm arrives, up to the window', async () => {
    const p = new FakePublisher();
    const rows = Array.from({ length: 10 }, (_, i) => row(String(i + 1), i % 2 === 0 ? 'a' : 'b'));
    const run = publishPipelined(p, rows, 4);
    await tick();
    expect(p.sent.map((m) => m.body)).toEqual(['1', '2', '3', '4']);
    await settleAll(p, () => undefined, run);
    expect(p.sent.map((m) => m.body)).toEqual(rows.map((r) => r.id));
    expect(p.maxInFlight).toBe(4);
    expect((await run).every((o) => o.kind === 'confirmed')).toBe(true);
  });

  test('after a failure in a queue its later unsent rows are skipped, other queues continue', async () => {
    const p = new FakePublisher();
    const rows = [row('1', 'a'), row('2', 'b'), row('3', 'a'), row('4', 'b'), row('5', 'a')];
    const run = publishPipelined(p, rows, 1);
    await settleAll(p, (m) => (m.body === '1' ? new PublishError('ERR_PUBLISH_NACK', 'no') : undefined), run);
    const kinds = (await run).map((o) => o.kind);
    expect(kinds).toEqual(['failed', 'confirmed', 'skipped', 'confirmed', 'skipped']);
    expect(p.sent.map((m) => m.body)).toEqual(['1', '2', '4']);
  });

  test('an unreachable vhost fails its other queues without another publish; a plain Error is wrapped', async () => {
    const p = new FakePublisher();
    const rows = [row('1', 'a', 'x'), row('2', 'b', 'x'), row('3', 'c', 'y'), row('4', 'd', 'y')];
    const run = publishPipelined(p, rows, 1);
    await settleAll(
      p,
      (m) =>
        m.vhost === 'x' ? new PublishError('ERR_PUBLISH_CONNECT', 'down') : new Error('channel closed'),
      run,
    );
    const out = await run;
    expect(out.map((o) => (o.kind === 'failed' ? o.error.code : o.kind))).toEqual([
      'ERR_PUBLISH_CONNECT',
      'ERR_PUBLISH_CONNECT',
      'ERR_PUBLISH_CHANNEL',
      'ERR_PUBLISH_CHANNEL',
    ]);
    expect(p.sent.map((m) => m.body)).toEqual(['1', '3', '4']);
  });

  test('rows already in flight when an earlier row of their queue fails still report their own outcome', async () => {
    const p = new FakePublisher();
    const rows = [row('1', 'a'), row('2', 'a'), row('3', 'a')];
    const run = publishPipelined(p, rows, 10);
    await tick();
    expect(p.sent).toHaveLength(3);
    await settleAll(
      p,
      (m) => (m.body === '1' ? new PublishError('ERR_PUBLISH_TIMEOUT', 't') : undefined),
      run,
    );
    expect((await run).map((o) => o.kind)).toEqual(['failed', 'confirmed', 'confirmed']);
  });

  test('two batches on one window: the window bounds both, the second goes out after the first is issued', async () => {
    const p = new FakePublisher();
    const window = new ConfirmWindow(4);
    const first = startPipelined(p, [row('1', 'a'), row('2', 'a'), row('3', 'b')], window);
    await first.issued;
    const second = startPipelined(p, [row('4', 'a'), row('5', 'b'), row('6', 'a')], window);
    await tick();
    expect(p.sent.map((m) => m.body)).toEqual(['1', '2', '3', '4']);
    const both = Promise.all([first.settled, second.settled, second.issued]);
    await settleAll(p, () => undefined, both);
    expect(p.maxInFlight).toBe(4);
    expect(p.sent.map((m) => m.body)).toEqual(['1', '2', '3', '4', '5', '6']);
    const [a, b] = await both;
    expect([...a, ...b].every((o) => o.kind === 'confirmed')).toBe(true);
  });

  test('an empty batch is issued and settled at once; a window must hold at least one publish', async () => {
    const run = startPipelined(new FakePublisher(), [], new ConfirmWindow(1));
    await expect(run.issued).resolves.toBeUndefined();
    await expect(run.settled).resolves.toEqual([]);
    expect(() => new ConfirmWindow(0)).toThrow(RangeError);
  });
});
