// A Waldur world with every role the permission tests need, on a fresh real database, behind a real app:
// provider (owner, support), consumer (customer owner, project admin, project member), staff, an outsider and a
// second provider. The broker provisioner talks to the run's real RabbitMQ (testkit globalSetup).
import type { PublisherLimits } from '../../src/limits.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { ManagementApiProvisioner, type BrokerProvisioner } from '../../src/broker/broker-provisioner.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { buildApp, type BuildAppOptions } from '../../src/http/app.js';
import { PublisherMetrics } from '../../src/metrics/publisher-metrics.js';
import {
  createServices,
  newHexId,
  newTokenKey,
  type CreateServicesOptions,
  type PublisherServices,
} from '../../src/services.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { testBroker } from '../support/broker.js';

export const BASE_URL = 'http://waldur.test';

export interface TestUser {
  readonly id: string;
  readonly username: string;
  readonly token: string;
}

export interface ApiWorld {
  readonly staff: TestUser;
  readonly providerOwner: TestUser;
  readonly providerSupport: TestUser;
  readonly consumerOwner: TestUser;
  readonly projectAdmin: TestUser;
  readonly projectMember: TestUser;
  readonly outsider: TestUser;
  readonly otherProviderOwner: TestUser;
  readonly providerCustomerId: string;
  readonly serviceProviderId: string;
  readonly consumerCustomerId: string;
  readonly offeringId: string;
  readonly planId: string;
  readonly projectId: string;
  /** OK resource with backend id, for Update/Terminate orders and resource actions. */
  readonly resourceId: string;
  /** Offering user of projectAdmin, state Requested, no username. */
  readonly offeringUserId: string;
  /** Offering of the other provider (no relation to the consumer). */
  readonly otherOfferingId: string;
}

export async function createApiWorld(prisma: PrismaClient): Promise<ApiWorld> {
  const tag = newHexId().slice(0, 6);
  const user = async (name: string, extra: { isStaff?: boolean } = {}): Promise<TestUser> =>
    prisma.user.create({
      data: {
        id: newHexId(),
        username: `${name}-${tag}`,
        firstName: name,
        lastName: 'Tester',
        email: `${name}@example.test`,
        token: newTokenKey(),
        ...extra,
      },
      select: { id: true, username: true, token: true },
    });
  const staff = await user('staff', { isStaff: true });
  const providerOwner = await user('provider-owner');
  const providerSupport = await user('provider-support');
  const consumerOwner = await user('consumer-owner');
  const projectAdmin = await user('project-admin');
  const projectMember = await user('project-member');
  const outsider = await user('outsider');
  const otherProviderOwner = await user('other-provider');

  const customer = async (name: string) =>
    prisma.customer.create({
      data: { id: newHexId(), name, slug: `${name.toLowerCase()}-${tag}`, abbreviation: name.slice(0, 3) },
    });
  const provider = await customer('Provider');
  const consumer = await customer('Consumer');
  const otherProvider = await customer('Other');
  const serviceProvider = await prisma.serviceProvider.create({
    data: { id: newHexId(), customerId: provider.id },
  });
  await prisma.serviceProvider.create({ data: { id: newHexId(), customerId: otherProvider.id } });

  const customerRole = (userId: string, customerId: string, role: string) =>
    prisma.customerPermission.create({ data: { id: newHexId(), userId, customerId, role } });
  await customerRole(providerOwner.id, provider.id, 'CUSTOMER.OWNER');
  await customerRole(providerSupport.id, provider.id, 'CUSTOMER.SUPPORT');
  await customerRole(consumerOwner.id, consumer.id, 'CUSTOMER.OWNER');
  await customerRole(otherProviderOwner.id, otherProvider.id, 'CUSTOMER.OWNER');

  const offering = await prisma.offering.create({
    data: {
      id: newHexId(),
      name: 'HPC cluster',
      type: 'Marketplace.Slurm',
      customerId: provider.id,
      pluginOptions: { enable_membership_sync_status: true },
      components: {
        create: [
          { id: newHexId(), type: 'cpu', name: 'CPU', measuredUnit: 'k-Hours', billingType: 'limit' },
          { id: newHexId(), type: 'mem', name: 'Memory', measuredUnit: 'gb-Hours', billingType: 'limit' },
        ],
      },
    },
  });
  const plan = await prisma.plan.create({
    data: { id: newHexId(), offeringId: offering.id, name: 'Default', unitPrice: '1.5' },
  });
  const otherOffering = await prisma.offering.create({
    data: { id: newHexId(), name: 'Other cluster', type: 'Marketplace.Slurm', customerId: otherProvider.id },
  });

  const project = await prisma.project.create({
    data: { id: newHexId(), name: 'Research', slug: `research-${tag}`, customerId: consumer.id },
  });
  await prisma.projectPermission.create({
    data: { id: newHexId(), userId: projectAdmin.id, projectId: project.id, role: 'PROJECT.ADMIN' },
  });
  await prisma.projectPermission.create({
    data: { id: newHexId(), userId: projectMember.id, projectId: project.id, role: 'PROJECT.MEMBER' },
  });

  const resource = await prisma.resource.create({
    data: {
      id: newHexId(),
      name: 'alloc-1',
      slug: `alloc-1-${tag}`,
      offeringId: offering.id,
      projectId: project.id,
      planId: plan.id,
      state: 'OK',
      backendId: `hpc_alloc_${tag}`,
      limits: { cpu: 10, mem: 20 },
    },
  });
  const offeringUser = await prisma.offeringUser.create({
    data: { id: newHexId(), offeringId: offering.id, userId: projectAdmin.id, state: 'Requested' },
  });

  return {
    staff,
    providerOwner,
    providerSupport,
    consumerOwner,
    projectAdmin,
    projectMember,
    outsider,
    otherProviderOwner,
    providerCustomerId: provider.id,
    serviceProviderId: serviceProvider.id,
    consumerCustomerId: consumer.id,
    offeringId: offering.id,
    planId: plan.id,
    projectId: project.id,
    resourceId: resource.id,
    offeringUserId: offeringUser.id,
    otherOfferingId: otherOffering.id,
  };
}

