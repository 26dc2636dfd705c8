// Values PostgreSQL or Prisma cannot take, sent as an attacker would: each must be a 400 with DRF's body naming
// the field, and nothing may be stored. Fails (500) without the input guard plugin (deep JSON overflows Prisma's
// stack, NUL is refused by PostgreSQL), without the date range checks (year 0 or beyond 9999) and without the
// usage amount check (Decimal(20, 6) overflow, negative usage).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BASE_URL, auth, startApi, type ApiContext } from '../api/api-world.js';

let ctx: ApiContext;
beforeAll(async () => {
  ctx = await startApi();
});
afterAll(async () => ctx.close());

const ORDERS = '/api/marketplace-orders/';
const USAGE = '/api/marketplace-component-usages/set_usage/';

function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Sends a raw JSON body as the provider owner. */
async function post(url: string, json: string) {
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: { ...auth(ctx.world.providerOwner), 'content-type': 'application/json' },
    payload: json,
  });
}

async function counts(): Promise<number[]> {
  const p = ctx.prisma;
  return Promise.all([
    p.order.count(),
    p.componentUsage.count(),
    p.resource.count(),
    p.outboxMessage.count(),
  ]);
}

describe('bad input is a 400 naming the field, and stores nothing', () => {
  test('free-form JSON nested 10 000 deep, NUL and lone surrogates in bodies', async () => {
    const w = ctx.world;
    const order = (attributes: string): string =>
      `{"offering":"${BASE_URL}/api/marketplace-provider-offerings/${w.offeringId}/","project":"${w.projectId}",` +
      `"plan":"${w.planId}","limits":{"cpu":1},"attributes":${attributes}}`;
    const before = await counts();
    const deep = await post(ORDERS, order(deepJson(10_000)));
    expect(deep.statusCode, deep.body).toBe(400);
    expect(Object.keys(deep.json<object>())[0]).toMatch(/^attributes(\.a)+$/);
    expect(Object.values(deep.json<Record<string, string[]>>())[0]).toEqual([
      'Nesting deeper than 32 levels is not allowed.',
    ]);
    const nul = await post(ORDERS, order('{"name":"x\\u0000y"}'));
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toEqual({ 'attributes.name': ['Null characters are not allowed.'] });
    const key = await post(ORDERS, order('{"x\\u0000":"y"}'));
    expect(key.json()).toEqual({ attributes: ['Null characters are not allowed.'] });
    const surrogate = await post(ORDERS, order('{"name":"\\ud800"}'));
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json()).toEqual({
      'attributes.name': ['Surrogate characters are not allowed: U+D800.'],
    });
    expect(await counts()).toEqual(before);
  });

  test('NUL in list filters of the query string', async () => {
    for (const url of [
      '/api/projects/?name=%00',
      '/api/marketplace-orders/?state=%00',
      '/api/marketplace-provider-resources/?backend_id=a%00b',
      '/api/marketplace-offering-users/?user_username=%00',
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: auth(ctx.world.staff) });
      expect(res.statusCode, url).toBe(400);
      expect(Object.values(res.json<Record<string, string[]>>())).toEqual([
        ['Null characters are not allowed.'],
      ]);
    }
    // In a path segment it matches no object, as in Waldur.
    const path = await ctx.app.inject({
      method: 'GET',
      url: '/api/projects/a%00b/',
      headers: auth(ctx.world.staff),
    });
    expect(path.statusCode).toBe(404);
  });

  test('out-of-range dates in filters', async () => {
    for (const [url, field] of [
      ['/api/marketplace-orders/?modified_before=0000-01-01', 'modified_before'],
      ['/api/marketplace-orders/?modified_after=-271821-04-20T00:00:00Z', 'modified_after'],
      ['/api/marketplace-provider-resources/?modified_before=10000-01-01', 'modified_before'],
      ['/api/marketplace-component-usages/?billing_period=0000-01-01', 'billing_period'],
    ] as const) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: auth(ctx.world.staff) });
      expect(res.statusCode, url).toBe(400);
      expect(Object.keys(res.json<object>()), url).toEqual([field]);
    }
  });

  test('usage amounts beyond the column, negative usage and year-0 dates', async () => {
    const w = ctx.world;
    const before = await counts();
    const usage = (amount: string, extra = ''): string =>
      `{"resource":"${w.resourceId}","usages":[{"type":"cpu","amount":${amount}}]${extra}}`;
    for (const [body, message] of [
      [usage('1e15'), 'Ensure that there are no more than 14 digits before the decimal point.'],
      [
        usage('"99999999999999999999"'),
        'Ensure that there are no more than 14 digits before the decimal point.',
      ],
      [usage('-1'), 'Ensure this value is greater than or equal to 0.'],
      [usage('"-0.5"'), 'Ensure this value is greater than or equal to 0.'],
    ] as const) {
      const res = await post(USAGE, body);
      expect(res.statusCode, body).toBe(400);
      expect(res.json(), body).toEqual({ 'usages.0.amount': [message] });
    }
    const year0 = await post(USAGE, usage('1', ',"date":"0000-01-01"'));
    expect(year0.statusCode).toBe(400);
    expect(Object.keys(year0.json<object>())).toEqual(['date']);
    expect(await counts()).toEqual(before);
    // The largest amount the column holds is still accepted.
    expect((await post(USAGE, usage('"99999999999999.5"'))).statusCode).toBe(201);
  });
});
