import { describe, expect, it } from 'vitest';
import { buildMessage, buildMessages } from './build-message.js';
import { isObservableObjectType } from './enums/observable-object-type.js';
import { messageIdFixtures as fixtures } from './fixtures/load-fixtures.js';
import { untag } from './fixtures/tagged-value.js';
import { sendHeaders } from './send-headers.js';

const SUB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const OFF = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('buildMessage equals what Waldur’s prepare_messages + publish_stomp_messages produce', () => {
  for (const c of fixtures.messages) {
    it(c.objectType, () => {
      if (!isObservableObjectType(c.objectType)) throw new Error(`bad fixture type ${c.objectType}`);
      const built = buildMessage({
        vhost: c.vhost,
        subscriptionUuid: c.subscriptionUuid,
        offeringUuid: c.offeringUuid,
        objectType: c.objectType,
        payload: untag(c.payload) as Record<string, unknown>,
      });
      expect(built.topic).toBe(c.topic);
      expect(built.queue).toBe(c.queue);
      expect(built.destination).toBe(`/amq/queue/${c.queue}`);
      expect(built.body).toBe(c.body);
      expect(built.headers['x-message-id']).toBe(c.messageId);
    });
  }
});

describe('buildMessage', () => {
  it('appends offering_uuid last, as hex, after the handler’s keys', () => {
    const built = buildMessage({
      vhost: 'vh',
      subscriptionUuid: SUB,
      offeringUuid: '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0',
      objectType: 'order',
      payload: { order_uuid: SUB, order_state: 'executing' },
    });
    expect(built.body).toBe(
      `{"order_uuid": "${SUB}", "order_state": "executing", "offering_uuid": "${OFF}"}`,
    );
    expect(Object.keys(JSON.parse(built.body) as object).at(-1)).toBe('offering_uuid');
  });

  it('keeps an existing offering_uuid in place and overwrites its value (Waldur mutates the dict)', () => {
    const built = buildMessage({
      vhost: 'vh',
      subscriptionUuid: SUB,
      offeringUuid: OFF,
      objectType: 'resource_periodic_limits',
      payload: { resource_uuid: SUB, offering_uuid: 'old', action: 'apply_periodic_settings' },
    });
    expect(built.body).toBe(
      `{"resource_uuid": "${SUB}", "offering_uuid": "${OFF}", "action": "apply_periodic_settings"}`,
    );
  });

  it('does not modify the caller’s payload', () => {
    const payload = { order_uuid: SUB, order_state: 'done' };
    buildMessage({ vhost: 'v', subscriptionUuid: SUB, offeringUuid: OFF, objectType: 'order', payload });
    expect(payload).toEqual({ order_uuid: SUB, order_state: 'done' });
  });

  it('sets Waldur’s SEND headers in Waldur’s order, hashing the slash-form topic', () => {
    const built = buildMessage({
      vhost: 'v',
      subscriptionUuid: SUB,
      offeringUuid: OFF,
      objectType: 'order',
      payload: {},
    });
    expect(Object.entries(built.headers)).toEqual([
      ['persistent', 'true'],
      ['durable', 'true'],
      ['auto-delete', 'false'],
      ['content-type', 'application/json'],
      ['x-message-id', sendHeaders({ vhost: 'v', topic: built.topic, payload: built.body })['x-message-id']],
    ]);
    expect(built.headers['x-message-id']).not.toBe(
      sendHeaders({ vhost: 'v', topic: built.queue, payload: built.body })['x-message-id'],
    );
  });
});

describe('buildMessages', () => {
  it('gives each recipient exactly what buildMessage gives it, sharing one body', () => {
    const event = {
      offeringUuid: OFF,
      objectType: 'order' as const,
      payload: { order_uuid: 'x', order_state: 'done' },
    };
    const recipients = [
      { vhost: 'v1', subscriptionUuid: SUB },
      { vhost: 'v2', subscriptionUuid: OFF },
    ];
    const many = buildMessages(event, recipients);
    expect(many).toEqual(recipients.map((r) => buildMessage({ ...event, ...r })));
    expect(new Set(many.map((m) => m.queue)).size).toBe(2);
    expect(many[0]?.headers['x-message-id']).not.toBe(many[1]?.headers['x-message-id']);
    expect(buildMessages(event, [])).toEqual([]);
  });
});
