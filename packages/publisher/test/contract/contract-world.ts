// The publisher in the state a real Waldur is in when the site agent talks to it: the API world's provider,
// offering and consumer, plus orders in every state the agent acts on, resources with limits, backend ids and
// paused/downscaled variants, offering users in several states, usages, an agent identity with a service and
// processors. Each state-changing operation of the contract suite gets
// its own target object, so the tests do not depend on each other's order.
import { newHexId } from '../../src/services.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import type { ApiWorld } from '../api/api-world.js';

export interface ContractWorld {
  readonly api: ApiWorld;
  /** Orders by purpose: pending-provider (approve, reject), executing (done, erred, backend id), done. */
  readonly orders: {
    readonly toApprove: string;
    readonly toReject: string;
    readonly toFinish: string;
    readonly toFail: string;
    readonly toSetBackendId: string;
    readonly done: string;
  };
  readonly resources: {
    /** OK, backend id, limits (the API world's resource). */
    readonly ok: string;
    readonly paused: string;
    readonly downscaled: string;
    readonly erred: string;
  };
  readonly offeringUsers: {
    readonly requested: string;
    readonly creating: string;
    readonly pendingValidation: string;
    readonly ok: string;
    /** Requested, for set_pending_account_linking / set_pending_additional_validation. */
    readonly toLink: string;
    readonly toValidate: string;
  };
  readonly cpuComponentId: string;
  /** Backend resource requests by purpose: Sent (read, start), Processing (done), Processing (erred). */
  readonly resourceRequests: { readonly sent: string; readonly toFinish: string; readonly toFail: string };
  /** Resource API keys being rotated (state Updating): one for set_key, one for set_erred. */
  readonly apiKeys: { readonly toSet: string; readonly toFail: string };
  readonly usageId: string;
  readonly identityId: string;
  readonly serviceId: string;
  /** The offering's SLURM periodic usage policy (report-command-result, the policies list). */
  readonly periodicPolicyId: string;
}

