// `waldur-username`: Waldur's own `waldur_username` policy (marketplace/utils.py: generate_username returns
// `user.username`), applied by the agent under the `service_provider` policy: the offering user's Waldur username,
// sanitised to a POSIX name and made unique within the offering (docs/agent.md#username-rules).
import type { OfferingUser } from '@waldur-sim/protocol';
import { sanitizeUsername, uniqueUsername } from './posix-username.js';
import type { UsernameBackend, UsernameContext } from './username-backend.js';

export class WaldurUsernameBackend implements UsernameBackend {
  readonly name = 'waldur-username';

  getUsername(): Promise<string | null> {
    return Promise.resolve(null);
  }

  async generateUsername(offeringUser: OfferingUser, context: UsernameContext): Promise<string> {
    const base = sanitizeUsername(offeringUser.user_username);
    if (base === '') return '';
    return uniqueUsername(base, await context.takenUsernames());
  }
}
