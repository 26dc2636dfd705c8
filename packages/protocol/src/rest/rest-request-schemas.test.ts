// Request schemas: what the agent may send and how bad input is refused.
import { describe, expect, it } from 'vitest';
import {
  setBackendIdRequestSchema,
  setLimitsRequestSchema,
  setStateErredRequestSchema,
} from './action-requests.js';
import { agentIdentityRequestSchema } from './agent-identity.js';
import { registerProcessorRequestSchema } from './agent-processor.js';
import { registerServiceRequestSchema } from './agent-service.js';
import {
  eventSubscriptionCreateRequestSchema,
  registerEventSubscriptionRequestSchema,
} from './event-subscription.js';
import { createQueueRequestSchema } from './event-subscription-queue.js';
import { D } from '../fixtures/rest-samples.js';

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
