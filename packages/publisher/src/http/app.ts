// The Waldur emulator's HTTP app. A factory separate from `listen` so tests drive it with `inject()` and the CLI
// decides where it listens (fastify's testing guide).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { PublisherServices } from '../services.js';
import authPlugin from './plugins/auth.js';
import dashboardPlugin, { type DashboardOptions } from './plugins/dashboard.js';
import errorHandlerPlugin from './plugins/error-handler.js';
import inputGuardPlugin from './plugins/input-guard.js';
import jsonBodyPlugin from './plugins/json-body.js';
import metricsPlugin from './plugins/metrics.js';
import openapiPlugin from './plugins/openapi.js';
import { redactedRequest } from './log-redaction.js';
import type { RouteDeps } from './route-deps.js';
import { agentIdentityRoutes } from './routes/agent-identities.js';
import { agentServiceRoutes } from './routes/agent-services.js';
import { eventConsumerRoutes } from './routes/event-consumers.js';
import { componentUsageRoutes } from './routes/component-usages.js';
import { componentUserUsageRoutes } from './routes/component-user-usages.js';
import { emptyCollectionRoutes } from './routes/empty-collections.js';
import { eventSubscriptionRoutes } from './routes/event-subscriptions.js';
import { offeringIntegrationRoutes } from './routes/offering-integration.js';
import { offeringAccountRoutes } from './routes/offering-accounts.js';
import { offeringUserRoutes } from './routes/offering-users.js';
import { orderRoutes } from './routes/orders.js';
import { periodicUsagePolicyRoutes } from './routes/periodic-usage-policies.js';
import { projectAccountRoutes } from './routes/project-accounts.js';
import { projectRoutes } from './routes/projects.js';
import { providerOfferingRoutes } from './routes/provider-offerings.js';
import { providerResourceRoutes } from './routes/provider-resources.js';
import { userRoutes } from './routes/users.js';
import { backendResourceRequestRoutes } from './routes/backend-resource-requests.js';
import { backendResourceRoutes } from './routes/backend-resources.js';
import { marketplaceResourceRoutes } from './routes/marketplace-resources.js';
import { membershipSyncStatusRoutes } from './routes/membership-sync-statuses.js';
import { offeringComponentRoutes } from './routes/offering-components.js';
import { resourceApiKeyRoutes } from './routes/resource-api-keys.js';
import { serviceProviderKeyRoutes } from './routes/service-provider-keys.js';
import { serviceProviderProjectRoutes } from './routes/service-provider-projects.js';
import { userAttributeConfigRoutes } from './routes/user-attribute-config.js';
import { versionRoutes } from './routes/version.js';
import { makeUrls } from './serializers/urls.js';

export interface BuildAppOptions {
  /** Serve OpenAPI JSON and Swagger UI (default true). */
  readonly docs?: boolean;
  /** Trust X-Forwarded-* (behind a reverse proxy); affects `source_ip` of subscriptions. */
  readonly trustProxy?: boolean;
  /** Serve the live dashboard at /dashboard/ (docs/dashboard.md). */
  readonly dashboard?: Omit<DashboardOptions, 'services'>;
}

export async function buildApp(
  services: PublisherServices,
  opts: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify<Server, IncomingMessage, ServerResponse>({
    // fastify's request serializer replaced by one that redacts credentials in query strings.
    loggerInstance: services.log.child({}, { serializers: { req: redactedRequest } }),
    trustProxy: opts.trustProxy ?? false,
    // Waldur paths end in '/', and '/api/x' without it is not the same route.
    routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
  });

  // Route schemas document the API; bodies are validated with zod in the handlers (DRF-style 400s) and
  // responses are plain JSON, so fastify's ajv validation and schema-based serialization are switched off.
  app.setValidatorCompiler(() => (data: unknown) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const deps: RouteDeps = { services, urls: makeUrls(services.publicBaseUrl) };
  await app.register(errorHandlerPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(inputGuardPlugin);
  if (opts.docs !== false) await app.register(openapiPlugin, { publicBaseUrl: deps.urls.base });
  await app.register(authPlugin, { services });
  if (services.metrics !== undefined) await app.register(metricsPlugin, { metrics: services.metrics });
  if (opts.dashboard !== undefined) await app.register(dashboardPlugin, { services, ...opts.dashboard });

  await app.register(userRoutes, deps);
  await app.register(providerOfferingRoutes, deps);
  await app.register(offeringIntegrationRoutes, deps);
  await app.register(orderRoutes, deps);
  await app.register(providerResourceRoutes, deps);
  await app.register(offeringUserRoutes, deps);
  await app.register(componentUsageRoutes, deps);
  await app.register(componentUserUsageRoutes, deps);
  await app.register(projectRoutes, deps);
  await app.register(agentIdentityRoutes, deps);
  await app.register(agentServiceRoutes, deps);
  await app.register(eventConsumerRoutes, deps);
  await app.register(eventSubscriptionRoutes, deps);
  await app.register(periodicUsagePolicyRoutes, deps);
  // Operations of Waldur's contract served by plugins of their own.
  await app.register(versionRoutes, deps);
  await app.register(userAttributeConfigRoutes, deps);
  await app.register(offeringComponentRoutes, deps);
  await app.register(emptyCollectionRoutes, deps);
  await app.register(serviceProviderKeyRoutes, deps);
  await app.register(serviceProviderProjectRoutes, deps);
  await app.register(marketplaceResourceRoutes, deps);
  await app.register(membershipSyncStatusRoutes, deps);
  await app.register(backendResourceRoutes, deps);
  await app.register(backendResourceRequestRoutes, deps);
  await app.register(resourceApiKeyRoutes, deps);
  await app.register(projectAccountRoutes, deps);
  await app.register(offeringAccountRoutes, deps);
  return app;
}