export interface ApiContext {
  readonly app: FastifyInstance;
  readonly services: PublisherServices;
  readonly prisma: PrismaClient;
  readonly db: TestDatabase;
  readonly world: ApiWorld;
  close(): Promise<void>;
}

/** The run's broker admin provisioner (testkit globalSetup sets RABBITMQ_*). */
export function brokerProvisioner(): ManagementApiProvisioner {
  const b = testBroker();
  return new ManagementApiProvisioner({
    managementUrl: b.managementUrl,
    username: b.adminUser,
    password: b.adminPassword,
  });
}

export async function startApi(
  opts: {
    readonly provisioner?: BrokerProvisioner;
    readonly clock?: () => Date;
    readonly limits?: Partial<PublisherLimits>;
    /** Serve /metrics (docs/metrics.md#publisher). */
    readonly metrics?: boolean;
    /** Serve /dashboard/ with these queue figures (docs/dashboard.md). */
    readonly dashboard?: BuildAppOptions['dashboard'];
    /** Database pool size (default node-postgres' 10). */
    readonly poolMax?: number;
    /** Provisioning admission (docs/guarantees.md#overload). */
    readonly provisioning?: CreateServicesOptions['provisioning'];
  } = {},
): Promise<ApiContext> {
  const db = await openTestDatabase(opts.poolMax === undefined ? {} : { poolMax: opts.poolMax });
  try {
    const services = createServices({
      prisma: db.prisma,
      publicBaseUrl: BASE_URL,
      provisioner: opts.provisioner ?? brokerProvisioner(),
      log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      ...(opts.clock === undefined ? {} : { clock: opts.clock }),
      ...(opts.limits === undefined ? {} : { limits: opts.limits }),
      ...(opts.provisioning === undefined ? {} : { provisioning: opts.provisioning }),
      ...(opts.metrics === true ? { metrics: new PublisherMetrics({ prisma: db.prisma }) } : {}),
    });
    const app = await buildApp(services, opts.dashboard === undefined ? {} : { dashboard: opts.dashboard });
    await app.ready();
    const world = await createApiWorld(db.prisma);
    return {
      app,
      services,
      prisma: db.prisma,
      db,
      world,
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

export function auth(user: TestUser): { authorization: string } {
  return { authorization: `Token ${user.token}` };
}

/** A user with no role anywhere yet (a fresh name, so tests may make many). */
export async function createUser(
  prisma: PrismaClient,
  name: string,
  names: { readonly firstName?: string; readonly lastName?: string } = {},
) {
  return prisma.user.create({
    data: { id: newHexId(), username: `${name}-${newHexId().slice(0, 6)}`, token: newTokenKey(), ...names },
  });
}

/** The consumer owner makes `userId` a member of the world's project (201 expected). */
export function grantMember(ctx: ApiContext, userId: string): Promise<LightMyRequestResponse> {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/projects/${ctx.world.projectId}/add_user/`,
    headers: auth(ctx.world.consumerOwner),
    payload: { role: 'PROJECT.MEMBER', user: userId },
  });
}
