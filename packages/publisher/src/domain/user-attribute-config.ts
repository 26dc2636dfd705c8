// Which user attributes an offering exposes to its provider (Waldur's OfferingUserAttributeConfig). The emulator
// stores no per-offering config, so every offering has Waldur's default: username, full name and email exposed,
// every other attribute hidden.

/** Every attribute Waldur can expose, in the order of its `expose_*` fields. */
export const USER_ATTRIBUTES = [
  'full_name',
  'email',
  'username',
  'registration_method',
  'organization',
  'organization_country',
  'organization_type',
  'organization_registry_code',
  'organization_vat_code',
  'organization_address',
  'affiliations',
  'phone_number',
  'job_title',
  'gender',
  'personal_title',
  'place_of_birth',
  'address',
  'country_of_residence',
  'nationality',
  'nationalities',
  'eduperson_assurance',
  'identity_source',
  'civil_number',
  'birth_date',
  'active_isds',
  'uid_number',
  'primary_gid',
] as const;
export type UserAttribute = (typeof USER_ATTRIBUTES)[number];

/** Waldur's fallback when no config is saved and no site default is configured. */
export const DEFAULT_EXPOSED_ATTRIBUTES: readonly UserAttribute[] = ['username', 'full_name', 'email'];

export interface UserAttributeExposure {
  readonly exposedFields: readonly UserAttribute[];
  readonly flags: Readonly<Record<`expose_${UserAttribute}`, boolean>>;
}

export function defaultUserAttributeExposure(): UserAttributeExposure {
  const exposed = new Set<UserAttribute>(DEFAULT_EXPOSED_ATTRIBUTES);
  const flags = Object.fromEntries(USER_ATTRIBUTES.map((a) => [`expose_${a}`, exposed.has(a)])) as Record<
    `expose_${UserAttribute}`,
    boolean
  >;
  return { exposedFields: USER_ATTRIBUTES.filter((a) => exposed.has(a)), flags };
}
