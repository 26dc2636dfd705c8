// Maps every thrown error to the body Django REST framework would send, so Waldur clients parse our failures
// the way they parse Waldur's: {"detail": "..."} for coded errors, field lists for validation, 503 with
// Retry-After for overload (docs/guarantees.md#overload), 500 otherwise.
import type { FastifyError, FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidOrderTransitionError } from '../../domain/order-state-machine.js';
import { isTransientDatabaseError } from '../../db/transient-database-error.js';
import { FieldValidationError } from '../errors.js';
import { ServiceUnavailableError } from '../service-unavailable.js';

interface CodedError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message: string;
}

function isCoded(error: unknown): error is CodedError & Error {
  return error instanceof Error && typeof (error as CodedError).code === 'string';
}

const errorHandlerPlugin: FastifyPluginCallback = (app, _opts, done) => {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const unavailable =
      error instanceof ServiceUnavailableError
        ? error
        : isTransientDatabaseError(error)
          ? new ServiceUnavailableError('database', undefined, { cause: error })
          : null;
    if (unavailable !== null) {
      request.log.warn(
        { err: unavailable.cause ?? unavailable, reason: unavailable.reason },
        'service unavailable (overload or transient outage)',
      );
      return reply
        .status(503)
        .header('Retry-After', String(unavailable.retryAfterSeconds))
        .send({ detail: unavailable.message });
    }
    if (error instanceof FieldValidationError) {
      // A broker refusal: its answer is the only clue to why (the body is Waldur's fixed text).
      if (error.cause !== undefined)
        request.log.warn({ err: error.cause }, 'broker refused a provisioning step');
      return reply.status(400).send(error.body);
    }
    if (error instanceof InvalidOrderTransitionError) {
      return reply.status(409).send({ detail: error.message });
    }
    if (isCoded(error) && typeof error.statusCode === 'number' && String(error.code).startsWith('WALDUR_')) {
      if (error.statusCode === 401) reply.header('WWW-Authenticate', 'Token');
      return reply.status(error.statusCode).send({ detail: error.message });
    }
    if (isCoded(error) && error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .status(415)
        .send({ detail: `Unsupported media type "${request.headers['content-type'] ?? ''}" in request.` });
    }
    if (isCoded(error) && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ detail: 'Request body is too large.' });
    }
    if (
      isCoded(error) &&
      typeof error.statusCode === 'number' &&
      error.statusCode >= 400 &&
      error.statusCode < 500
    ) {
      return reply.status(error.statusCode).send({ detail: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ detail: 'A server error occurred.' });
  });

  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ detail: 'Not found.' }));
  done();
};

export default fp(errorHandlerPlugin, { name: 'waldur-errors', fastify: '5.x' });
