// Property-based fuzzing of the agent's message handling: random bodies delivered to its real consumers
// (EventProcessAgent -> StompConsumer -> DeliveryProcessor -> handler table), with a counting backend instead
// of SLURM, the publisher's app in-process as REST, and an in-memory STOMP client. Must hold for every message:
// the delivery callback never throws, the message is settled exactly once, a body the wire schema rejects is
// NACKed with requeue:false (dead-lettered) at once and reaches no backend effect, and the consumers stay up.
import fc from 'fast-check';
import { join } from 'node:path';
import { EventProcessAgent, parseConfig, readEnvSettings } from '@waldur-sim/agent';
import { parseMessage, type ObservableObjectType } from '@waldur-sim/protocol';
import { brokerFromEnv } from '@waldur-sim/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CountingBackend } from '../../src/harness/fake-backend.js';
import { FakeStompBroker } from '../../src/harness/fake-stomp.js';
import {
  fuzzRuns,
  hexId,
  jsonValue,
  knownKeyObject,
  mutatedPayload,
  nastyString,
  validPayload,
} from '../../src/harness/fuzz-values.js';
import { startInProcessPublisher, type InProcessPublisher } from '../../src/harness/in-process-publisher.js';
import { callApi } from '../../src/harness/inject-rest.js';
import { injectFetch } from '../../src/harness/inject-fetch.js';
import { DATA_ROOT } from '../../src/harness/paths.js';
import { waitFor } from '../../src/harness/wait-for.js';

const PAYLOAD_KEYS = [
  'order_uuid',
  'order_state',
  'offering_uuid',
  'sequence_number',
  'action',
  'user_uuid',
  'user_username',
  'project_uuid',
  'project_name',
  'role_name',
  'granted',
  'resource_uuid',
  'requested_by_user_uuid',
  'offering_user_uuid',
  'username',
  'state',
  'changed_fields',
  'account_uuid',
  'account_username',
  'limits',
  'paused',
  'downscaled',
  'restrict_member_access',
  'api_key_uuid',
  'scope_type',
  'runtime_state',
] as const;

let publisher: InProcessPublisher;
let agent: EventProcessAgent;
const stomp = new FakeStompBroker();
const backend = new CountingBackend();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
let targets: { objectType: ObservableObjectType; destination: string }[];
let ids: string[];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  publisher = await startInProcessPublisher({
    broker: brokerFromEnv(),
    worlds: ['fa-'],
    embeddedDir: join(DATA_ROOT, 'security', 'fuzz-agent-pg'),
    members: 2,
  });
  const world = publisher.world('fa-');
  const { config } = parseConfig({
    offerings: [
      {
        ...world.agentOffering,
        stomp_retry_delay_seconds: 0,
        stomp_max_delivery_attempts: 3,
      },
    ],
  });
  agent = new EventProcessAgent(config, readEnvSettings({}), {
    log: pino({ level: 'silent' }),
    fetch: injectFetch(publisher.app),
    createBackend: backend.factory,
    createStompClientFactory: stomp.factory,
    sleep: () => Promise.resolve(),
  });
  agent.start();
  await agent.settled();
  await waitFor(
    'every consumer to be connected',
    () => agent.consumers.length > 0 && agent.consumers.every((c) => c.currentState === 'connected'),
    {
      timeoutMs: 30_000,
    },
  );
  targets = agent.consumers.map((c) => {
    const objectType = /_offering_[0-9a-f]{32}_(.+)$/.exec(c.destination)?.[1] as ObservableObjectType;
    return { objectType, destination: c.destination };
  });
  const prisma = publisher.db.prisma;
  ids = [
    world.offeringId,
    world.projectId,
    world.teamProjectId,
    ...world.members.map((m) => m.id),
    ...(await prisma.offeringUser.findMany({ select: { id: true } })).map((r) => r.id),
  ];
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await agent.stop();
  const world = publisher.world('fa-');
  for (const s of await publisher.db.prisma.eventSubscription.findMany({ select: { id: true } })) {
    await callApi(publisher.app, 'DELETE', `/api/event-subscriptions/${s.id}/`, world.staffToken);
  }
  await publisher.close();
});

