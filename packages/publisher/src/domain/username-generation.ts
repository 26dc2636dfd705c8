// Waldur's own username generation at offering-user creation (marketplace/utils.py: generate_username), keyed by
// the offering's `plugin_options.username_generation_policy` (docs/agent.md#username-management):
// `service_provider` (the default) leaves it blank for the provider (the site agent) to set; `waldur_username` is
// the Waldur username; `anonymized` is `<username_anonymized_prefix, default walduruser_><5 digits>`; `full_name`
// is `<first>_<last>_<2 digits>`; `freeipa` and `identity_claim` read a FreeIPA profile or the user's
// `site_username` claim, which the emulator does not model, so they leave it blank as Waldur does without them.
import type { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

export const USERNAME_GENERATION_POLICIES = [
  'anonymized',
  'freeipa',
  'full_name',
  'identity_claim',
  'service_provider',
  'waldur_username',
] as const;

const ANONYMIZED_DIGITS = 5;
const FULL_NAME_DIGITS = 2;

export function usernamePolicy(pluginOptions: unknown): string {
  if (typeof pluginOptions === 'object' && pluginOptions !== null) {
    const policy = (pluginOptions as Record<string, unknown>).username_generation_policy;
    if (typeof policy === 'string') return policy;
  }
  return 'service_provider';
}

/** Waldur's `sanitize_name`: lower case, whitespace runs to `_`, other non-word characters dropped, ASCII only. */
export function sanitizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}_]+/gu, '')
    .normalize('NFKD')
    .replace(/[^ -~]/g, '');
}

/** `<prefix><n+1>` where n is the number ending the last (by name) username starting with `prefix`. */
async function nextNumbered(tx: Tx, offeringId: string, prefix: string, digits: number): Promise<string> {
  const last = await tx.offeringUser.findFirst({
    where: { offeringId, username: { startsWith: prefix, mode: 'insensitive' } },
    orderBy: { username: 'desc' },
    select: { username: true },
  });
  const tail = Number((last?.username ?? '').slice(-digits));
  const next = last === null || !Number.isInteger(tail) ? 0 : tail + 1;
  return `${prefix}${String(next).padStart(digits, '0')}`;
}

export async function generateUsername(
  tx: Tx,
  offering: { readonly id: string; readonly pluginOptions: unknown },
  user: { readonly username: string; readonly firstName: string; readonly lastName: string },
): Promise<string> {
  const options = (offering.pluginOptions ?? {}) as Record<string, unknown>;
  switch (usernamePolicy(options)) {
    case 'waldur_username':
      return user.username;
    case 'anonymized': {
      const prefix = options.username_anonymized_prefix;
      const p = typeof prefix === 'string' ? prefix : 'walduruser_';
      return nextNumbered(tx, offering.id, p, ANONYMIZED_DIGITS);
    }
    case 'full_name': {
      const raw = `${sanitizeName(user.firstName)}_${sanitizeName(user.lastName)}`;
      return nextNumbered(tx, offering.id, `${raw}_`, FULL_NAME_DIGITS);
    }
    default:
      return '';
  }
}
