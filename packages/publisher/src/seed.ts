// `waldur-publisher seed`: the minimum world a real waldur-site-agent needs — a staff user, a service
// provider (customer + owner with token) with an Active Marketplace.Slurm offering (cpu/mem limit
// components, one plan), and a consumer customer/project/user — plus a ready agent config in the agent's
// own YAML format (docs/agent.md#configuration, docs/slurm.md#backend-settings). Idempotent: entities are found by slug/username and reused.
import { stringify } from 'yaml';
import type { PrismaClient } from './generated/prisma/client.js';
import { newHexId, newTokenKey } from './services.js';

export interface SeedOptions {
  /** Absolute base of the REST API host, e.g. http://127.0.0.1:8000 (the config gets `<base>/api/`). */
  readonly publicUrl: string;
  /** Web-STOMP endpoint consumers use, e.g. ws://127.0.0.1:15674/ws. */
  readonly webStompUrl: string;
  /** Prefix for slugs/usernames so several seeds can share a database (default none). */
  readonly prefix?: string;
  readonly slurmBinPath?: string;
  readonly newId?: () => string;
  readonly newToken?: () => string;
}

export interface SeededUser {
  readonly id: string;
  readonly username: string;
  readonly token: string;
}

export interface SeedResult {
  readonly staff: SeededUser;
  readonly provider: {
    readonly customerId: string;
    readonly serviceProviderId: string;
    readonly owner: SeededUser;
  };
  readonly offering: { readonly id: string; readonly name: string; readonly planId: string };
  readonly consumer: { readonly customerId: string; readonly projectId: string; readonly user: SeededUser };
  readonly agentConfig: AgentConfig;
}

/** The subset of waldur-site-agent's RootConfiguration we emit. */
export interface AgentConfig {
  offerings: {
    name: string;
    waldur_api_url: string;
    waldur_api_token: string;
    waldur_offering_uuid: string;
    backend_type: 'slurm';
    stomp_enabled: boolean;
    websocket_use_tls: boolean;
    stomp_ws_host: string;
    stomp_ws_port: number;
    stomp_ws_path: string;
    order_processing_backend: 'slurm';
    membership_sync_backend: 'slurm';
    backend_settings: Record<string, string | boolean>;
    backend_components: Record<
      string,
      { limit: number; measured_unit: string; unit_factor: number; accounting_type: string; label: string }
    >;
  }[];
}

const COMPONENTS = [
  { type: 'cpu', name: 'CPU', measuredUnit: 'k-Hours', unitFactor: 60000, limit: 10, price: '0.5' },
  { type: 'mem', name: 'RAM', measuredUnit: 'GB-Hours', unitFactor: 61440, limit: 10, price: '0.1' },
] as const;

/** Interactive-transaction limits of the seed (Prisma's default timeout of 5 s is too short under load). */
const SEED_TX = { maxWait: 30_000, timeout: 60_000 } as const;

/** QOS the SLURM backend switches to for paused/downscaled resources and back (slurm-mock defines all three). */
const QOS = { qos_default: 'normal', qos_paused: 'paused', qos_downscaled: 'downscaled' } as const;

