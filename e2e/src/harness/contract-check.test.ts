import { describe, expect, it } from 'vitest';
import { AGENT_EXTENSIONS, checkAgentTraffic } from './contract-check.js';
import type { RecordedExchange } from './recording-proxy.js';

const U = '0123456789abcdef0123456789abcdef';

function exchange(overrides: Partial<RecordedExchange>): RecordedExchange {
  return {
    method: 'GET',
    path: '/api/users/me/',
    query: {},
    body: undefined,
    status: 200,
    response: {},
    ...overrides,
  };
}

describe('checkAgentTraffic', () => {
  it('counts valid requests by operation and reports none', () => {
    const report = checkAgentTraffic([
      exchange({}),
      exchange({
        method: 'POST',
        path: `/api/marketplace-provider-resources/${U}/set_limits/`,
        body: { limits: { cpu: 10 } },
        response: { status: 'OK' },
      }),
    ]);
    expect(report.requestViolations).toEqual([]);
    expect(Object.fromEntries(report.operations)).toEqual({
      users_me_retrieve: 1,
      marketplace_provider_resources_set_limits: 1,
    });
  });

  it('names the request and what is wrong: unknown parameter, body key, type, operation', () => {
    const report = checkAgentTraffic([
      exchange({
        path: `/api/marketplace-provider-resources/${U}/team/`,
        query: { page_size: ['100'] },
        response: [],
      }),
      exchange({
        method: 'POST',
        path: `/api/marketplace-orders/${U}/set_backend_id/`,
        body: { backend_id: 5, extra: 1 },
      }),
      exchange({ path: '/api/not-in-waldur/' }),
    ]);
    expect(report.requestViolations).toHaveLength(3);
    expect(report.requestViolations[0]).toContain(
      `GET /api/marketplace-provider-resources/${U}/team/?page_size=100`,
    );
    expect(report.requestViolations[0]).toContain('takes no query parameter page_size');
    expect(report.requestViolations[1]).toContain('$.backend_id: expected a string');
    expect(report.requestViolations[1]).toContain('$.extra');
    expect(report.requestViolations[2]).toContain("Waldur's contract has no such operation");
    expect(AGENT_EXTENSIONS.some((e) => e.path.test('/api/not-in-waldur/'))).toBe(false);
  });

  it('checks the answers too, apart from the requests', () => {
    const report = checkAgentTraffic([
      exchange({ path: `/api/marketplace-provider-resources/${U}/team/`, response: [{ uuid: U }] }),
      exchange({ path: '/api/version/', status: 404, response: { detail: 'Not found.' } }),
    ]);
    expect(report.requestViolations).toEqual([]);
    expect(report.answerViolations).toHaveLength(2);
    expect(report.answerViolations[0]).toContain('missing required key (ProjectUser)');
  });
});
