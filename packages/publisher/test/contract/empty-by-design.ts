// List operations the publisher serves with an empty array by design: the emulator keeps no such objects
// (see the compatibility table in the package README). Every other list must be non-empty in the contract world.
export const EMPTY_BY_DESIGN: ReadonlySet<string> = new Set([
  'component_user_usage_limits_list',
  'marketplace_service_providers_keys_list',
]);
