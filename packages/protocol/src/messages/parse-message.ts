// Parses a STOMP body for a queue's object type without throwing: the agent logs and drops bad messages.
import { isObservableObjectType, type ObservableObjectType } from '../enums/observable-object-type.js';
import { describeIssues, zodIssues } from '../format-zod-error.js';
import { ProtocolError } from '../protocol-error.js';
import { MESSAGE_SCHEMAS, type MessageFor } from './message-schemas.js';

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProtocolError };

export function parseMessage<T extends ObservableObjectType>(
  objectType: T,
  body: string,
): ParseResult<MessageFor<T>> {
  if (!isObservableObjectType(objectType)) {
    return {
      ok: false,
      error: new ProtocolError(
        'ERR_INVALID_OBJECT_TYPE',
        `Unknown observable object type: ${JSON.stringify(objectType)}`,
      ),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    return {
      ok: false,
      error: new ProtocolError('ERR_MESSAGE_NOT_JSON', `Invalid ${objectType} message: body is not JSON`, {
        cause,
      }),
    };
  }
  const result = MESSAGE_SCHEMAS[objectType].safeParse(json);
  if (!result.success) {
    const issues = zodIssues(result.error);
    return {
      ok: false,
      error: new ProtocolError(
        'ERR_MESSAGE_SCHEMA',
        `Invalid ${objectType} message: ${describeIssues(issues)}`,
        {
          cause: result.error,
          issues,
        },
      ),
    };
  }
  return { ok: true, value: result.data as MessageFor<T> };
}
