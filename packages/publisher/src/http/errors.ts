// Coded HTTP errors (fastify's @fastify/error convention) whose messages are Django REST framework's, so a
// Waldur client sees the bodies it knows: {"detail": "..."} for most, {"field": ["msg"]} for bad bodies.
import createError from '@fastify/error';

export const NotAuthenticatedError = createError<'WALDUR_NOT_AUTHENTICATED', 401, []>(
  'WALDUR_NOT_AUTHENTICATED',
  'Authentication credentials were not provided.',
  401,
);
export const InvalidTokenError = createError<'WALDUR_INVALID_TOKEN', 401, []>(
  'WALDUR_INVALID_TOKEN',
  'Invalid token.',
  401,
);
export const InactiveUserError = createError<'WALDUR_INACTIVE_USER', 401, []>(
  'WALDUR_INACTIVE_USER',
  'User inactive or deleted.',
  401,
);
export const PermissionDeniedError = createError<'WALDUR_PERMISSION_DENIED', 403, []>(
  'WALDUR_PERMISSION_DENIED',
  'You do not have permission to perform this action.',
  403,
);
export const NotFoundError = createError<'WALDUR_NOT_FOUND', 404, [{ cause: unknown }?]>(
  'WALDUR_NOT_FOUND',
  'Not found.',
  404,
);
export const InvalidPageError = createError<'WALDUR_INVALID_PAGE', 404, []>(
  'WALDUR_INVALID_PAGE',
  'Invalid page.',
  404,
);
/** Waldur's IncorrectStateException (409) with the StateValidator text as `%s`. */
export const IncorrectStateError = createError<'WALDUR_INCORRECT_STATE', 409, [string, { cause: unknown }?]>(
  'WALDUR_INCORRECT_STATE',
  '%s',
  409,
);
/** A 409 other than a state check (e.g. sync_resources reached no agent). */
export const ConflictError = createError<'WALDUR_CONFLICT', 409, [string]>('WALDUR_CONFLICT', '%s', 409);
export const ParseError = createError<'WALDUR_PARSE_ERROR', 400, [string]>(
  'WALDUR_PARSE_ERROR',
  'JSON parse error - %s',
  400,
);

/** Body shape of a DRF ValidationError: per-field lists, or a bare list for non-field errors. */
export type ValidationBody = Readonly<Record<string, readonly string[]>> | readonly string[];

/** 400 with a DRF-style body; `fields` is sent verbatim. */
export class FieldValidationError extends Error {
  override readonly name = 'FieldValidationError';
  readonly code = 'WALDUR_VALIDATION';
  readonly statusCode = 400;
  readonly body: ValidationBody;

  constructor(body: ValidationBody, options?: { cause?: unknown }) {
    super(Array.isArray(body) ? body.join(' ') : JSON.stringify(body), options);
    this.body = body;
  }

  static field(field: string, message: string): FieldValidationError {
    return new FieldValidationError({ [field]: [message] });
  }
}

export const REQUIRED = 'This field is required.';

/** Waldur's QuotaValidationError: the quota's name, its limit and the usage the request would reach. */
export const QuotaExceededError = createError<'WALDUR_QUOTA_EXCEEDED', 400, [string, number, number]>(
  'WALDUR_QUOTA_EXCEEDED',
  'One or more quotas were exceeded: %s quota limit: %d, requested usage: %d',
  400,
);

/** DRF APIException (500) with a message, e.g. when RabbitMQ refuses to delete a subscription's user. */
export const ServerError = createError<'WALDUR_SERVER_ERROR', 500, [string, { cause: unknown }?]>(
  'WALDUR_SERVER_ERROR',
  '%s',
  500,
);
/** 405 for methods Waldur disables on a route (e.g. PATCH of an agent identity). */
export const MethodNotAllowedError = createError<'WALDUR_METHOD_NOT_ALLOWED', 405, [string]>(
  'WALDUR_METHOD_NOT_ALLOWED',
  'Method "%s" not allowed.',
  405,
);
