// Hostile account, user and description values travel from Waldur through the real agent's SLURM backend to
// slurm-mock's executables: spaces, quotes, `;`, `$()`, backticks, newlines, tabs, `|`, option look-alikes and
// non-ASCII. Each must be stored exactly as sacctmgr stores that single argv token, or be rejected with a clear
// error (sacctmgr's or the agent's name check) on the order or in the agent's log; no shell ever runs (a canary
// file a shell would create stays absent) and nothing else in SLURM changes.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryStateStore, runCommand, type MockState } from '@waldur-sim/slurm-mock';
import { brokerFromEnv } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FaultStack } from '../../src/harness/fault-stack.js';
import type { LogLine } from '../../src/harness/managed-process.js';
import { waitFor } from '../../src/harness/wait-for.js';

const hex = (): string => randomUUID().replaceAll('-', '');

let stack: FaultStack;
let canary: string;

/** Mirrors the agent's documented value rule (slurm-argv.ts sanitizeSacctmgrValue): no `"`, whitespace folded. */
function agentSanitized(value: string): string {
  return value.replace(/"/g, '').replace(/\s+/g, ' ').trim();
}

/** What sacctmgr does with one `description=…` argv token: stored description, or its error. */
function sacctmgrVerdict(descriptionToken: string): { stored: string } | { error: string } {
  const store = createMemoryStateStore();
  const r = runCommand(
    'sacctmgr',
    [
      '--parsable2',
      '--noheader',
      '--immediate',
      'add',
      'account',
      'probe',
      descriptionToken,
      'organization="o"',
      'parent="root"',
    ],
    { store },
  );
  if (r.exitCode !== 0) return { error: r.output.trim() };
  return { stored: store.read().accounts.find((a) => a.name === 'probe')?.description ?? '' };
}

interface ArgvRecord {
  readonly argv: readonly string[];
}

/** Every SLURM argv the agent logged (DEBUG "Executing SLURM command"), program path stripped. */
function agentArgvs(): string[][] {
  return stack.agent.process
    .records('Executing SLURM command')
    .map((l) => (l.json as unknown as ArgvRecord).argv.slice(1).map(String));
}

function snapshot(state: MockState): { accounts: Set<string>; associations: Set<string> } {
  return {
    accounts: new Set(state.accounts.map((a) => `${a.name}|${a.description}|${a.organization}`)),
    associations: new Set(state.associations.map((a) => `${a.account}|${a.user}|${a.partition}`)),
  };
}

function added<T>(before: Set<T>, after: Set<T>): T[] {
  return [...after].filter((x) => !before.has(x));
}

async function submitCreate(projectId: string, name: string): Promise<{ uuid: string; resource: string }> {
  const c = stack.consumer;
  const order = (await c.ok('POST', '/marketplace-orders/', {
    offering: c.url('marketplace-public-offerings', stack.world.offeringId),
    project: c.url('projects', projectId),
    type: 'Create',
    limits: { cpu: 1, mem: 1 },
    attributes: { name },
  })) as { uuid: string; marketplace_resource_uuid: string };
  await c.ok('POST', `/marketplace-orders/${order.uuid}/approve_by_consumer/`, {});
  return { uuid: order.uuid, resource: order.marketplace_resource_uuid };
}

async function terminal(orderUuid: string): Promise<{ state: string; error: string }> {
  return waitFor(
    `order ${orderUuid} to finish`,
    async () => {
      const row = await stack.db.prisma.order.findUniqueOrThrow({ where: { id: orderUuid } });
      return ['done', 'erred'].includes(row.state)
        ? { state: row.state, error: row.errorMessage }
        : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

beforeAll(async () => {
  stack = await FaultStack.start({
    name: 'hostile',
    sharedBroker: brokerFromEnv(),
    agentLogLevel: 'DEBUG',
    members: 0,
  });
  canary = join(stack.workDir, 'canary');
});

afterAll(async () => {
  const subs = await stack.db.prisma.eventSubscription.findMany({ select: { id: true } });
  for (const s of subs) await stack.staff.call('DELETE', `/event-subscriptions/${s.id}/`);
  await stack.stop();
});

describe('hostile values reach slurm-mock safely', () => {
  // Fails if the agent built a shell command (the canary appears, or `;`/newline split the command), passed a
  // description unquoted (a second argv token such as `x description=injected` would change other fields), or
  // if a refused value were silently dropped instead of erring the order.
  test('descriptions from resource names: stored as sacctmgr stores the token, or the order errs clearly', async () => {
    const names = [
      'two  spaces   here',
      'quote"inside"name',
      "single'quote",
      'semi;colon; rm -rf /',
      `$(touch ${canary})`,
      `\`touch ${canary}\``,
      'line\nbreak',
      'tab\there',
      'ünïcödé ✓ 日本語',
      'pipe|char',
      'back\\slash',
      '--immediate',
      'x description=injected organization=evil',
    ];
    const before = snapshot(stack.slurm.state());
    const orders = [];
    for (const name of names) orders.push({ name, ...(await submitCreate(stack.world.projectId, name)) });
    const results = [];
    for (const o of orders) results.push({ ...o, ...(await terminal(o.uuid)) });
    expect(existsSync(canary), 'a shell ran a value').toBe(false);

    const state = stack.slurm.state();
    const argvs = agentArgvs();
    const expectedAccounts: string[] = [];
    for (const r of results) {
      const resource = await stack.db.prisma.resource.findUniqueOrThrow({ where: { id: r.resource } });
      const allocation = `hpc_${resource.slug}`.toLowerCase();
      const add = argvs.find((a) => a.includes('add') && a.includes('account') && a.includes(allocation));
      expect(add, `agent never ran add account for ${JSON.stringify(r.name)}`).toBeDefined();
      const tokens = (add ?? []).filter((t) => t.startsWith('description='));
      expect(tokens, `one description token for ${JSON.stringify(r.name)}`).toEqual([
        `description="${agentSanitized(r.name)}"`,
      ]);
      const verdict = sacctmgrVerdict(tokens[0] ?? '');
      if ('stored' in verdict) {
        expect(r.state, `order for ${JSON.stringify(r.name)}: ${r.error}`).toBe('done');
        const account = state.accounts.find((a) => a.name === allocation);
        expect(account?.description, `stored description for ${JSON.stringify(r.name)}`).toBe(verdict.stored);
        expectedAccounts.push(allocation);
      } else {
        expect(r.state, `order for ${JSON.stringify(r.name)}`).toBe('erred');
        expect(r.error, `error of the order for ${JSON.stringify(r.name)}`).toContain(
          verdict.error.split(':')[0]?.trim() ?? 'error',
        );
        expect(state.accounts.some((a) => a.name === allocation)).toBe(false);
      }
    }
    // At least one value of each kind: accepted literally, and refused.
    expect(results.some((r) => r.state === 'done')).toBe(true);
    expect(results.some((r) => r.state === 'erred')).toBe(true);
    // Nothing but the accepted allocations (and the project/customer accounts they live in) was added.
    const after = snapshot(state);
    const newAccounts = added(before.accounts, after.accounts).map((a) => a.split('|')[0] ?? '');
    expect(
      newAccounts.filter((a) => !expectedAccounts.includes(a) && !/^hpc_hpc-(consumer|project)$/.test(a)),
    ).toEqual([]);
    expect(
      added(before.associations, after.associations).every(
        (a) => expectedAccounts.some((acc) => a.startsWith(`${acc}|`)) || a.startsWith('hpc_hpc-'),
      ),
    ).toBe(true);
  });

  // Fails if account names were interpolated into a shell line or split on spaces: such a name must be refused
  // with "Invalid account name" (the agent's name check or sacctmgr's) on the order, and nothing but the plain
  // parent accounts may be created.
  test('account names from hostile customer and project slugs are refused with a clear error', async () => {
    const prisma = stack.db.prisma;
    const cases = [
      { customer: `evil customer;$(touch ${canary})`, project: 'plain-project' },
      { customer: 'plain-customer', project: `evil\`touch ${canary}\`project` },
      { customer: 'quoted-customer', project: 'quote"d proj\nect' },
    ];
    const before = snapshot(stack.slurm.state());
    for (const c of cases) {
      const customerId = hex();
      const projectId = hex();
      const now = new Date();
      await prisma.customer.create({
        data: {
          id: customerId,
          slug: `${c.customer}-${randomBytes(2).toString('hex')}`,
          name: `Customer ${c.customer}`,
          abbreviation: 'X',
        },
      });
      await prisma.project.create({
        data: {
          id: projectId,
          slug: `${c.project}-${randomBytes(2).toString('hex')}`,
          name: `Project ${c.project}`,
          customerId,
          createdAt: now,
        },
      });
      await prisma.projectPermission.create({
        data: {
          id: hex(),
          userId: stack.world.seed.consumer.user.id,
          projectId,
          role: 'PROJECT.ADMIN',
          createdAt: now,
        },
      });
      const order = await submitCreate(projectId, 'allocation in a hostile project');
      const result = await terminal(order.uuid);
      expect(
        result.state,
        `order in customer ${JSON.stringify(c.customer)} / project ${JSON.stringify(c.project)}`,
      ).toBe('erred');
      expect(result.error).toMatch(/Invalid account name/);
    }
    expect(existsSync(canary), 'a shell ran a value').toBe(false);
    // Refused everywhere: no account at all was added.
    // Refused everywhere: the only accounts added are the plain customers' (made before the project failed).
    const newAccounts = added(before.accounts, snapshot(stack.slurm.state()).accounts).map(
      (a) => a.split('|')[0] ?? '',
    );
    expect(newAccounts.filter((a) => !/^hpc_(plain|quoted)-customer-[0-9a-f]{4}$/.test(a))).toEqual([]);
  });

  // Fails if usernames were split or shell-expanded (`root account=root` would add root elsewhere), or if a
  // refused user aborted the good ones.
  test('hostile offering usernames are refused; the good user next to them is added; nothing else changes', async () => {
    const prisma = stack.db.prisma;
    const projectId = hex();
    const now = new Date();
    await prisma.project.create({
      data: {
        id: projectId,
        slug: `users-project-${randomBytes(2).toString('hex')}`,
        name: 'Users project',
        customerId: stack.world.seed.consumer.customerId,
        createdAt: now,
      },
    });
    await prisma.projectPermission.create({
      data: {
        id: hex(),
        userId: stack.world.seed.consumer.user.id,
        projectId,
        role: 'PROJECT.ADMIN',
        createdAt: now,
      },
    });
    const created = await submitCreate(projectId, 'users allocation');
    expect((await terminal(created.uuid)).state).toBe('done');
    const allocation =
      (await prisma.resource.findUniqueOrThrow({ where: { id: created.resource } })).backendId ?? '';
    // Usernames that look like options ('-h') are covered by agent-option-injection.test.ts.
    const usernames = [
      `bad user`,
      `x;id`,
      `$(touch ${canary})`,
      `\`touch ${canary}\``,
      'root account=root',
      'new\nline',
      'ünï',
      'gooduser',
    ];
    const members: { id: string; username: string }[] = [];
    for (const username of usernames) {
      const id = hex();
      await prisma.user.create({
        data: {
          id,
          username: `w-${id.slice(0, 8)}`,
          email: `${id}@example.com`,
          firstName: 'H',
          lastName: 'U',
          token: randomBytes(20).toString('hex'),
          createdAt: now,
          modified: now,
        },
      });
      await prisma.offeringUser.create({
        data: {
          id: hex(),
          offeringId: stack.world.offeringId,
          userId: id,
          username,
          state: 'OK',
          createdAt: now,
          modified: now,
        },
      });
      members.push({ id, username });
    }
    const before = snapshot(stack.slurm.state());
    // The agent's refusals: sacctmgr's error for that user ("Unable to create association on backend", with the
    // username) or its own name check before any command ("Adding user failed for resource", name in the error).
    const logged = (): LogLine[] =>
      stack.agent.process.lines.filter(
        (l) =>
          l.json?.msg === 'Unable to create association on backend' ||
          l.json?.msg === 'Adding user failed for resource',
      );
    const loggedBefore = logged().length;
    const refusedFor = (username: string): boolean =>
      logged()
        .slice(loggedBefore)
        .some(
          (l) =>
            l.json?.username === username ||
            JSON.stringify(l.json?.err ?? '').includes(JSON.stringify(JSON.stringify(username)).slice(1, -1)),
        );
    for (const m of members) {
      await stack.staff.ok('POST', `/projects/${projectId}/add_user/`, {
        role: 'PROJECT.MEMBER',
        user: stack.staff.url('users', m.id),
      });
    }
    // Refused grants may be retried before they are dead-lettered, and the good user's message waits behind them.
    await waitFor(
      'the good user to be added',
      () => stack.slurm.state().associations.some((a) => a.account === allocation && a.user === 'gooduser'),
      { timeoutMs: 180_000 },
    );
    const hostile = members.filter((m) => m.username !== 'gooduser');
    // Settled = stored as exactly that token, or refused with an error that names it.
    await waitFor(
      'every hostile grant to be settled',
      () => {
        const users = new Set(
          stack.slurm
            .state()
            .associations.filter((a) => a.account === allocation)
            .map((a) => a.user),
        );
        return hostile.every((m) => refusedFor(m.username) || users.has(m.username.toLowerCase()));
      },
      {
        timeoutMs: 90_000,
        lastSeen: () => hostile.filter((m) => !refusedFor(m.username)).map((m) => m.username),
      },
    );
    expect(existsSync(canary), 'a shell ran a value').toBe(false);
    const state = stack.slurm.state();
    const newAssocs = added(before.associations, snapshot(state).associations);
    // Only associations on the users' allocation, each for exactly one of the given usernames (as one token), or
    // for the project admin (the consumer) whom the allocation's team sync adds.
    const consumerNames = (
      await prisma.offeringUser.findMany({ where: { userId: stack.world.seed.consumer.user.id } })
    ).map((o) => o.username ?? '');
    const allowed = [...usernames.map((u) => u.toLowerCase()), ...consumerNames];
    for (const a of newAssocs) {
      const [account, user] = a.split('|');
      expect(account).toBe(allocation);
      expect(allowed).toContain(user);
    }
    expect(newAssocs.some((a) => a.startsWith(`${allocation}|gooduser|`))).toBe(true);
    expect(state.associations.some((a) => a.user === 'root' && a.account === allocation)).toBe(false);
    expect(added(before.accounts, snapshot(state).accounts)).toEqual([]);
    // The refusals were clear: the error text says the user name is invalid.
    const errors = logged()
      .slice(loggedBefore)
      .map((l) => JSON.stringify(l.json ?? {}));
    expect(errors.some((e) => e.includes('Invalid user name'))).toBe(true);
    expect(stack.agent.running).toBe(true);
  });
});
