// vitest globalSetup: one real broker for the whole run. vitest 4 runs every project's globalSetup in the
// main process before any test and every teardown after all projects finished, each project importing
// this file separately; a process-wide registry therefore shares one broker and stops it (if we started
// it) only when the last project tears down. The env vars it sets are inherited by workers and children.
import type { TestProject } from 'vitest/node';
import { brokerToEnv, plainEndpoints } from './broker-endpoints.js';
import { provideBroker, type ProvidedBroker } from './broker-provider.js';
import type { BrokerContextKey } from './provided-context.js';

interface SharedBroker {
  pending: Promise<ProvidedBroker> | undefined;
  users: number;
  envBefore: Record<string, string | undefined> | undefined;
}

const BROKER_KEY: BrokerContextKey = 'broker';
const REGISTRY = Symbol.for('@waldur-sim/testkit/shared-broker');

function registry(): SharedBroker {
  const holder = globalThis as unknown as Record<symbol, SharedBroker | undefined>;
  let shared = holder[REGISTRY];
  if (shared === undefined) {
    shared = { pending: undefined, users: 0, envBefore: undefined };
    holder[REGISTRY] = shared;
  }
  return shared;
}

/** Acquire the run's broker (starting one if needed); release() stops it after the last user. */
export async function acquireSharedBroker(provide: () => Promise<ProvidedBroker> = provideBroker): Promise<{
  readonly broker: ProvidedBroker;
  readonly release: () => Promise<void>;
}> {
  const shared = registry();
  shared.users += 1;
  shared.pending ??= provide();
  let broker: ProvidedBroker;
  try {
    broker = await shared.pending;
  } catch (error) {
    shared.users -= 1;
    if (shared.users === 0) shared.pending = undefined;
    throw error;
  }
  if (shared.envBefore === undefined) {
    const vars = brokerToEnv(broker);
    shared.envBefore = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
    Object.assign(process.env, vars);
  }
  let released = false;
  return {
    broker,
    release: async () => {
      if (released) return;
      released = true;
      shared.users -= 1;
      if (shared.users > 0) return;
      const before = shared.envBefore ?? {};
      shared.pending = undefined;
      shared.envBefore = undefined;
      for (const [key, value] of Object.entries(before)) {
        if (value === undefined) Reflect.deleteProperty(process.env, key);
        else process.env[key] = value;
      }
      await broker.stop();
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { broker, release } = await acquireSharedBroker();
  project.provide(BROKER_KEY, plainEndpoints(broker));
  return release;
}
