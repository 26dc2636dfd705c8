// Offering usernames that look like command-line options ('-h', '--help', '-V') must never reach sacctmgr as
// bare argv elements: sacctmgr (glibc getopt with argument permutation, which slurm-mock reproduces) would parse
// them as options, print its help or version, exit 0, and the agent would log "Created association" for an
// association that does not exist — argument injection through data (found by this suite; the agent now checks
// names with slurm-name.ts before any command).
// The agent runs in-process with its real SLURM backend against slurm-mock's executables (command-log shims),
// the publisher's app as REST and an in-memory STOMP client delivering the user_role message.
// Fails if the agent passes such usernames through again (no name check, no `--` before positional words).
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { EventProcessAgent, parseConfig, readEnvSettings } from '@waldur-sim/agent';
import { brokerFromEnv } from '@waldur-sim/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeStompBroker } from '../../src/harness/fake-stomp.js';
import { startInProcessPublisher, type InProcessPublisher } from '../../src/harness/in-process-publisher.js';
import { callApi } from '../../src/harness/inject-rest.js';
import { injectFetch } from '../../src/harness/inject-fetch.js';
import { DATA_ROOT, partPaths } from '../../src/harness/paths.js';
import { SlurmCluster } from '../../src/harness/slurm-cluster.js';

const hex = (): string => randomUUID().replaceAll('-', '');
const OPTION_USERNAMES = ['-h', '--help', '-V'];

let publisher: InProcessPublisher;
let agent: EventProcessAgent;
let slurm: SlurmCluster;
const stomp = new FakeStompBroker();
const logs: Record<string, unknown>[] = [];
const savedEnv = { ...process.env };
let projectId: string;
let members: { id: string; username: string }[];

beforeAll(async () => {
  const dir = join(DATA_ROOT, 'security', 'option-injection');
  slurm = await SlurmCluster.create(join(dir, 'slurm'), partPaths().slurmBinDir);
  // The agent's command runner takes its environment from the process.
  Object.assign(process.env, slurm.env);
  delete process.env.NODE_EXTRA_CA_CERTS;
  publisher = await startInProcessPublisher({
    broker: brokerFromEnv(),
    worlds: ['oi-'],
    embeddedDir: join(dir, 'pg'),
    slurmBinPath: slurm.shimDir,
  });
  const world = publisher.world('oi-');
  const prisma = publisher.db.prisma;
  projectId = world.teamProjectId;
  slurm.sacctmgr([
    '-i',
    'add',
    'account',
    'hpc_victim',
    'description=victim',
    'organization=o',
    'parent=root',
  ]);
  await prisma.resource.create({
    data: {
      id: hex(),
      name: 'victim',
      slug: `victim-${randomBytes(2).toString('hex')}`,
      offeringId: world.offeringId,
      projectId,
      state: 'OK',
      backendId: 'hpc_victim',
    },
  });
  members = [];
  for (const username of OPTION_USERNAMES) {
    const id = hex();
    const now = new Date();
    await prisma.user.create({
      data: {
        id,
        username: `opt-${id.slice(0, 6)}`,
        email: `${id}@example.com`,
        firstName: 'O',
        lastName: 'P',
        token: randomBytes(20).toString('hex'),
        createdAt: now,
        modified: now,
      },
    });
    await prisma.offeringUser.create({
      data: {
        id: hex(),
        offeringId: world.offeringId,
        userId: id,
        username,
        state: 'OK',
        createdAt: now,
        modified: now,
      },
    });
    await prisma.projectPermission.create({
      data: { id: hex(), userId: id, projectId, role: 'PROJECT.MEMBER', createdAt: now },
    });
    members.push({ id, username });
  }
  const { config } = parseConfig({
    offerings: [{ ...world.agentOffering, stomp_retry_delay_seconds: 0, stomp_max_delivery_attempts: 2 }],
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  agent = new EventProcessAgent(config, readEnvSettings({}), {
    log: pino({ level: 'debug' }, sink),
    fetch: injectFetch(publisher.app),
    createStompClientFactory: stomp.factory,
    sleep: () => Promise.resolve(),
  });
  agent.start();
  await agent.settled();
});

afterAll(async () => {
  await agent.stop();
  const world = publisher.world('oi-');
  for (const s of await publisher.db.prisma.eventSubscription.findMany({ select: { id: true } })) {
    await callApi(publisher.app, 'DELETE', `/api/event-subscriptions/${s.id}/`, world.staffToken);
  }
  await publisher.close();
  for (const key of Object.keys(process.env))
    if (!(key in savedEnv)) Reflect.deleteProperty(process.env, key);
  Object.assign(process.env, savedEnv);
});

describe('offering usernames that look like options', () => {
  test('a username such as "-h" never reaches sacctmgr as an option, and is never reported as added', async () => {
    const destination = stomp.destinations().find((d) => d.endsWith('_user_role'));
    expect(destination).toBeDefined();
    for (const m of members) {
      const body = JSON.stringify({
        user_uuid: m.id,
        user_username: m.username,
        project_uuid: projectId,
        project_name: 'Team',
        role_name: 'PROJECT.MEMBER',
        granted: true,
      });
      await stomp.deliver(destination ?? '', body, { 'x-message-id': hex() });
    }
    const commands = await slurm.commands();
    // Every add-user command the agent ran for these users: the username must not be a bare option token.
    const injected = commands.filter(
      (c) =>
        c.argv.includes('add') && c.argv.includes('user') && c.argv.some((a) => OPTION_USERNAMES.includes(a)),
    );
    const falseSuccess = logs.filter(
      (l) => l.msg === 'Created association' && OPTION_USERNAMES.includes(String(l.username)),
    );
    expect(
      injected.map((c) => `${c.argv.join(' ')} -> exit ${c.exitCode}: ${c.stdout}`),
      'sacctmgr was given a username as a bare argv element starting with "-" (parsed as an option)',
    ).toEqual([]);
    expect(
      falseSuccess.map((l) => l.username),
      'agent reported an association sacctmgr never created',
    ).toEqual([]);
    // And indeed none exists.
    expect(
      slurm
        .state()
        .associations.filter((a) => a.account === 'hpc_victim' && a.user !== '')
        .map((a) => a.user),
    ).toEqual([]);
  });
});
