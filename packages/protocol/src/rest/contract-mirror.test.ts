// The protocol's REST schemas against Waldur's contract (`@waldur-sim/contract`, a test-only dependency): each
// schema names the contract model it mirrors and must agree with it on required keys, nullability and enums,
// and accept a full answer built from the model (nulls in every nullable field). Every object schema this
// folder exports is either mirrored or listed with a reason, so the mirror list cannot silently shrink.
import { exampleModel, loadContract, type ContractField } from '@waldur-sim/contract';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as actionRequests from './action-requests.js';
import * as agentIdentity from './agent-identity.js';
import * as agentProcessor from './agent-processor.js';
import * as agentService from './agent-service.js';
import * as eventSubscriptionQueue from './event-subscription-queue.js';
import * as eventSubscription from './event-subscription.js';
import * as offeringUser from './offering-user.js';
import * as order from './order.js';
import * as providerOffering from './provider-offering.js';
import * as providerResource from './provider-resource.js';
import * as user from './user.js';

const contract = loadContract();
type AnyObject = z.ZodObject;

interface Mirror {
  readonly schema: AnyObject;
  readonly model: string;
  /** Keys the contract requires that the schema deliberately leaves optional, with the reason. */
  readonly optional?: Readonly<Record<string, string>>;
  /** Keys the schema declares beyond the contract's model, with the reason. */
  readonly extraKeys?: Readonly<Record<string, string>>;
  /** Keys whose enum deliberately differs from the contract's, with the reason. */
  readonly enumDiffers?: Readonly<Record<string, string>>;
}

const OBJECT_TYPES_DIFFER =
  "our observable object types: Waldur's enum order with resource_end_date_change_request (a newer Waldur's type) " +
  'and without the user_* types (events of users, not of offerings; our agent does not consume them)';

/** Schema export name -> the contract model it mirrors. */
const MIRRORS: Readonly<Record<string, Mirror>> = {
  agentServiceSchema: { schema: agentService.agentServiceSchema, model: 'AgentService' },
  nestedAgentServiceSchema: { schema: agentService.nestedAgentServiceSchema, model: 'NestedAgentService' },
  nestedAgentProcessorSchema: {
    schema: agentProcessor.nestedAgentProcessorSchema,
    model: 'NestedAgentProcessor',
  },
  registerServiceRequestSchema: {
    schema: agentService.registerServiceRequestSchema,
    model: 'AgentServiceCreateRequest',
  },
  agentProcessorSchema: { schema: agentProcessor.agentProcessorSchema, model: 'AgentProcessor' },
  registerProcessorRequestSchema: {
    schema: agentProcessor.registerProcessorRequestSchema,
    model: 'AgentProcessorCreateRequest',
  },
  agentIdentitySchema: {
    schema: agentIdentity.agentIdentitySchema,
    model: 'AgentIdentity',
    extraKeys: { compatibility: "a newer Waldur's key, optional so the contract's answers parse" },
  },
  agentIdentityRequestSchema: {
    schema: agentIdentity.agentIdentityRequestSchema,
    model: 'AgentIdentityRequest',
  },
  agentDependencySchema: { schema: agentIdentity.agentDependencySchema, model: 'AgentDependency' },
  eventSubscriptionSchema: { schema: eventSubscription.eventSubscriptionSchema, model: 'EventSubscription' },
  observableObjectSchema: {
    schema: eventSubscription.observableObjectSchema,
    model: 'EventSubscriptionObservableObject',
  },
  registerEventSubscriptionRequestSchema: {
    schema: eventSubscription.registerEventSubscriptionRequestSchema,
    model: 'AgentEventSubscriptionCreateRequest',
    enumDiffers: { observable_object_type: OBJECT_TYPES_DIFFER },
  },
  eventSubscriptionQueueSchema: {
    schema: eventSubscriptionQueue.eventSubscriptionQueueSchema,
    model: 'EventSubscriptionQueue',
  },
  createQueueRequestSchema: {
    schema: eventSubscriptionQueue.createQueueRequestSchema,
    model: 'EventSubscriptionQueueCreateRequest',
    enumDiffers: { object_type: OBJECT_TYPES_DIFFER },
  },
  orderSchema: { schema: order.orderSchema, model: 'OrderDetails' },
  providerResourceSchema: { schema: providerResource.providerResourceSchema, model: 'Resource' },
  nestedEndpointSchema: { schema: providerResource.nestedEndpointSchema, model: 'NestedEndpoint' },
  offeringUserSchema: { schema: offeringUser.offeringUserSchema, model: 'OfferingUser' },
  providerOfferingSchema: {
    schema: providerOffering.providerOfferingSchema,
    model: 'ProviderOfferingDetails',
  },
  offeringComponentSchema: { schema: providerOffering.offeringComponentSchema, model: 'OfferingComponent' },
  userSchema: { schema: user.userSchema, model: 'UserMe' },
  setBackendIdRequestSchema: {
    schema: actionRequests.setBackendIdRequestSchema,
    model: 'OrderBackendIDRequest',
  },
  setLimitsRequestSchema: {
    schema: actionRequests.setLimitsRequestSchema,
    model: 'ResourceSetLimitsRequest',
  },
  setStateErredRequestSchema: {
    schema: actionRequests.setStateErredRequestSchema,
    model: 'ResourceSetStateErredRequest',
  },
};

