// `waldur-site-agent healthz` (real waldur_site_healthz): liveness = heartbeat file fresher than --max-age;
// readiness = GET /api/users/me/?field=uuid succeeds for at least one configured offering (one try, short timeout).
import type { EnvSettings } from '../config/env-settings.js';
import { resolveHeartbeatFile } from '../config/env-settings.js';
import { loadConfigFile } from '../config/load-config.js';
import { checkLiveness } from '../runtime/heartbeat-file.js';
import { OidcClientCredentialsAuth, StaticTokenAuth } from '../waldur/auth.js';
import { WaldurHttpClient, type FetchLike } from '../waldur/http-client.js';

export interface HealthzOptions {
  configFile: string;
  maxAgeSeconds: number;
  livenessOnly: boolean;
  readinessTimeoutSeconds: number;
  env: EnvSettings;
  fetch?: FetchLike;
  write?: (line: string) => void;
}

/** Returns the process exit code (0 healthy, 1 unhealthy). */
export async function runHealthz(options: HealthzOptions): Promise<number> {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  let config: Awaited<ReturnType<typeof loadConfigFile>>['config'] | null = null;
  try {
    config = (await loadConfigFile(options.configFile)).config;
  } catch (err) {
    if (!options.livenessOnly) {
      write(`Cannot load config: ${(err as Error).message}`);
      return 1;
    }
  }
  const heartbeat = resolveHeartbeatFile(options.env, config?.heartbeat_file ?? null);
  if (!(await checkLiveness(heartbeat, options.maxAgeSeconds))) {
    write(`Heartbeat stale or missing: ${heartbeat}`);
    return 1;
  }
  if (options.livenessOnly || config === null) return 0;
  for (const o of config.offerings) {
    const auth =
      o.waldur_api_token !== ''
        ? new StaticTokenAuth(o.waldur_api_token)
        : new OidcClientCredentialsAuth({
            tokenUrl: o.oidc_token_url ?? '',
            clientId: o.oidc_client_id ?? '',
            clientSecret: o.oidc_client_secret ?? '',
          });
    const http = new WaldurHttpClient({
      apiUrl: o.waldur_api_url,
      auth,
      userAgent: 'waldur-site-agent-healthz',
      retry: { maxAttempts: 1 },
      timeoutMs: options.readinessTimeoutSeconds * 1000,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    try {
      await http.get('users/me/', { query: { field: 'uuid' } });
      return 0;
    } catch (err) {
      write(`Readiness check failed for ${o.waldur_api_url}: ${(err as Error).message}`);
    }
  }
  write('Cannot reach Waldur API');
  return 1;
}