describe('agent message handling fuzzing', () => {
  test('the agent consumes every object type it subscribed to', () => {
    expect(targets.map((t) => t.objectType)).toEqual(
      expect.arrayContaining(['order', 'user_role', 'resource', 'offering_user', 'offering_resources_sync']),
    );
  });

  // Fails if a body that fails the wire schema were acked (silently dropped), requeued (a poison loop), or
  // reached a handler; or if a handler error escaped the DeliveryProcessor into the consumer.
  test('random bodies: never throws, settled once, invalid ones dead-lettered with no effect', async () => {
    const value = jsonValue(ids, publisher.url);
    const id = fc.oneof(fc.constantFrom(...ids), hexId);
    const random = fc.oneof(
      {
        weight: 3,
        arbitrary: knownKeyObject(PAYLOAD_KEYS, fc.oneof(value, hexId)).map((o) => JSON.stringify(o)),
      },
      { weight: 1, arbitrary: value.map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: nastyString },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    );
    const message = fc.constantFrom(...targets).chain((target) =>
      fc.record({
        target: fc.constant(target),
        body: fc.oneof(
          { weight: 2, arbitrary: validPayload(target.objectType, id).map((p) => JSON.stringify(p)) },
          {
            weight: 2,
            arbitrary: mutatedPayload(target.objectType, id, value).map((p) => JSON.stringify(p)),
          },
          { weight: 2, arbitrary: random },
        ),
        messageId: fc.option(hexId, { nil: undefined }),
        redelivered: fc.boolean(),
      }),
    );
    const numRuns = fuzzRuns(3000);
    const outcomes = { valid: 0, invalid: 0, ack: 0, requeue: 0, deadLetter: 0 };
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const valid = parseMessage(m.target.objectType, m.body).ok;
        const effectsBefore = backend.total;
        const how = await stomp.deliver(m.target.destination, m.body, {
          redelivered: String(m.redelivered),
          ...(m.messageId === undefined ? {} : { 'x-message-id': m.messageId }),
        });
        outcomes[how === 'dead-letter' ? 'deadLetter' : how] += 1;
        if (valid) {
          outcomes.valid += 1;
        } else {
          outcomes.invalid += 1;
          expect(how, `invalid ${m.target.objectType} body ${JSON.stringify(m.body).slice(0, 200)}`).toBe(
            'dead-letter',
          );
          expect(backend.total, 'an invalid message reached the backend').toBe(effectsBefore);
        }
        expect(agent.consumers.every((c) => c.currentState === 'connected')).toBe(true);
      }),
      { numRuns },
    );
    console.log('agent fuzz outcomes', JSON.stringify(outcomes), JSON.stringify([...backend.effects]));
    // Both sides of the oracle were exercised, and valid messages went all the way to a settlement.
    expect(outcomes.valid).toBeGreaterThan(numRuns / 10);
    expect(outcomes.invalid).toBeGreaterThan(numRuns / 10);
    expect(outcomes.ack).toBeGreaterThan(0);
    expect(unhandled).toEqual([]);
  });

  // Fails if a crash in one handler broke the consumer: a plain valid message must still be acked.
  test('after the fuzzing a valid message is still processed and acked', async () => {
    const order = targets.find((t) => t.objectType === 'order');
    expect(order).toBeDefined();
    const how = await stomp.deliver(
      order?.destination ?? '',
      JSON.stringify({ order_uuid: hexIdSample(), order_state: 'done' }),
    );
    expect(how).toBe('ack');
  });
});

function hexIdSample(): string {
  return fc.sample(hexId, 1)[0] ?? '0'.repeat(32);
}
