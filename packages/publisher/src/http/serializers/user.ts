// users/me (py-client User): identity fields plus the caller's own token, as Waldur shows it to the owner.
import type { User } from '../../generated/prisma/client.js';
import { fullName, isoDateTime } from './format.js';
import type { Urls } from './urls.js';

export function serializeUser(user: User, urls: Urls, options: { readonly includeToken: boolean }) {
  return {
    url: urls.user(user.id),
    uuid: user.id,
    username: user.username,
    slug: user.username,
    full_name: fullName(user),
    native_name: '',
    job_title: '',
    email: user.email,
    phone_number: '',
    organization: '',
    civil_number: null,
    description: '',
    is_staff: user.isStaff,
    is_active: user.isActive,
    is_support: user.isSupport,
    ...(options.includeToken ? { token: user.token, token_lifetime: null } : {}),
    registration_method: 'default',
    date_joined: isoDateTime(user.createdAt),
    agreement_date: null,
    notifications_enabled: true,
    preferred_language: '',
    permissions: [],
    requested_email: null,
    affiliations: [],
    first_name: user.firstName,
    last_name: user.lastName,
    identity_provider_name: '',
    identity_provider_label: '',
    identity_provider_management_url: '',
    identity_provider_fields: [],
    image: null,
    identity_source: '',
  };
}
