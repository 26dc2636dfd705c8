import { describe, expect, it } from 'vitest';
import { DEFAULT_RYUK_IMAGE, prepareContainerRuntimeEnv } from './container-runtime-env.js';
import type { DockerEngineApi } from './docker-engine-api.js';

function engine(options: { images?: string[]; pullable?: string[]; name?: string }): DockerEngineApi & {
  pulled: string[];
} {
  const pulled: string[] = [];
  return {
    pulled,
    hostName: () => Promise.resolve(options.name ?? 'engine-host'),
    hasImage: (image) => Promise.resolve((options.images ?? []).includes(image)),
    pull: (image) => {
      pulled.push(image);
      return Promise.resolve((options.pullable ?? []).includes(image));
    },
  };
}

const outside = { inContainer: () => false, hostName: () => 'me' };

describe('prepareContainerRuntimeEnv', () => {
  it('disables Ryuk when its image is neither present nor pullable', async () => {
    const env: NodeJS.ProcessEnv = {};
    const e = engine({});
    expect(await prepareContainerRuntimeEnv(env, { engine: e, ...outside })).toEqual({
      TESTCONTAINERS_RYUK_DISABLED: 'true',
    });
    expect(env.TESTCONTAINERS_RYUK_DISABLED).toBe('true');
    expect(e.pulled).toEqual([DEFAULT_RYUK_IMAGE]);
  });

  it('keeps Ryuk when its image is present or can be pulled', async () => {
    expect(
      await prepareContainerRuntimeEnv({}, { engine: engine({ images: [DEFAULT_RYUK_IMAGE] }), ...outside }),
    ).toEqual({});
    const e = engine({ pullable: ['mirror/ryuk:1'] });
    expect(
      await prepareContainerRuntimeEnv({ RYUK_CONTAINER_IMAGE: 'mirror/ryuk:1' }, { engine: e, ...outside }),
    ).toEqual({});
    expect(e.pulled).toEqual(['mirror/ryuk:1']);
  });

  it('never overrides what the user set', async () => {
    const env: NodeJS.ProcessEnv = {
      TESTCONTAINERS_RYUK_DISABLED: 'false',
      TESTCONTAINERS_HOST_OVERRIDE: 'h',
    };
    const e = engine({ name: 'me' });
    expect(
      await prepareContainerRuntimeEnv(env, { engine: e, inContainer: () => true, hostName: () => 'me' }),
    ).toEqual({});
    expect(e.pulled).toEqual([]);
    expect(env.TESTCONTAINERS_HOST_OVERRIDE).toBe('h');
  });

  it('uses localhost only inside a container that runs on the engine host', async () => {
    const images = [DEFAULT_RYUK_IMAGE];
    const same = await prepareContainerRuntimeEnv(
      {},
      { engine: engine({ images, name: 'box' }), inContainer: () => true, hostName: () => 'box' },
    );
    expect(same).toEqual({ TESTCONTAINERS_HOST_OVERRIDE: 'localhost' });
    const other = await prepareContainerRuntimeEnv(
      {},
      { engine: engine({ images, name: 'docker-host' }), inContainer: () => true, hostName: () => 'box' },
    );
    expect(other).toEqual({});
  });
});
