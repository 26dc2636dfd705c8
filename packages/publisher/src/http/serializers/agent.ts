// Site-agent identities, services and processors (py-client AgentIdentity, NestedAgentService, AgentService,
// AgentProcessor).
import type { AgentProcessor, AgentService, Prisma } from '../../generated/prisma/client.js';
import { isoDateTime, isoDateTimeOrNull, jsonArray, jsonObject } from './format.js';
import type { Urls } from './urls.js';

export const agentIdentityInclude = {
  services: { orderBy: { createdAt: 'asc' } },
} satisfies Prisma.AgentIdentityInclude;
export type AgentIdentityWithRelations = Prisma.AgentIdentityGetPayload<{
  include: typeof agentIdentityInclude;
}>;

export function serializeNestedAgentService(service: AgentService, urls: Urls) {
  return {
    uuid: service.id,
    url: urls.agentService(service.id),
    name: service.name,
    state: service.state,
    created: isoDateTime(service.createdAt),
    modified: isoDateTime(service.modified),
    mode: service.mode,
    statistics: jsonObject(service.statistics),
  };
}

export function serializeAgentIdentity(identity: AgentIdentityWithRelations, urls: Urls) {
  return {
    uuid: identity.id,
    url: urls.agentIdentity(identity.id),
    offering: identity.offeringId,
    created_by: identity.createdById,
    name: identity.name,
    created: isoDateTime(identity.createdAt),
    modified: isoDateTime(identity.modified),
    services: identity.services.map((s) => serializeNestedAgentService(s, urls)),
    // The emulator does not check agent versions against a minimum.
    compatibility: {
      status: 'unknown',
      message: 'Agent version compatibility is not checked by this server.',
    },
    version: identity.version,
    dependencies: jsonArray(identity.dependencies),
    config_file_path: identity.configFilePath,
    config_file_content: identity.configFileContent,
    ...(identity.lastRestarted === null ? {} : { last_restarted: isoDateTime(identity.lastRestarted) }),
  };
}

export const agentServiceInclude = {
  identity: true,
  processors: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.AgentServiceInclude;
export type AgentServiceWithRelations = Prisma.AgentServiceGetPayload<{
  include: typeof agentServiceInclude;
}>;

/** NestedAgentProcessor: a processor as listed in its service. */
export function serializeNestedAgentProcessor(processor: AgentProcessor, urls: Urls) {
  return {
    uuid: processor.id,
    url: urls.agentProcessor(processor.id),
    name: processor.name,
    backend_type: processor.backendType,
    created: isoDateTime(processor.createdAt),
    modified: isoDateTime(processor.modified),
    last_run: isoDateTimeOrNull(processor.lastRun),
    backend_version: processor.backendVersion,
  };
}

export function serializeAgentService(service: AgentServiceWithRelations, urls: Urls) {
  return {
    uuid: service.id,
    url: urls.agentService(service.id),
    identity: service.identityId,
    identity_name: service.identity.name,
    name: service.name,
    state: service.state,
    created: isoDateTime(service.createdAt),
    modified: isoDateTime(service.modified),
    mode: service.mode,
    statistics: jsonObject(service.statistics),
    processors: service.processors.map((p) => serializeNestedAgentProcessor(p, urls)),
  };
}

export function serializeAgentProcessor(
  processor: AgentProcessor & { readonly service: { readonly name: string } },
  urls: Urls,
) {
  return {
    ...serializeNestedAgentProcessor(processor, urls),
    service: processor.serviceId,
    service_name: processor.service.name,
  };
}
