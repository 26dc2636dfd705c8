// DRF TokenAuthentication as Waldur runs it: `Authorization: Token <key>` (also `Bearer <key>`, Waldur's
// personal-access-token scheme, mapped to the same key). Resolves the user and their active roles once per
// request into `request.auth`; routes marked `config: { public: true }` skip it.
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { User } from '../../generated/prisma/client.js';
import type { AccessContext } from '../../domain/permissions.js';
import type { PublisherServices } from '../../services.js';
import { InactiveUserError, InvalidTokenError, NotAuthenticatedError } from '../errors.js';

/** Swagger UI's route prefix (plugins/openapi.ts). */
export const DOCS_PREFIX = '/api/docs';

export interface AuthState {
  readonly user: User;
  readonly access: AccessContext;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthState | null;
  }
  interface FastifyContextConfig {
    /** No authentication (docs, schema). */
    public?: boolean;
  }
}

/** Key from an Authorization header, or throws DRF's 401 for malformed or missing credentials. */
export function tokenFromHeader(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new NotAuthenticatedError();
  const parts = header.trim().split(/\s+/);
  const scheme = parts[0]?.toLowerCase();
  if (scheme !== 'token' && scheme !== 'bearer') throw new NotAuthenticatedError();
  const key = parts[1];
  if (parts.length !== 2 || key === undefined) throw new InvalidTokenError();
  return key;
}

function groupRoles(
  rows: readonly { readonly scope: string; readonly role: string }[],
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    let set = out.get(row.scope);
    if (set === undefined) out.set(row.scope, (set = new Set()));
    set.add(row.role);
  }
  return out;
}

export async function loadAccess(services: PublisherServices, user: User): Promise<AccessContext> {
  const [customerPerms, projectPerms] = await Promise.all([
    services.prisma.customerPermission.findMany({ where: { userId: user.id, isActive: true } }),
    services.prisma.projectPermission.findMany({ where: { userId: user.id, isActive: true } }),
  ]);
  return {
    userId: user.id,
    isStaff: user.isStaff,
    isSupport: user.isSupport,
    customerRoles: groupRoles(customerPerms.map((p) => ({ scope: p.customerId, role: p.role }))),
    projectRoles: groupRoles(projectPerms.map((p) => ({ scope: p.projectId, role: p.role }))),
  };
}

const authPlugin: FastifyPluginCallback<{ services: PublisherServices }> = (app, { services }, done) => {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    // Docs (Swagger UI registers its own routes) and unknown URLs (404 first, like Django) need no credentials.
    if (request.routeOptions.config.public === true || request.is404) return;
    if (request.routeOptions.url?.startsWith(DOCS_PREFIX) === true) return;
    const key = tokenFromHeader(request.headers.authorization);
    const user = await services.prisma.user.findUnique({ where: { token: key } });
    if (user === null) throw new InvalidTokenError();
    if (!user.isActive) throw new InactiveUserError();
    request.auth = { user, access: await loadAccess(services, user) };
  });
  done();
};

export default fp(authPlugin, { name: 'waldur-auth', fastify: '5.x' });

/** The authenticated caller of a non-public route. */
export function authOf(request: FastifyRequest): AuthState {
  if (request.auth === null) throw new NotAuthenticatedError();
  return request.auth;
}
