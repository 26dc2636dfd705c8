// Service and course accounts over REST (docs/protocol.md#service_account-and-course_account): who may create and
// close them, bad input as 400, the provider offering's listings, and the `service_account` / `course_account`
// messages recorded in the outbox — one per site-agent offering with live resources in the project.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newHexId } from '../../src/services.js';
import { registerQueue, type Registered } from '../support/world.js';
import { BASE_URL, startApi, type ApiContext } from './api-world.js';
import { as } from './requests.js';

let ctx: ApiContext;
let serviceQueue: Registered;
let courseQueue: Registered;
beforeAll(async () => {
  ctx = await startApi();
  const w = ctx.world;
  serviceQueue = await registerQueue(ctx.prisma, w.providerOwner.id, w.offeringId, 'service_account');
  courseQueue = await registerQueue(ctx.prisma, w.providerOwner.id, w.offeringId, 'course_account');
});
afterAll(async () => ctx.close());

const SA = '/api/marketplace-project-service-accounts/';
const CA = '/api/marketplace-course-accounts/';
const O = '/api/marketplace-provider-offerings/';

async function bodies(queue: Registered): Promise<Record<string, unknown>[]> {
  const rows = await ctx.prisma.outboxMessage.findMany({
    where: { queue: queue.queue },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => JSON.parse(r.body) as Record<string, unknown>);
}

describe('project service accounts', () => {
  it('create with a username -> 201 and a service_account create message; DELETE closes -> delete message', async () => {
    const w = ctx.world;
    const admin = as(ctx.app, w.projectAdmin);
    const before = (await bodies(serviceQueue)).length;
    const created = await admin.post(SA, {
      project: `${BASE_URL}/api/projects/${w.projectId}/`,
      username: 'svc-robot',
      email: 'robot@example.test',
      description: 'CI runner',
    });
    expect(created.statusCode).toBe(201);
    const account = created.json<Record<string, unknown>>();
    expect(account).toMatchObject({
      username: 'svc-robot',
      state: 'OK',
      project: w.projectId,
      project_uuid: w.projectId,
      project_name: 'Research',
      customer_uuid: w.consumerCustomerId,
      email: 'robot@example.test',
      url: `${BASE_URL}${SA}${String(account.uuid)}/`,
    });
    const announced = (await bodies(serviceQueue)).slice(before);
    expect(announced).toEqual([
      {
        account_uuid: account.uuid,
        account_username: 'svc-robot',
        scope_type: 'project',
        project_uuid: w.projectId,
        project_name: 'Research',
        action: 'create',
        offering_uuid: w.offeringId,
      },
    ]);
    // Key order is Waldur's payload order, then offering_uuid.
    const raw = await ctx.prisma.outboxMessage.findFirstOrThrow({
      where: { queue: serviceQueue.queue },
      orderBy: { id: 'desc' },
    });
    expect(raw.body.indexOf('"account_uuid"')).toBeLessThan(raw.body.indexOf('"action"'));

    expect((await as(ctx.app, w.projectMember).delete(`${SA}${String(account.uuid)}/`)).statusCode).toBe(403);
    expect((await admin.delete(`${SA}${String(account.uuid)}/`)).statusCode).toBe(204);
    expect((await admin.get(`${SA}${String(account.uuid)}/`)).json()).toMatchObject({ state: 'Closed' });
    // Closing again changes nothing and announces nothing.
    expect((await admin.delete(`${SA}${String(account.uuid)}/`)).statusCode).toBe(204);
    const after = (await bodies(serviceQueue)).slice(before);
    expect(after.map((b) => b.action)).toEqual(['create', 'delete']);
    expect((await admin.patch(`${SA}${String(account.uuid)}/`, { username: 'again' })).statusCode).toBe(409);
  });

  it('a username set later announces the account; the same username again does not', async () => {
    const w = ctx.world;
    const owner = as(ctx.app, w.consumerOwner);
    const before = (await bodies(serviceQueue)).length;
    const created = await owner.post(SA, { project: w.projectId });
    expect(created.statusCode).toBe(201);
    const uuid = created.json<{ uuid: string }>().uuid;
    expect(created.json()).not.toHaveProperty('username');
    expect((await bodies(serviceQueue)).length).toBe(before);
    expect((await owner.patch(`${SA}${uuid}/`, { username: 'svc-late' })).json()).toMatchObject({
      username: 'svc-late',
    });
    expect((await owner.patch(`${SA}${uuid}/`, { username: 'svc-late', description: 'x' })).statusCode).toBe(
      200,
    );
    const announced = (await bodies(serviceQueue)).slice(before);
    expect(announced.map((b) => [b.account_username, b.action])).toEqual([['svc-late', 'create']]);
  });

  it('bad input is a 400; strangers cannot see or create; members cannot create', async () => {
    const w = ctx.world;
    const admin = as(ctx.app, w.projectAdmin);
    expect((await admin.post(SA, {})).json()).toEqual({ project: ['This field is required.'] });
    expect((await admin.post(SA, { project: 'nope' })).statusCode).toBe(400);
    expect((await admin.post(SA, { project: newHexId() })).statusCode).toBe(400);
    const badName = await admin.post(SA, { project: w.projectId, username: 'a b;rm' });
    expect(badName.statusCode).toBe(400);
    expect(badName.json()).toHaveProperty('username');
    expect((await admin.post(SA, { project: w.projectId, email: 'not-an-email' })).statusCode).toBe(400);
    expect((await admin.post(SA, { project: w.projectId, username: 42 })).statusCode).toBe(400);
    expect((await as(ctx.app, w.outsider).post(SA, { project: w.projectId })).statusCode).toBe(400);
    expect((await as(ctx.app, w.projectMember).post(SA, { project: w.projectId })).statusCode).toBe(403);
    expect((await as(ctx.app, w.outsider).get(SA)).json()).toEqual([]);
    expect((await admin.get(`${SA}?project_uuid=bad`)).statusCode).toBe(400);
  });

  it('max_service_accounts limits the open accounts of a project', async () => {
    const w = ctx.world;
    const admin = as(ctx.app, w.projectAdmin);
    const open = await ctx.prisma.projectServiceAccount.count({
      where: { projectId: w.projectId, state: { not: 'Closed' } },
    });
    await ctx.prisma.project.update({ where: { id: w.projectId }, data: { maxServiceAccounts: open } });
    try {
      const refused = await admin.post(SA, { project: w.projectId, username: 'one-too-many' });
      expect(refused.statusCode).toBe(400);
      expect((await admin.get(`/api/projects/${w.projectId}/?field=max_service_accounts`)).json()).toEqual({
        max_service_accounts: open,
      });
    } finally {
      await ctx.prisma.project.update({ where: { id: w.projectId }, data: { maxServiceAccounts: null } });
    }
  });
});

describe('course accounts', () => {
  it("create for a user -> course_account create with the user's username; DELETE -> delete", async () => {
    const w = ctx.world;
    const admin = as(ctx.app, w.projectAdmin);
    const created = await admin.post(CA, { project: w.projectId, user: w.projectMember.id });
    expect(created.statusCode).toBe(201);
    const account = created.json<Record<string, unknown>>();
    expect(account).toMatchObject({
      user_uuid: w.projectMember.id,
      username: w.projectMember.username,
      project_uuid: w.projectId,
      state: 'OK',
    });
    expect((await admin.post(CA, { project: w.projectId, user: w.projectMember.id })).statusCode).toBe(400);
    expect((await admin.post(CA, { project: w.projectId, user: newHexId() })).statusCode).toBe(400);
    expect((await admin.post(CA, { project: w.projectId })).statusCode).toBe(400);
    expect((await admin.delete(`${CA}${String(account.uuid)}/`)).statusCode).toBe(204);
    expect((await bodies(courseQueue)).map((b) => [b.account_username, b.action])).toEqual([
      [w.projectMember.username, 'create'],
      [w.projectMember.username, 'delete'],
    ]);
    expect((await admin.get(`${CA}?username=${w.projectMember.username}&state=Closed`)).json()).toHaveLength(
      1,
    );
  });
});

describe("the provider offering's account listings", () => {
  it("hold the accounts of the offering's projects, closed ones included, filtered and paginated", async () => {
    const w = ctx.world;
    const provider = as(ctx.app, w.providerOwner);
    const services = await provider.get(`${O}${w.offeringId}/list_project_service_accounts/?page_size=1`);
    expect(services.statusCode).toBe(200);
    expect(services.json()).toHaveLength(1);
    const total = Number(services.headers['x-result-count']);
    expect(total).toBeGreaterThanOrEqual(2);
    expect(services.headers.link).toContain('rel="next"');
    const closed = await provider.get(`${O}${w.offeringId}/list_project_service_accounts/?state=Closed`);
    expect(closed.json<{ state: string }[]>().every((a) => a.state === 'Closed')).toBe(true);
    const byProject = await provider.get(
      `${O}${w.offeringId}/list_project_service_accounts/?project_uuid=${w.projectId}&username=svc-late`,
    );
    expect(byProject.json()).toMatchObject([{ username: 'svc-late', project_uuid: w.projectId }]);
    const courses = await provider.get(`${O}${w.offeringId}/list_course_accounts/`);
    expect(courses.json()).toMatchObject([{ username: w.projectMember.username, state: 'Closed' }]);
    // Another provider's offering serves none of these projects; an invisible offering is a 404.
    const other = as(ctx.app, w.otherProviderOwner);
    expect((await other.get(`${O}${w.otherOfferingId}/list_project_service_accounts/`)).json()).toEqual([]);
    expect((await other.get(`${O}${w.offeringId}/list_course_accounts/`)).statusCode).toBe(404);
  });

  it('an offering whose resources in the project are all terminated gets no message', async () => {
    const w = ctx.world;
    await ctx.prisma.resource.updateMany({
      where: { projectId: w.projectId },
      data: { state: 'Terminated' },
    });
    try {
      const before = (await bodies(serviceQueue)).length;
      const created = await as(ctx.app, w.projectAdmin).post(SA, { project: w.projectId, username: 'svc-x' });
      expect(created.statusCode).toBe(201);
      expect((await bodies(serviceQueue)).length).toBe(before);
    } finally {
      await ctx.prisma.resource.updateMany({ where: { projectId: w.projectId }, data: { state: 'OK' } });
    }
  });
});
