// Waiting for one message among those a suite has seen (an agent's processed messages, an event tap's captured
// ones): by object type and a payload subset; on timeout the error lists what was there instead.
import { matches } from './payload-match.js';
import { waitFor, type WaitOptions } from './wait-for.js';

export interface TypedMessage {
  readonly objectType: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface WaitForMessageOptions<M> extends Omit<WaitOptions, 'lastSeen'> {
  /** A further condition (e.g. "acknowledged"). */
  readonly accept?: (message: M) => boolean;
  /** How a message is shown in the timeout error (default: type and payload). */
  readonly show?: (message: M) => unknown;
}

export function waitForMessage<M extends TypedMessage>(
  what: string,
  list: () => readonly M[],
  objectType: string,
  match: Readonly<Record<string, unknown>>,
  options: WaitForMessageOptions<M> = {},
): Promise<M> {
  const { accept, show, ...wait } = options;
  return waitFor(
    `${what} matching ${JSON.stringify(match)}`,
    () =>
      list().find((m) => m.objectType === objectType && (accept?.(m) ?? true) && matches(m.payload, match)),
    {
      ...wait,
      lastSeen: () => list().map(show ?? ((m) => ({ type: m.objectType, payload: m.payload }))),
    },
  );
}
