// The publisher against Waldur's REST contract (waldur-api-client 8.1.0rc19): every operation the real site
// agent calls, made the way the agent makes it, on a publisher in a realistic state (real PostgreSQL, real
// broker), and its answer validated as Waldur's generated client parses it. One test per operation; an
// operation the publisher does not serve fails (the client raises on 404).
import { randomUUID } from 'node:crypto';
import {
  formatViolations,
  loadContract,
  validateRequest,
  validateResponse,
  type ContractOperation,
} from '@waldur-sim/contract';
import { createManagementClient } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBroker } from '../support/broker.js';
import { auth, startApi, type ApiContext } from '../api/api-world.js';
import { AGENT_CALLS, type AgentCall, type CallContext } from './agent-calls.js';
import { createContractWorld } from './contract-world.js';
import { EMPTY_BY_DESIGN } from './empty-by-design.js';

const contract = loadContract();
let ctx: ApiContext;
let calls: CallContext;
/** Every answer the suite validated, for the meta-test that removing a required key fails. */
const answers = new Map<string, { operation: ContractOperation; status: number; body: unknown }>();

/** The query string as the agent encodes it: repeated keys for lists. */
function queryString(query: AgentCall['query']): string {
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(query ?? {})) for (const v of values) params.append(name, v);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function agentRequest(operation: ContractOperation, call: AgentCall) {
  const res = await ctx.app.inject({
    method: operation.method,
    url: `${call.path}${queryString(call.query)}`,
    headers: {
      ...auth(ctx.world.providerOwner),
      'user-agent': 'waldur-site-agent-event_process/1.0.6rc17',
    },
    ...(call.body === undefined ? {} : { payload: call.body as object }),
  });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json<unknown>() };
}

beforeAll(async () => {
  ctx = await startApi();
  const world = await createContractWorld(ctx.prisma, ctx.world);
  // Subscriptions registered as the agent does, so their broker objects exist for create_queue and DELETE.
  const register = async (type: string) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/marketplace-site-agent-identities/${world.identityId}/register_event_subscription/`,
      headers: auth(ctx.world.providerOwner),
      payload: { observable_object_type: type, description: 'agent' },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<{ uuid: string }>().uuid;
  };
  calls = {
    world,
    // One subscription per identity and type: distinct types give distinct subscriptions.
    subscriptionId: await register('order'),
    disposableSubscriptionId: await register('offering_user'),
    extra: {
      cpuComponent: world.cpuComponentId,
      projectSlug: (await ctx.prisma.project.findUniqueOrThrow({ where: { id: ctx.world.projectId } })).slug,
      offeringUserToLink: world.offeringUsers.toLink,
      offeringUserToValidate: world.offeringUsers.toValidate,
      backendResourceRequest: world.resourceRequests.sent,
      backendResourceRequestDone: world.resourceRequests.toFinish,
      backendResourceRequestErred: world.resourceRequests.toFail,
      apiKeyToFail: world.apiKeys.toFail,
      apiKeyToSet: world.apiKeys.toSet,
      periodicPolicy: world.periodicPolicyId,
    },
  };
});

afterAll(async () => {
  const mgmt = createManagementClient(testBroker());
  for (const sub of await ctx.prisma.eventSubscription.findMany()) {
    await mgmt.deleteUser(sub.id);
    await mgmt.deleteVhost(sub.userId);
  }
  await ctx.close();
});

describe('every operation of the contract, called as the real agent calls it', () => {
  it('has an agent call for every operation and no call for an operation the contract lacks', () => {
    const names = contract.operations.map((o) => o.operation).sort();
    expect(Object.keys(AGENT_CALLS).sort()).toEqual(names);
    expect(names).toHaveLength(66);
  });

  it.each(contract.operations.map((o) => [o.operation, o] as const))('%s', async (_name, operation) => {
    const make = AGENT_CALLS[operation.operation];
    expect(make, 'no agent call for this operation').toBeDefined();
    if (make === undefined) return;
    const call = make(calls);
    // The test's own request must be one Waldur accepts (the agent's parameters and body).
    const requestViolations = validateRequest(contract, operation, {
      query: call.query ?? {},
      ...(call.body === undefined || operation.request_body === null ? {} : { body: call.body }),
    });
    expect(requestViolations, formatViolations(requestViolations)).toEqual([]);

    const { status, body } = await agentRequest(operation, call);
    const violations = validateResponse(contract, operation, status, body);
    answers.set(operation.operation, { operation, status, body });
    expect(violations, `${status} ${answerPreview(body)}\n${formatViolations(violations)}`).toEqual([]);
    const response = operation.responses[String(status)];
    if (response?.shape === 'array' && !EMPTY_BY_DESIGN.has(operation.operation)) {
      expect((body as unknown[]).length, 'empty list where Waldur would have data').toBeGreaterThan(0);
    }
  });
});

/** The start of an answer for an assertion message (undefined when there was no body). */
function answerPreview(body: unknown): string {
  return body === undefined ? '(no body)' : JSON.stringify(body).slice(0, 400);
}

/** Required keys of the model an answer is parsed into, with the object they sit in (first item of a list). */
function requiredKeysOf(operation: ContractOperation, status: number, body: unknown) {
  const response = operation.responses[String(status)];
  const model =
    response?.model === undefined || response.model === null ? undefined : contract.models[response.model];
  const target = Array.isArray(body) ? (body[0] as unknown) : body;
  if (model === undefined || typeof target !== 'object' || target === null || response?.shape === 'none')
    return undefined;
  return {
    target: target as Record<string, unknown>,
    keys: model.fields.filter((f) => f.required).map((f) => f.name),
  };
}

describe('the suite can fail', () => {
  it('refuses every publisher answer of the suite with any one required key removed', () => {
    let checked = 0;
    for (const [name, { operation, status, body }] of answers) {
      const found = requiredKeysOf(operation, status, body);
      if (found === undefined) continue;
      for (const key of found.keys) {
        const { [key]: _removed, ...rest } = found.target;
        const mutilated = Array.isArray(body) ? [rest, ...body.slice(1)] : rest;
        const paths = validateResponse(contract, operation, status, mutilated).map((v) => v.path);
        expect(paths, `${name} without ${key}`).toContain(Array.isArray(body) ? `$[0].${key}` : `$.${key}`);
        checked += 1;
      }
    }
    // Most answers carry required keys (AgentService, ProjectUser, OrderDetails ...): the check ran broadly.
    expect(checked).toBeGreaterThan(50);
  });

  it('refuses a 404 for an operation the agent calls', async () => {
    const operation = contract.operations.find((o) => o.operation === 'marketplace_plans_retrieve');
    if (operation === undefined) throw new Error('contract without marketplace_plans_retrieve');
    const { status, body } = await agentRequest(operation, {
      path: `/api/marketplace-plans/${randomUUID()}/`,
    });
    expect(status).toBe(404);
    expect(validateResponse(contract, operation, status, body)).not.toEqual([]);
  });
});
