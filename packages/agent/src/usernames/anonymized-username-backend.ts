// `waldur-anonymized`: Waldur's own `anonymized` policy (marketplace/utils.py: create_anonymized_username):
// `<username_anonymized_prefix><5-digit number>`, the number one above the highest such username in the offering,
// starting at 00000. The prefix comes from the offering's plugin_options; absent, Waldur's code falls back to
// `walduruser_` (docs/agent.md#username-rules).
import type { OfferingUser } from '@waldur-sim/protocol';
import { BackendError } from '../backend/backend.js';
import { sanitizeUsername } from './posix-username.js';
import type { UsernameBackend, UsernameContext } from './username-backend.js';

const DIGITS = 5;
export const DEFAULT_ANONYMIZED_PREFIX = 'walduruser_';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class AnonymizedUsernameBackend implements UsernameBackend {
  readonly name = 'waldur-anonymized';

  getUsername(): Promise<string | null> {
    return Promise.resolve(null);
  }

  async generateUsername(_offeringUser: OfferingUser, context: UsernameContext): Promise<string> {
    const configured = context.pluginOptions.username_anonymized_prefix;
    const raw = typeof configured === 'string' && configured !== '' ? configured : DEFAULT_ANONYMIZED_PREFIX;
    // The sanitiser trims a trailing `_`; the prefix keeps its separator.
    const prefix = sanitizeUsername(`${raw}x`).slice(0, -1);
    if (prefix === '' || prefix.length + DIGITS > 32) {
      throw new BackendError(`username_anonymized_prefix "${raw}" cannot start a POSIX user name`);
    }
    const pattern = new RegExp(`^${escapeRegExp(prefix)}(\\d{${String(DIGITS)}})$`);
    let highest = -1;
    for (const name of await context.takenUsernames()) {
      const match = pattern.exec(name);
      if (match?.[1] !== undefined) highest = Math.max(highest, Number(match[1]));
    }
    const next = highest + 1;
    if (next >= 10 ** DIGITS) throw new BackendError(`All ${prefix}NNNNN usernames are taken`);
    return `${prefix}${String(next).padStart(DIGITS, '0')}`;
  }
}
