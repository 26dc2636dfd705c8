// SLURM account names derived from Waldur slugs (docs/slurm.md#account-naming, BaseBackend._get_*_backend_id).
// Only allocation ids are lower-cased; customer/project ids keep the slug's case, as in the real agent.
import type { SlurmSettings } from './slurm-settings.js';

type Prefixes = Pick<SlurmSettings, 'allocationPrefix' | 'projectPrefix' | 'customerPrefix'>;

export function allocationAccountId(settings: Prefixes, slug: string): string {
  return `${settings.allocationPrefix}${slug}`.toLowerCase();
}

export function projectAccountId(settings: Prefixes, projectSlug: string): string {
  return `${settings.projectPrefix}${projectSlug}`;
}

export function customerAccountId(settings: Prefixes, customerSlug: string): string {
  return `${settings.customerPrefix}${customerSlug}`;
}

/** Slug the allocation id is built from: the project slug under `account_name_generation_policy: project_slug`. */
export function allocationBaseSlug(resource: {
  slug: string;
  projectSlug: string;
  offeringPluginOptions: Record<string, unknown>;
}): string {
  return usesProjectSlugPolicy(resource.offeringPluginOptions) ? resource.projectSlug : resource.slug;
}

export function usesProjectSlugPolicy(pluginOptions: Record<string, unknown>): boolean {
  return pluginOptions.account_name_generation_policy === 'project_slug';
}
