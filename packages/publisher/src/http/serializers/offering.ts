// Provider offerings (ProviderOfferingDetails), their components, service providers and plans
// (ProviderPlanDetails), with the Prisma includes each needs.
import { Prisma } from '../../generated/prisma/client.js';
import { isoDateTime, jsonObject, slugFor } from './format.js';
import { CATEGORY, type Urls } from './urls.js';

const planComponentsInclude = {
  components: { include: { component: true }, orderBy: { component: { type: 'asc' } } },
} satisfies Prisma.PlanInclude;

export const offeringInclude = {
  customer: { include: { serviceProvider: true } },
  components: { orderBy: { type: 'asc' } },
  plans: { orderBy: { createdAt: 'asc' }, include: planComponentsInclude },
} satisfies Prisma.OfferingInclude;
export type OfferingWithRelations = Prisma.OfferingGetPayload<{ include: typeof offeringInclude }>;
type Component = OfferingWithRelations['components'][number];
type PlanRow = OfferingWithRelations['plans'][number];

export function serializeComponent(component: Component) {
  return {
    uuid: component.id,
    billing_type: component.billingType,
    type: component.type,
    name: component.name,
    description: component.description,
    measured_unit: component.measuredUnit,
    unit_factor: component.unitFactor ?? 1,
    limit_period: null,
    limit_amount: component.limitAmount,
    article_code: component.articleCode ?? '',
    max_value: null,
    min_value: null,
    max_available_limit: null,
    is_boolean: false,
    default_limit: null,
    factor: null,
    is_builtin: false,
    is_prepaid: false,
  };
}

function unitPrice(plan: PlanRow): string {
  return plan.unitPrice === null ? '0.0000000' : plan.unitPrice.toFixed(7);
}

/** NestedPlanComponent: amount and price of each offering component in the plan (Waldur's PlanComponent). */
function serializePlanComponent(row: PlanRow['components'][number]) {
  return {
    type: row.component.type,
    name: row.component.name,
    measured_unit: row.component.measuredUnit,
    amount: row.amount,
    price: row.price.toFixed(10),
    future_price: null,
    discount_formula: '',
    discount_aggregation: 'customer',
    discount_description: null,
  };
}

/** Waldur's minimal price of a plan: what its fixed components cost (amount x price). */
function minimalPrice(plan: PlanRow): string {
  const fixed = plan.components.filter((c) => c.component.billingType === 'fixed');
  return fixed.reduce((sum, c) => sum.plus(c.price.times(c.amount)), new Prisma.Decimal(0)).toFixed(2);
}

/** BaseProviderPlan as nested in an offering. */
export function serializeNestedPlan(plan: PlanRow, urls: Urls) {
  return {
    url: urls.plan(plan.id),
    uuid: plan.id,
    name: plan.name,
    description: '',
    article_code: '',
    max_amount: null,
    archived: plan.archived,
    is_active: !plan.archived,
    unit_price: unitPrice(plan),
    unit: 'month',
    init_price: 0,
    switch_price: 0,
    backend_id: '',
    organization_groups: [],
    components: plan.components.map(serializePlanComponent),
    prices: Object.fromEntries(plan.components.map((c) => [c.component.type, c.price.toFixed(10)])),
    future_prices: {},
    quotas: {
      ...jsonObject(plan.quotas),
      ...Object.fromEntries(plan.components.map((c) => [c.component.type, c.amount])),
    },
    resources_count: 0,
    plan_type: 'usage-based',
    minimal_price: minimalPrice(plan),
  };
}

export function serializeOffering(offering: OfferingWithRelations, urls: Urls) {
  const pluginOptions = jsonObject(offering.pluginOptions);
  return {
    url: urls.offering(offering.id),
    uuid: offering.id,
    created: isoDateTime(offering.createdAt),
    name: offering.name,
    slug: slugFor(offering.name, offering.id),
    description: offering.description,
    full_description: '',
    privacy_policy_link: '',
    access_url: '',
    endpoints: [],
    roles: [],
    customer: urls.customer(offering.customerId),
    customer_uuid: offering.customerId,
    customer_name: offering.customer.name,
    project: null,
    project_uuid: null,
    project_name: null,
    category: urls.category(CATEGORY.uuid),
    category_uuid: CATEGORY.uuid,
    category_title: CATEGORY.title,
    attributes: {},
    components: offering.components.map(serializeComponent),
    plugin_options: pluginOptions,
    secret_options: jsonObject(offering.secretOptions),
    service_attributes: {},
    state: offering.state,
    vendor_details: '',
    getting_started: '',
    integration_guide: '',
    thumbnail: null,
    order_count: 0,
    plans: offering.plans.map((plan) => serializeNestedPlan(plan, urls)),
    screenshots: [],
    type: offering.type,
    shared: true,
    billable: true,
    scope: '',
    files: [],
    quotas: [],
    paused_reason: '',
    datacite_doi: '',
    citation_count: -1,
    latitude: null,
    longitude: null,
    country: '',
    backend_id: '',
    organization_groups: [],
    image: null,
    parent_description: null,
    parent_uuid: null,
    parent_name: null,
    backend_metadata: {},
    has_compliance_requirements: false,
    // Not a py-client field; the agent asks for it with field=partitions (SLURM partitions of the offering).
    partitions: Array.isArray(pluginOptions.partitions) ? pluginOptions.partitions : [],
  };
}

export const planInclude = {
  ...planComponentsInclude,
  offering: true,
  _count: { select: { resources: true } },
} satisfies Prisma.PlanInclude;
export type PlanWithRelations = Prisma.PlanGetPayload<{ include: typeof planInclude }>;

/** marketplace-plans/{uuid}/ (ProviderPlanDetails): required keys of py-client's model. */
export function serializePlan(plan: PlanWithRelations, urls: Urls) {
  return {
    ...serializeNestedPlan(plan, urls),
    offering: urls.offering(plan.offeringId),
    resources_count: plan._count.resources,
  };
}

export const serviceProviderInclude = {
  customer: { include: { _count: { select: { offerings: true } } } },
} satisfies Prisma.ServiceProviderInclude;
export type ServiceProviderWithRelations = Prisma.ServiceProviderGetPayload<{
  include: typeof serviceProviderInclude;
}>;

export function serializeServiceProvider(sp: ServiceProviderWithRelations, urls: Urls) {
  return {
    url: urls.serviceProvider(sp.id),
    uuid: sp.id,
    created: isoDateTime(sp.createdAt),
    description: sp.description,
    enable_notifications: true,
    customer: urls.customer(sp.customerId),
    customer_name: sp.customer.name,
    customer_uuid: sp.customerId,
    customer_image: '',
    customer_abbreviation: sp.customer.abbreviation ?? '',
    customer_slug: sp.customer.slug,
    customer_native_name: '',
    customer_country: '',
    image: null,
    organization_groups: [],
    offering_count: sp.customer._count.offerings,
  };
}
