import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  setBackendIdRequestSchema,
  setLimitsRequestSchema,
  setStateErredRequestSchema,
} from './action-requests.js';
import { agentIdentityRequestSchema, agentIdentitySchema } from './agent-identity.js';
import { agentProcessorSchema, registerProcessorRequestSchema } from './agent-processor.js';
import { agentServiceSchema, registerServiceRequestSchema } from './agent-service.js';
import {
  eventSubscriptionCreateRequestSchema,
  eventSubscriptionSchema,
  registerEventSubscriptionRequestSchema,
} from './event-subscription.js';
import {
  createQueueRequestSchema,
  EVENT_SUBSCRIPTION_QUEUE_KEYS,
  eventSubscriptionQueueSchema,
} from './event-subscription-queue.js';
import { offeringUserSchema } from './offering-user.js';
import { orderSchema } from './order.js';
import { providerOfferingSchema } from './provider-offering.js';
import { providerResourceSchema } from './provider-resource.js';
import { userSchema } from './user.js';

const API = 'https://waldur.example.org/api';
const A = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const B = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const C = '5d41402abc4b2a76b9719d911017c592';
const D = '7c222fb2927d828af22f592134e89324';
const T = '2026-03-01T12:34:56.123456Z';

const eventSubscription = {
  uuid: A,
  url: `${API}/event-subscriptions/${A}/`,
  user: `${API}/users/${B}/`,
  user_uuid: B,
  user_username: 'agent-user',
  user_full_name: 'Agent User',
  created: T,
  modified: T,
  source_ip: '127.0.0.1',
  description: 'Event subscription created by the site agent for identity {identity.name}',
  observable_objects: [{ object_type: 'order' }],
};

const eventSubscriptionQueue = {
  uuid: C,
  url: `${API}/event-subscription-queues/${C}/`,
  event_subscription: `${API}/event-subscriptions/${A}/`,
  event_subscription_uuid: A,
  offering_uuid: D,
  object_type: 'order',
  queue_name: `subscription_${A}_offering_${D}_order`,
  vhost: B,
  created: T,
};

const nestedService = {
  uuid: C,
  url: `${API}/marketplace-site-agent-services/${C}/`,
  name: 'event_process-order',
  state: 'Active',
  created: T,
  modified: T,
  mode: 'event_process',
  statistics: {},
};

const agentIdentity = {
  uuid: A,
  url: `${API}/marketplace-site-agent-identities/${A}/`,
  offering: D,
  created_by: B,
  name: `agent-${D}`,
  created: T,
  modified: T,
  services: [nestedService],
  compatibility: { status: 'compatible', message: 'ok' },
  version: '1.0.2',
  dependencies: [{ package: 'waldur-api-client', version: '8.0.0' }],
  config_file_path: '',
  config_file_content: '',
  last_restarted: '2026-03-01T12:00:00+00:00',
};

const agentService = {
  uuid: C,
  url: `${API}/marketplace-site-agent-services/${C}/`,
  identity: A,
  identity_name: `agent-${D}`,
  name: 'event_process-order',
  state: 'Idle',
  created: T,
  modified: T,
  mode: null,
  processors: [
    {
      uuid: B,
      url: `${API}/marketplace-site-agent-processors/${B}/`,
      name: 'OfferingOrderProcessor',
      backend_type: 'slurm',
      backend_version: '23.02',
      last_run: null,
      created: T,
      modified: T,
    },
  ],
};

const agentProcessor = {
  uuid: B,
  url: `${API}/marketplace-site-agent-processors/${B}/`,
  service: C,
  service_name: 'event_process-order',
  name: 'OfferingOrderProcessor',
  backend_type: 'waldur_site_agent_slurm.backend.SlurmBackend',
  created: T,
  modified: T,
  last_run: T,
  backend_version: '23.02',
};

const order = {
  uuid: A,
  created: T,
  modified: T,
  type: 'Create',
  state: 'pending-provider',
  offering_uuid: D,
  offering_type: 'Marketplace.Slurm',
  project_uuid: B,
  project_name: 'Project',
  project_slug: 'project-1',
  customer_uuid: C,
  customer_slug: 'customer-1',
  resource_name: 'alloc-1',
  marketplace_resource_uuid: C,
  resource_uuid: null,
  backend_id: '',
  attributes: { name: 'alloc-1' },
  limits: { cpu: 1000, mem: 2048.5 },
  plan_uuid: null,
  completed_at: null,
};

const providerResource = {
  uuid: C,
  url: `${API}/marketplace-provider-resources/${C}/`,
  name: 'alloc-1',
  slug: 'alloc-1',
  state: 'OK',
  backend_id: 'hpc_alloc_1',
  created: T,
  modified: T,
  offering: `${API}/marketplace-provider-offerings/${D}/`,
  offering_uuid: D,
  offering_name: 'SLURM',
  offering_type: 'Marketplace.Slurm',
  project: `${API}/projects/${B}/`,
  project_uuid: B,
  project_name: 'Project',
  project_slug: 'project-1',
  customer_uuid: A,
  customer_name: 'Customer',
  customer_slug: 'customer-1',
  limits: { cpu: 1000, mem: 2048 },
  attributes: {},
  backend_metadata: {},
  restrict_member_access: false,
  downscaled: false,
  paused: false,
  end_date: null,
  last_sync: T,
  order_in_progress: null,
};

