// Agent identity and service registration (docs/protocol.md#agent-start-up step 2, docs/protocol.md#message-types pre-work): `agent-<offering_uuid>` is looked
// up by name and PUT when found, POSTed otherwise; services and processors are registered per handler so Waldur
// shows the agent as active (register_processor is the agent's heartbeat in Waldur).
import type { AgentIdentity } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import type { Backend } from '../backend/backend.js';
import type { OfferingConfig } from '../config/config-schema.js';
import { AGENT_VERSION } from '../version.js';
import type { WaldurApi } from '../waldur/waldur-api.js';

export function identityName(offering: OfferingConfig): string {
  return `agent-${offering.waldur_offering_uuid}`;
}

export async function registerIdentity(
  api: WaldurApi,
  offering: OfferingConfig,
  options: { now?: () => Date; backendVersions?: Record<string, string> } = {},
): Promise<AgentIdentity> {
  const name = identityName(offering);
  const dependencies = [
    { package: '@waldur-sim/agent', version: AGENT_VERSION },
    ...Object.entries(options.backendVersions ?? {}).map(([pkg, version]) => ({ package: pkg, version })),
  ];
  const body = {
    offering: offering.waldur_offering_uuid,
    name,
    version: AGENT_VERSION,
    last_restarted: (options.now ?? (() => new Date()))().toISOString(),
    dependencies,
    config_file_path: '',
    config_file_content: '',
  };
  const existing = (await api.listIdentities(name)).find((i) => i.name === name);
  if (existing !== undefined) return api.updateIdentity(existing.uuid, body);
  return api.createIdentity(body);
}

/** Throttled, best-effort register_service + register_processor per service name. */
export class ServiceRegistry {
  private readonly last = new Map<string, number>();
  private identity: AgentIdentity | null = null;

  constructor(
    private readonly api: WaldurApi,
    private readonly offering: OfferingConfig,
    private readonly log: Logger,
    private readonly throttleMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  setIdentity(identity: AgentIdentity): void {
    this.identity = identity;
  }

  /**
   * Renews the registration unless it was renewed within the throttle window. Returns the renewal (which never
   * rejects), or undefined without allocating anything when throttled: event_process calls this per message.
   */
  touch(
    serviceName: string,
    mode: string,
    processorName: string,
    backend: Backend | null,
  ): Promise<void> | undefined {
    const last = this.last.get(serviceName);
    if (last !== undefined && this.now() - last < this.throttleMs) return undefined;
    this.last.set(serviceName, this.now());
    return this.renew(serviceName, mode, processorName, backend);
  }

  private async renew(
    serviceName: string,
    mode: string,
    processorName: string,
    backend: Backend | null,
  ): Promise<void> {
    try {
      if (this.identity === null) {
        const name = identityName(this.offering);
        const found = (await this.api.listIdentities(name)).find((i) => i.name === name);
        if (found === undefined) throw new Error(`Agent identity ${name} does not exist`);
        this.identity = found;
      }
      const service = await this.api.registerService(this.identity.uuid, serviceName, mode);
      if (backend !== null) {
        await this.api.registerProcessor(service.uuid, {
          name: processorName,
          backend_type: backend.backendType,
          backend_version: await backend.version().catch(() => ''),
        });
      }
    } catch (err) {
      this.last.delete(serviceName);
      this.log.warn(
        { service: serviceName, err: (err as Error).message },
        'Service registration failed (will retry)',
      );
    }
  }
}
