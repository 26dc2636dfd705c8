// The username management backends this agent has, by the name `username_management_backend` selects
// (docs/agent.md#username-management). `base` is the real agent's default and, like the real plugin
// (`basic_username_management`), generates nothing; the two others apply one of Waldur's own public rules.
// An unknown name is a config error here (the real agent logs a warning and silently generates nothing).
import { AnonymizedUsernameBackend } from './anonymized-username-backend.js';
import type { UsernameBackend } from './username-backend.js';
import { WaldurUsernameBackend } from './waldur-username-backend.js';

/** The real `BaseUsernameManagementBackend`: knows no usernames and makes none. */
export class BaseUsernameBackend implements UsernameBackend {
  readonly name = 'base';
  getUsername(): Promise<string | null> {
    return Promise.resolve(null);
  }
  generateUsername(): Promise<string> {
    return Promise.resolve('');
  }
}

const FACTORIES: Readonly<Record<string, () => UsernameBackend>> = {
  base: () => new BaseUsernameBackend(),
  'waldur-username': () => new WaldurUsernameBackend(),
  'waldur-anonymized': () => new AnonymizedUsernameBackend(),
};

export const USERNAME_MANAGEMENT_BACKENDS: readonly string[] = Object.keys(FACTORIES);

/** The backend of that name, or null when there is none (the config schema refuses such names). */
export function createUsernameBackend(name: string): UsernameBackend | null {
  const factory = FACTORIES[name];
  return factory === undefined ? null : factory();
}