export async function createContractWorld(prisma: PrismaClient, api: ApiWorld): Promise<ContractWorld> {
  const tag = newHexId().slice(0, 6);
  const components = await prisma.offeringComponent.findMany({ where: { offeringId: api.offeringId } });
  await prisma.offeringComponent.updateMany({
    where: { offeringId: api.offeringId },
    data: { limitAmount: 1000 },
  });
  await prisma.offering.update({
    where: { id: api.offeringId },
    data: {
      pluginOptions: {
        enable_membership_sync_status: true,
        partitions: [{ partition_name: 'batch' }],
      },
    },
  });
  await prisma.plan.update({ where: { id: api.planId }, data: { quotas: { cpu: 100, mem: 200 } } });
  await prisma.planComponent.createMany({
    data: components.map((component, index) => ({
      id: newHexId(),
      planId: api.planId,
      componentId: component.id,
      amount: 100 * (index + 1),
      price: `${index + 1}.25`,
    })),
  });

  const resource = async (state: string, extra: { paused?: boolean; downscaled?: boolean } = {}) => {
    const id = newHexId();
    await prisma.resource.create({
      data: {
        id,
        name: `alloc-${id.slice(0, 6)}`,
        slug: `alloc-${id}`,
        offeringId: api.offeringId,
        projectId: api.projectId,
        planId: api.planId,
        state,
        backendId: `hpc_${id.slice(0, 8)}`,
        limits: { cpu: 5, mem: 10 },
        attributes: { name: `alloc-${id.slice(0, 6)}` },
        backendMetadata: { partition: 'batch' },
        endDate: new Date('2027-12-31T00:00:00Z'),
        ...extra,
      },
    });
    return id;
  };
  const resources = {
    ok: api.resourceId,
    paused: await resource('OK', { paused: true }),
    downscaled: await resource('OK', { downscaled: true }),
    erred: await resource('Erred'),
  };

  const order = async (state: string, type = 'Create', resourceId: string | null = null) => {
    const id = newHexId();
    await prisma.order.create({
      data: {
        id,
        type,
        state,
        offeringId: api.offeringId,
        projectId: api.projectId,
        planId: api.planId,
        resourceId,
        createdById: api.consumerOwner.id,
        limits: { cpu: 4, mem: 8 },
        attributes: { name: `order-${id.slice(0, 6)}` },
      },
    });
    return id;
  };
  const orders = {
    toApprove: await order('pending-provider', 'Create', await resource('Creating')),
    toReject: await order('pending-provider', 'Create', await resource('Creating')),
    toFinish: await order('executing', 'Update', resources.ok),
    toFail: await order('executing', 'Update', resources.downscaled),
    toSetBackendId: await order('executing', 'Create', await resource('Creating')),
    done: await order('done', 'Create', resources.paused),
  };

  // Offering users of the consumer's people, in the states the agent sees and moves between.
  const offeringUser = async (userId: string, state: string, username: string | null) => {
    const existing = await prisma.offeringUser.findUnique({
      where: { offeringId_userId: { offeringId: api.offeringId, userId } },
    });
    if (existing) {
      await prisma.offeringUser.update({ where: { id: existing.id }, data: { state, username } });
      return existing.id;
    }
    const id = newHexId();
    await prisma.offeringUser.create({ data: { id, offeringId: api.offeringId, userId, state, username } });
    return id;
  };
  const offeringUsers = {
    requested: api.offeringUserId,
    creating: await offeringUser(api.projectMember.id, 'Creating', null),
    pendingValidation: await offeringUser(api.consumerOwner.id, 'Pending additional validation', null),
    ok: await offeringUser(api.outsider.id, 'OK', `outsider_${tag}`),
    toLink: await offeringUser(api.providerSupport.id, 'Creating', null),
    toValidate: await offeringUser(api.otherProviderOwner.id, 'Error creating', null),
  };
  // The team of the resource: the consumer owner joins the project too, so the team has every state.
  await prisma.projectPermission.create({
    data: { id: newHexId(), userId: api.outsider.id, projectId: api.projectId, role: 'PROJECT.MEMBER' },
  });

  const usageId = newHexId();
  const now = new Date();
  await prisma.componentUsage.create({
    data: {
      id: usageId,
      resourceId: resources.ok,
      type: 'cpu',
      amount: '12.5',
      billingPeriod: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      date: now,
    },
  });
  await prisma.componentUserUsage.create({
    data: { id: newHexId(), componentUsageId: usageId, username: 'outsider_user', usage: '4.5', date: now },
  });

  const identityId = newHexId();
  const serviceId = newHexId();
  await prisma.agentIdentity.create({
    data: {
      id: identityId,
      offeringId: api.offeringId,
      name: `agent-${api.offeringId}`,
      version: '1.0.6rc17',
      createdById: api.providerOwner.id,
      services: {
        create: {
          id: serviceId,
          name: 'event_process',
          mode: 'event_process',
          statistics: { processed_orders: 3 },
          processors: {
            create: [
              { id: newHexId(), name: 'slurm', backendType: 'slurm', backendVersion: '24.05', lastRun: now },
              { id: newHexId(), name: 'slurm-usage', backendType: 'slurm', backendVersion: '24.05' },
            ],
          },
        },
      },
    },
  });

  const resourceRequest = async (state: string) => {
    const id = newHexId();
    await prisma.backendResourceRequest.create({ data: { id, offeringId: api.offeringId, state } });
    return id;
  };
  const resourceRequests = {
    sent: await resourceRequest('Sent'),
    toFinish: await resourceRequest('Processing'),
    toFail: await resourceRequest('Processing'),
  };

  const apiKey = async (clientId: string) => {
    const id = newHexId();
    await prisma.resourceApiKey.create({
      data: { id, resourceId: resources.ok, clientId, fingerprint: `sha256:${id}`, state: 'Updating' },
    });
    return id;
  };
  const apiKeys = { toSet: await apiKey('client-a'), toFail: await apiKey('client-b') };
  // A resource the agent found on its backend and reported for import.
  await prisma.backendResource.create({
    data: {
      id: newHexId(),
      name: 'found-on-backend',
      projectId: api.projectId,
      offeringId: api.offeringId,
      backendId: `hpc_found_${tag}`,
      backendMetadata: { partition: 'batch' },
    },
  });

  const periodicPolicyId = newHexId();
  await prisma.slurmPeriodicUsagePolicy.create({
    data: {
      id: periodicPolicyId,
      offeringId: api.offeringId,
      createdById: api.staff.id,
      actions: 'notify_organization_owners',
      componentLimits: [{ type: 'cpu', limit: 1000 }],
    },
  });
  // Service and course accounts of the consumer project, one of each closed (list_project_service_accounts,
  // list_course_accounts: the agent adds OK usernames and removes closed ones).
  await prisma.projectServiceAccount.createMany({
    data: [
      { id: newHexId(), projectId: api.projectId, username: `svc-${tag}`, email: 'svc@example.test' },
      { id: newHexId(), projectId: api.projectId, username: `svc-old-${tag}`, state: 'Closed' },
    ],
  });
  await prisma.courseAccount.createMany({
    data: [
      {
        id: newHexId(),
        projectId: api.projectId,
        userId: api.projectMember.id,
        email: 'student@example.test',
      },
      { id: newHexId(), projectId: api.projectId, userId: api.outsider.id, state: 'Closed' },
    ],
  });

  return {
    api,
    periodicPolicyId,
    resourceRequests,
    apiKeys,
    orders,
    resources,
    offeringUsers,
    usageId,
    identityId,
    serviceId,
    cpuComponentId: components.find((c) => c.type === 'cpu')?.id ?? '',
  };
}
