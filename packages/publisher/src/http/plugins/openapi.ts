// OpenAPI 3 document generated from the route schemas, served as JSON at /api/schema/ and browsable with
// Swagger UI at /api/docs/.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { DOCS_PREFIX } from './auth.js';

const openapiPlugin: FastifyPluginAsync<{ publicBaseUrl: string }> = async (app, { publicBaseUrl }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Waldur emulator API',
        description:
          "The subset of Waldur Mastermind's REST API that waldur-site-agent uses, plus the user actions that cause " +
          'STOMP events. Authenticate with `Authorization: Token <key>`.',
        version: '0.1.0',
      },
      servers: [{ url: publicBaseUrl }],
      components: {
        securitySchemes: {
          token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <key>' },
        },
      },
      security: [{ token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list' } });
  app.get('/api/schema/', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
};

export default fp(openapiPlugin, { name: 'waldur-openapi', fastify: '5.x' });