const offeringUser = {
  uuid: A,
  url: `${API}/marketplace-offering-users/${A}/`,
  user: `${API}/users/${B}/`,
  user_uuid: B,
  user_username: 'jdoe',
  offering: `${API}/marketplace-provider-offerings/${D}/`,
  offering_uuid: D,
  offering_name: 'SLURM',
  username: null,
  state: 'Requested',
  runtime_state: 'Active',
  is_restricted: false,
  created: T,
  modified: T,
};

const providerOffering = {
  uuid: D,
  url: `${API}/marketplace-provider-offerings/${D}/`,
  name: 'SLURM',
  slug: 'slurm',
  type: 'Marketplace.Slurm',
  state: 'Active',
  created: T,
  customer: `${API}/customers/${A}/`,
  customer_uuid: A,
  customer_name: 'Provider',
  components: [
    {
      uuid: B,
      type: 'cpu',
      name: 'CPU',
      measured_unit: 'k-Hours',
      billing_type: 'limit',
      limit_period: null,
    },
    {
      uuid: C,
      type: 'mem',
      name: 'Memory',
      measured_unit: 'GB-Hours',
      billing_type: 'usage',
      limit_period: 'total',
    },
  ],
  plugin_options: { account_name_generation_policy: 'project_slug' },
};

const user = {
  url: `${API}/users/${B}/`,
  uuid: B,
  username: 'agent-user',
  full_name: 'Agent User',
  email: 'agent@example.org',
  is_staff: false,
  is_active: true,
  is_support: false,
};

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

describe('REST request schemas', () => {
  it('create_queue: normalises a dashed offering UUID to hex and checks the object type', () => {
    expect(
      createQueueRequestSchema.parse({
        offering_uuid: '7C222FB2-927D-828A-F22F-592134E89324',
        object_type: 'user_role',
      }),
    ).toEqual({
      offering_uuid: D,
      object_type: 'user_role',
    });
    expect(createQueueRequestSchema.safeParse({ offering_uuid: D, object_type: 'invoice' }).success).toBe(
      false,
    );
    expect(createQueueRequestSchema.safeParse({ object_type: 'order' }).success).toBe(false);
  });

  it('register_event_subscription: needs a known observable_object_type', () => {
    expect(
      registerEventSubscriptionRequestSchema.safeParse({ observable_object_type: 'order', description: 'x' })
        .success,
    ).toBe(true);
    expect(registerEventSubscriptionRequestSchema.safeParse({ description: 'x' }).success).toBe(false);
  });

  it('event subscription create: observable_objects items have only object_type and object_id', () => {
    expect(
      eventSubscriptionCreateRequestSchema.safeParse({
        observable_objects: [{ object_type: 'order', object_id: 3 }],
      }).success,
    ).toBe(true);
    expect(
      eventSubscriptionCreateRequestSchema.safeParse({ observable_objects: [{ object_type: 'order', x: 1 }] })
        .success,
    ).toBe(false);
    expect(eventSubscriptionCreateRequestSchema.safeParse({}).success).toBe(true);
  });

  it('agent identity: requires offering and name, accepts the agent’s body', () => {
    const body = {
      offering: D,
      name: `agent-${D}`,
      version: '1.0.2',
      last_restarted: '2026-03-01T12:00:00.000000+00:00',
      dependencies: [{ package: 'waldur-site-agent-slurm', version: '1.0.2' }],
      config_file_path: '',
      config_file_content: '',
    };
    expect(agentIdentityRequestSchema.safeParse(body).success).toBe(true);
    expect(agentIdentityRequestSchema.safeParse({ name: 'x' }).success).toBe(false);
    expect(agentIdentityRequestSchema.safeParse({ offering: D }).success).toBe(false);
  });

  it('register_service and register_processor bodies', () => {
    expect(
      registerServiceRequestSchema.safeParse({ name: 'event_process-order', mode: 'event_process' }).success,
    ).toBe(true);
    expect(registerServiceRequestSchema.safeParse({ mode: 'event_process' }).success).toBe(false);
    expect(
      registerProcessorRequestSchema.safeParse({ name: 'P', backend_type: 'slurm', backend_version: null })
        .success,
    ).toBe(true);
    expect(registerProcessorRequestSchema.safeParse({ name: 'P' }).success).toBe(false);
  });

  it('callback bodies: set_backend_id, set_limits, set_state_erred', () => {
    expect(setBackendIdRequestSchema.safeParse({ backend_id: 'hpc_1' }).success).toBe(true);
    expect(setBackendIdRequestSchema.safeParse({}).success).toBe(false);
    expect(setLimitsRequestSchema.safeParse({ limits: { cpu: 10 } }).success).toBe(true);
    expect(setLimitsRequestSchema.safeParse({ limits: { cpu: 1.5 } }).success).toBe(false);
    expect(
      setStateErredRequestSchema.safeParse({ error_message: 'boom', error_traceback: 'tb' }).success,
    ).toBe(true);
    expect(setStateErredRequestSchema.safeParse({ error_message: 5 }).success).toBe(false);
  });
});
