// testcontainers reads TESTCONTAINERS_RYUK_DISABLED and TESTCONTAINERS_HOST_OVERRIDE when it first talks to
// the engine. Two situations need them, and are detected here before that first contact so that nothing has
// to be set by hand:
// - Ryuk's image (the reaper that removes a crashed run's containers) cannot be had, e.g. no Docker Hub: Ryuk
//   is disabled (otherwise every start fails); our containers carry CONTAINER_LABEL so leftovers can be removed.
// - this process runs inside a container (/.dockerenv) on the same host as the engine: testcontainers would
//   reach published ports through the bridge gateway, which does not answer there; localhost does.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import type { DockerEngineApi } from './docker-engine-api.js';
import type { Logger } from './logger.js';

/** Label on every container the testkit starts: `docker rm -f $(docker ps -aq --filter label=...)`. */
export const CONTAINER_LABEL = 'org.waldur-sim.testkit';
/** testcontainers 11.14's reaper image (overridable, as in testcontainers, with RYUK_CONTAINER_IMAGE). */
export const DEFAULT_RYUK_IMAGE = 'testcontainers/ryuk:0.14.0';
const PULL_TIMEOUT_MS = 30_000;

export interface ContainerRuntimeEnvDeps {
  readonly engine: DockerEngineApi;
  readonly inContainer: () => boolean;
  readonly hostName: () => string;
  readonly logger?: Logger;
}

export const defaultRuntimeProbes = {
  inContainer: (): boolean => existsSync('/.dockerenv'),
  hostName: (): string => hostname(),
};

/** Sets the two variables in `env` where needed (never overriding what the user set); returns what it set. */
export async function prepareContainerRuntimeEnv(
  env: NodeJS.ProcessEnv,
  deps: ContainerRuntimeEnvDeps,
): Promise<Record<string, string>> {
  const set: Record<string, string> = {};
  if (env.TESTCONTAINERS_RYUK_DISABLED === undefined) {
    const ryuk = env.RYUK_CONTAINER_IMAGE ?? DEFAULT_RYUK_IMAGE;
    const available = (await deps.engine.hasImage(ryuk)) || (await deps.engine.pull(ryuk, PULL_TIMEOUT_MS));
    if (!available) set.TESTCONTAINERS_RYUK_DISABLED = 'true';
  }
  if (env.TESTCONTAINERS_HOST_OVERRIDE === undefined && deps.inContainer()) {
    if ((await deps.engine.hostName()) === deps.hostName()) set.TESTCONTAINERS_HOST_OVERRIDE = 'localhost';
  }
  Object.assign(env, set);
  if (Object.keys(set).length > 0) {
    deps.logger?.info(
      set,
      'testcontainers settings chosen for this machine (Ryuk image unavailable / engine on this host)',
    );
  }
  return set;
}