export async function runSeed(prisma: PrismaClient, opts: SeedOptions): Promise<SeedResult> {
  const newId = opts.newId ?? newHexId;
  const newToken = opts.newToken ?? newTokenKey;
  const p = opts.prefix ?? '';

  const result = await prisma.$transaction(async (tx) => {
    const user = async (
      username: string,
      extra: { isStaff?: boolean; firstName: string; lastName: string },
    ) => {
      const existing = await tx.user.findUnique({ where: { username } });
      if (existing) return existing;
      return tx.user.create({
        data: {
          id: newId(),
          username,
          email: `${username}@example.com`,
          firstName: extra.firstName,
          lastName: extra.lastName,
          isStaff: extra.isStaff ?? false,
          token: newToken(),
        },
      });
    };
    const customer = async (slug: string, name: string, abbreviation: string) =>
      (await tx.customer.findUnique({ where: { slug } })) ??
      tx.customer.create({ data: { id: newId(), slug, name, abbreviation } });
    const customerRole = async (userId: string, customerId: string, role: string) => {
      const found = await tx.customerPermission.findFirst({ where: { userId, customerId, role } });
      if (!found) await tx.customerPermission.create({ data: { id: newId(), userId, customerId, role } });
    };

    const staff = await user(`${p}staff`, { isStaff: true, firstName: 'Staff', lastName: 'User' });

    const providerCustomer = await customer(`${p}hpc-provider`, 'HPC Provider', 'HPCP');
    const owner = await user(`${p}provider-owner`, { firstName: 'Provider', lastName: 'Owner' });
    await customerRole(owner.id, providerCustomer.id, 'CUSTOMER.OWNER');
    const serviceProvider =
      (await tx.serviceProvider.findUnique({ where: { customerId: providerCustomer.id } })) ??
      (await tx.serviceProvider.create({
        data: { id: newId(), customerId: providerCustomer.id, description: 'Seeded SLURM service provider' },
      }));

    const offeringName = `${p}SLURM cluster`;
    const offering =
      (await tx.offering.findFirst({
        where: { customerId: providerCustomer.id, name: offeringName, type: 'Marketplace.Slurm' },
      })) ??
      (await tx.offering.create({
        data: {
          id: newId(),
          name: offeringName,
          type: 'Marketplace.Slurm',
          customerId: providerCustomer.id,
          state: 'Active',
          description: 'Seeded SLURM offering for waldur-site-agent',
          // Offering users get the Waldur username at once (src/domain/offering-user-provisioning.ts).
          pluginOptions: {
            username_generation_policy: 'waldur_username',
            enable_membership_sync_status: true,
          },
          secretOptions: {},
        },
      }));
    for (const c of COMPONENTS) {
      const found = await tx.offeringComponent.findUnique({
        where: { offeringId_type: { offeringId: offering.id, type: c.type } },
      });
      if (!found) {
        await tx.offeringComponent.create({
          data: {
            id: newId(),
            offeringId: offering.id,
            type: c.type,
            name: c.name,
            measuredUnit: c.measuredUnit,
            billingType: 'limit',
            limitAmount: c.limit,
            unitFactor: c.unitFactor,
          },
        });
      }
    }
    const plan =
      (await tx.plan.findFirst({ where: { offeringId: offering.id, name: 'Default' } })) ??
      (await tx.plan.create({
        data: { id: newId(), offeringId: offering.id, name: 'Default', unitPrice: '0', quotas: {} },
      }));
    // The plan's amount and price per component (read by the agent for Update orders).
    for (const c of COMPONENTS) {
      const component = await tx.offeringComponent.findUniqueOrThrow({
        where: { offeringId_type: { offeringId: offering.id, type: c.type } },
      });
      await tx.planComponent.upsert({
        where: { planId_componentId: { planId: plan.id, componentId: component.id } },
        create: { id: newId(), planId: plan.id, componentId: component.id, amount: c.limit, price: c.price },
        update: {},
      });
    }

    const consumerCustomer = await customer(`${p}hpc-consumer`, 'HPC Consumer', 'HPCC');
    const projectSlug = `${p}hpc-project`;
    const project =
      (await tx.project.findUnique({ where: { slug: projectSlug } })) ??
      (await tx.project.create({
        data: { id: newId(), slug: projectSlug, name: 'HPC Project', customerId: consumerCustomer.id },
      }));
    const consumer = await user(`${p}consumer-user`, { firstName: 'Consumer', lastName: 'User' });
    await customerRole(consumer.id, consumerCustomer.id, 'CUSTOMER.OWNER');
    const role = await tx.projectPermission.findFirst({
      where: { userId: consumer.id, projectId: project.id, role: 'PROJECT.ADMIN', isActive: true },
    });
    if (!role) {
      await tx.projectPermission.create({
        data: { id: newId(), userId: consumer.id, projectId: project.id, role: 'PROJECT.ADMIN' },
      });
    }
    return {
      staff,
      providerCustomer,
      owner,
      serviceProvider,
      offering,
      plan,
      consumerCustomer,
      project,
      consumer,
    };
    // One transaction of ~20 statements: generous, as a loaded machine (CI) can take seconds for it.
  }, SEED_TX);

  const seeded = (u: { id: string; username: string; token: string }): SeededUser => ({
    id: u.id,
    username: u.username,
    token: u.token,
  });
  const owner = seeded(result.owner);
  return {
    staff: seeded(result.staff),
    provider: {
      customerId: result.providerCustomer.id,
      serviceProviderId: result.serviceProvider.id,
      owner,
    },
    offering: { id: result.offering.id, name: result.offering.name, planId: result.plan.id },
    consumer: {
      customerId: result.consumerCustomer.id,
      projectId: result.project.id,
      user: seeded(result.consumer),
    },
    agentConfig: agentConfigFor({
      offeringName: result.offering.name,
      offeringId: result.offering.id,
      token: owner.token,
      publicUrl: opts.publicUrl,
      webStompUrl: opts.webStompUrl,
      slurmBinPath: opts.slurmBinPath ?? '/usr/bin',
    }),
  };
}

export function agentConfigFor(a: {
  offeringName: string;
  offeringId: string;
  token: string;
  publicUrl: string;
  webStompUrl: string;
  slurmBinPath: string;
}): AgentConfig {
  const ws = new URL(a.webStompUrl);
  const tls = ws.protocol === 'wss:';
  return {
    offerings: [
      {
        name: a.offeringName,
        waldur_api_url: `${a.publicUrl.replace(/\/+$/, '')}/api/`,
        waldur_api_token: a.token,
        waldur_offering_uuid: a.offeringId,
        backend_type: 'slurm',
        stomp_enabled: true,
        websocket_use_tls: tls,
        stomp_ws_host: ws.hostname,
        stomp_ws_port: ws.port === '' ? (tls ? 443 : 80) : Number(ws.port),
        stomp_ws_path: ws.pathname,
        order_processing_backend: 'slurm',
        membership_sync_backend: 'slurm',
        backend_settings: {
          default_account: 'root',
          customer_prefix: 'hpc_',
          project_prefix: 'hpc_',
          allocation_prefix: 'hpc_',
          slurm_bin_path: a.slurmBinPath,
          // Home directories need /sbin/mkhomedir_helper and real users; off for a demo cluster.
          enable_user_homedir_account_creation: false,
          ...QOS,
        },
        backend_components: Object.fromEntries(
          COMPONENTS.map((c) => [
            c.type,
            {
              limit: c.limit,
              measured_unit: c.measuredUnit,
              unit_factor: c.unitFactor,
              accounting_type: 'limit',
              label: c.name,
            },
          ]),
        ),
      },
    ],
  };
}

export function renderAgentConfig(config: AgentConfig, format: 'yaml' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(config, null, 2)}\n` : stringify(config);
}
