// Response schemas parse realistic Waldur bodies, pass unknown keys through and require what py-client requires.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { agentIdentitySchema } from './agent-identity.js';
import { agentProcessorSchema } from './agent-processor.js';
import { agentServiceSchema } from './agent-service.js';
import { eventSubscriptionSchema } from './event-subscription.js';
import { EVENT_SUBSCRIPTION_QUEUE_KEYS, eventSubscriptionQueueSchema } from './event-subscription-queue.js';
import { offeringUserSchema } from './offering-user.js';
import { orderSchema } from './order.js';
import { providerOfferingSchema } from './provider-offering.js';
import { providerResourceSchema } from './provider-resource.js';
import { userSchema } from './user.js';
import {
  A,
  C,
  eventSubscription,
  eventSubscriptionQueue,
  agentIdentity,
  agentService,
  agentProcessor,
  order,
  providerResource,
  offeringUser,
  providerOffering,
  user,
} from '../fixtures/rest-samples.js';

interface Model {
  readonly name: string;
  readonly schema: z.ZodObject;
  readonly sample: Record<string, unknown>;
  /** Keys py-client's from_dict requires (or, where py-client has none, the ones our contract requires). */
  readonly required: readonly string[];
}

function requiredKeysOf(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

const MODELS: readonly Model[] = [
  {
    name: 'EventSubscription',
    schema: eventSubscriptionSchema,
    sample: eventSubscription,
    required: [
      'uuid',
      'url',
      'user',
      'user_uuid',
      'user_username',
      'user_full_name',
      'created',
      'modified',
      'source_ip',
    ],
  },
  {
    name: 'EventSubscriptionQueue',
    schema: eventSubscriptionQueueSchema,
    sample: eventSubscriptionQueue,
    required: [...EVENT_SUBSCRIPTION_QUEUE_KEYS],
  },
  {
    name: 'AgentIdentity',
    schema: agentIdentitySchema,
    sample: agentIdentity,
    required: ['uuid', 'url', 'offering', 'created_by', 'name', 'created', 'modified', 'services'],
  },
  {
    name: 'AgentService',
    schema: agentServiceSchema,
    sample: agentService,
    required: [
      'uuid',
      'url',
      'identity',
      'identity_name',
      'name',
      'state',
      'created',
      'modified',
      'processors',
    ],
  },
  {
    name: 'AgentProcessor',
    schema: agentProcessorSchema,
    sample: agentProcessor,
    required: ['uuid', 'url', 'service', 'service_name', 'name', 'backend_type', 'created', 'modified'],
  },
  { name: 'OrderDetails', schema: orderSchema, sample: order, required: requiredKeysOf(orderSchema) },
  {
    name: 'Resource',
    schema: providerResourceSchema,
    sample: providerResource,
    required: requiredKeysOf(providerResourceSchema),
  },
  {
    name: 'OfferingUser',
    schema: offeringUserSchema,
    sample: offeringUser,
    required: requiredKeysOf(offeringUserSchema),
  },
  {
    name: 'ProviderOfferingDetails',
    schema: providerOfferingSchema,
    sample: providerOffering,
    required: requiredKeysOf(providerOfferingSchema),
  },
  { name: 'User', schema: userSchema, sample: user, required: requiredKeysOf(userSchema) },
];

describe('REST response schemas', () => {
  for (const m of MODELS) {
    describe(m.name, () => {
      it('parses a realistic body and passes unknown keys through', () => {
        const parsed = m.schema.parse({ ...m.sample, added_in_a_later_waldur: [1] });
        expect(parsed).toEqual({ ...m.sample, added_in_a_later_waldur: [1] });
      });

      it('requires exactly the documented keys', () => {
        expect(requiredKeysOf(m.schema).sort()).toEqual([...m.required].sort());
        expect(m.required.length).toBeGreaterThan(4);
      });

      for (const key of m.required) {
        it(`rejects a body without ${key}`, () => {
          const body = Object.fromEntries(Object.entries(m.sample).filter(([k]) => k !== key));
          const result = m.schema.safeParse(body);
          expect(result.success).toBe(false);
          expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(key);
        });
      }
    });
  }

  it('rejects the wire types py-client would choke on', () => {
    expect(eventSubscriptionSchema.safeParse({ ...eventSubscription, uuid: 'A0F1' }).success).toBe(false);
    expect(eventSubscriptionSchema.safeParse({ ...eventSubscription, created: 'yesterday' }).success).toBe(
      false,
    );
    expect(
      eventSubscriptionSchema.safeParse({ ...eventSubscription, url: '/api/event-subscriptions/x/' }).success,
    ).toBe(false);
    expect(agentServiceSchema.safeParse({ ...agentService, state: 'Running' }).success).toBe(false);
    expect(orderSchema.safeParse({ ...order, type: 'create' }).success).toBe(false);
    expect(orderSchema.safeParse({ ...order, limits: { cpu: '1000' } }).success).toBe(false);
    expect(providerResourceSchema.safeParse({ ...providerResource, state: 'ok' }).success).toBe(false);
    expect(offeringUserSchema.safeParse({ ...offeringUser, state: 'requested' }).success).toBe(false);
    expect(
      providerOfferingSchema.safeParse({
        ...providerOffering,
        components: [{ ...providerOffering.components[0], billing_type: 'x' }],
      }).success,
    ).toBe(false);
  });

  it('allows field-selected (partial) bodies via .partial(), still typed', () => {
    const narrowed = providerResourceSchema.partial();
    expect(narrowed.safeParse({ uuid: C, backend_id: 'hpc_1', restrict_member_access: false }).success).toBe(
      true,
    );
    expect(narrowed.safeParse({ uuid: 'nope' }).success).toBe(false);
    expect(
      providerOfferingSchema
        .partial()
        .safeParse({ components: [], customer_uuid: A, plugin_options: {}, partitions: [] }).success,
    ).toBe(true);
  });
});