/** Object schemas of this folder that mirror no model of the contract, and why. */
const NOT_MIRRORED: Readonly<Record<string, string>> = {
  eventSubscriptionCreateRequestSchema:
    'POST /api/event-subscriptions/ is a user call (the event tap), not one the agent makes: not in the contract',
  agentCompatibilitySchema:
    "a newer Waldur's AgentIdentity.compatibility; the contract's client (8.1.0rc19) has no such model",
};

/** Contract models whose mirror must not disappear (what the agent reads and sends on its hot paths). */
const MUST_MIRROR = [
  'AgentIdentity',
  'AgentService',
  'AgentProcessor',
  'EventSubscription',
  'EventSubscriptionQueue',
  'OrderDetails',
  'Resource',
  'OfferingUser',
  'ProviderOfferingDetails',
  'UserMe',
  'AgentServiceCreateRequest',
  'AgentProcessorCreateRequest',
  'AgentIdentityRequest',
  'AgentEventSubscriptionCreateRequest',
  'EventSubscriptionQueueCreateRequest',
  'ResourceSetLimitsRequest',
];

const MODULES: readonly Readonly<Record<string, unknown>>[] = [
  actionRequests,
  agentIdentity,
  agentProcessor,
  agentService,
  eventSubscriptionQueue,
  eventSubscription,
  offeringUser,
  order,
  providerOffering,
  providerResource,
  user,
];

/** Enum values a field schema declares (through optional/nullable/unions), or undefined if it is no enum. */
function declaredEnum(schema: z.ZodType): unknown[] | undefined {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return declaredEnum(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodEnum) return Object.values(schema.enum);
  if (schema instanceof z.ZodLiteral) return [...schema.values];
  if (schema instanceof z.ZodUnion) {
    const parts = (schema.options as z.ZodType[]).map(declaredEnum);
    return parts.every((p) => p !== undefined) ? parts.flat() : undefined;
  }
  return undefined;
}

/** Disagreements of one schema key with its contract field. */
function fieldProblems(mirror: Mirror, field: ContractField): string[] {
  const key = field.name;
  const schema = mirror.schema.shape[key] as z.ZodType | undefined;
  if (schema === undefined) {
    return field.required ? [`${key}: required by the contract, not declared`] : [];
  }
  const problems: string[] = [];
  const optional = schema.safeParse(undefined).success;
  if (field.required && optional && mirror.optional?.[key] === undefined) {
    problems.push(`${key}: required by the contract, optional in the schema`);
  }
  const nullable = schema.safeParse(null).success;
  if (field.nullable !== nullable) {
    problems.push(
      `${key}: nullable ${String(field.nullable)} in the contract, ${String(nullable)} in the schema`,
    );
  }
  const values = field.enum?.filter((v) => v !== null);
  if (values !== undefined && mirror.enumDiffers?.[key] === undefined) {
    const refused = values.filter((v) => !schema.safeParse(v).success);
    if (refused.length > 0)
      problems.push(`${key}: refuses the contract's enum values ${JSON.stringify(refused)}`);
    const extra = declaredEnum(schema)?.filter((v) => !values.includes(v as never));
    if (extra !== undefined && extra.length > 0) {
      problems.push(`${key}: enum values the contract does not have ${JSON.stringify(extra)}`);
    }
  }
  return problems;
}

describe('protocol REST schemas mirror the contract', () => {
  const entries = Object.entries(MIRRORS);

  it.each(entries)('%s agrees with its model on required keys, nullability and enums', (_name, mirror) => {
    const model = contract.models[mirror.model];
    expect(model, `the contract has no model ${mirror.model}`).toBeDefined();
    const fields = model?.fields ?? [];
    const problems = fields.flatMap((field) => fieldProblems(mirror, field));
    const declared = new Set(fields.map((f) => f.name));
    for (const key of Object.keys(mirror.schema.shape)) {
      if (!declared.has(key) && mirror.extraKeys?.[key] === undefined)
        problems.push(`${key}: the schema declares a key ${mirror.model} does not have`);
    }
    expect(problems, `${mirror.model}:\n${problems.join('\n')}`).toEqual([]);
  });

  it.each(entries)(
    '%s accepts a full payload built from its model, nulls in every nullable field',
    (_n, mirror) => {
      for (const nulls of [true, false]) {
        const payload = exampleModel(contract, mirror.model, { nulls });
        const parsed = mirror.schema.safeParse(payload);
        expect(parsed.error?.issues ?? [], `${mirror.model} (nulls: ${String(nulls)})`).toEqual([]);
      }
    },
  );

  it('every object schema of the REST folder is mirrored or listed as not mirrored, and the list holds', () => {
    const exported = MODULES.flatMap((module) =>
      Object.entries(module)
        .filter(([, value]) => value instanceof z.ZodObject)
        .map(([name]) => name),
    );
    const unaccounted = exported.filter(
      (name) => MIRRORS[name] === undefined && NOT_MIRRORED[name] === undefined,
    );
    expect(unaccounted, 'object schemas that name no contract model').toEqual([]);
    for (const name of [...Object.keys(MIRRORS), ...Object.keys(NOT_MIRRORED)]) {
      expect(exported, `${name} is listed but not exported`).toContain(name);
    }
    const mirrored = new Set(Object.values(MIRRORS).map((m) => m.model));
    expect(MUST_MIRROR.filter((model) => !mirrored.has(model))).toEqual([]);
  });
});
