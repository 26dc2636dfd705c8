// Offering users (py-client OfferingUser): the per-offering account of a Waldur user.
import type { Prisma } from '../../generated/prisma/client.js';
import { fullName, isoDateTime } from './format.js';
import type { Urls } from './urls.js';

export const offeringUserInclude = {
  user: true,
  offering: { include: { customer: true } },
} satisfies Prisma.OfferingUserInclude;
export type OfferingUserWithRelations = Prisma.OfferingUserGetPayload<{
  include: typeof offeringUserInclude;
}>;

export function serializeOfferingUser(ou: OfferingUserWithRelations, urls: Urls) {
  return {
    url: urls.offeringUser(ou.id),
    uuid: ou.id,
    user: urls.user(ou.userId),
    offering: urls.offering(ou.offeringId),
    username: ou.username,
    offering_uuid: ou.offeringId,
    offering_name: ou.offering.name,
    user_uuid: ou.userId,
    user_username: ou.user.username,
    user_full_name: fullName(ou.user),
    user_first_name: ou.user.firstName,
    user_last_name: ou.user.lastName,
    user_email: ou.user.email,
    user_phone_number: '',
    user_organization: '',
    user_job_title: '',
    user_affiliations: [],
    created: isoDateTime(ou.createdAt),
    modified: isoDateTime(ou.modified),
    customer_uuid: ou.offering.customerId,
    customer_name: ou.offering.customer.name,
    is_restricted: ou.isRestricted,
    state: ou.state,
    service_provider_comment: ou.comment,
    service_provider_comment_url: ou.commentUrl,
    has_consent: true,
    requires_reconsent: false,
    offering_has_active_tos: false,
    has_compliance_checklist: false,
    consent_data: null,
    is_profile_complete: true,
    missing_profile_attributes: [],
  };
}
