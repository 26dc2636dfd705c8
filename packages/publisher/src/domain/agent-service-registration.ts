// An agent identity's services and processors (docs/protocol.md#agent-identities): register_service is get or
// create by (identity, name) and marks the service Active; register_processor is the agent's heartbeat — get or
// create by (service, name), stamping the last run.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { agentServiceInclude } from '../http/serializers/agent.js';

export interface AgentRegistrationDeps {
  readonly prisma: PrismaClient;
  readonly clock: () => Date;
  readonly newId: () => string;
}

export async function registerAgentService(
  deps: AgentRegistrationDeps,
  identityId: string,
  input: { readonly name: string; readonly mode?: string | null | undefined },
): Promise<{
  readonly service: Prisma.AgentServiceGetPayload<{ include: typeof agentServiceInclude }>;
  readonly created: boolean;
}> {
  const { prisma } = deps;
  const now = deps.clock();
  const existing = await prisma.agentService.findUnique({
    where: { identityId_name: { identityId, name: input.name } },
  });
  const service =
    existing === null
      ? await prisma.agentService.create({
          data: {
            id: deps.newId(),
            identityId,
            name: input.name,
            mode: input.mode ?? null,
            state: 'Active',
            createdAt: now,
            modified: now,
          },
          include: agentServiceInclude,
        })
      : await prisma.agentService.update({
          where: { id: existing.id },
          data: { state: 'Active', modified: now, ...(input.mode === undefined ? {} : { mode: input.mode }) },
          include: agentServiceInclude,
        });
  return { service, created: existing === null };
}

export async function registerAgentProcessor(
  deps: AgentRegistrationDeps,
  service: { readonly id: string; readonly state: string },
  input: {
    readonly name: string;
    readonly backendType: string;
    readonly backendVersion?: string | null | undefined;
  },
): Promise<{
  readonly processor: Prisma.AgentProcessorGetPayload<{ include: { service: true } }>;
  readonly created: boolean;
}> {
  const { prisma } = deps;
  const now = deps.clock();
  const existing = await prisma.agentProcessor.findUnique({
    where: { serviceId_name: { serviceId: service.id, name: input.name } },
  });
  const data = {
    backendType: input.backendType,
    backendVersion: input.backendVersion ?? null,
    lastRun: now,
    modified: now,
  };
  const processor =
    existing === null
      ? await prisma.agentProcessor.create({
          data: { id: deps.newId(), serviceId: service.id, name: input.name, createdAt: now, ...data },
          include: { service: true },
        })
      : await prisma.agentProcessor.update({ where: { id: existing.id }, data, include: { service: true } });
  if (service.state !== 'Active')
    await prisma.agentService.update({ where: { id: service.id }, data: { state: 'Active', modified: now } });
  return { processor, created: existing === null };
}
