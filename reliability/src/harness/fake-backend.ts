// A backend that does nothing but count: the agent fuzz tests dispatch thousands of messages and need to know
// whether any of them reached an effect, without SLURM processes.
import type { AgentDeps } from '@waldur-sim/agent';

type BackendFactory = NonNullable<AgentDeps['createBackend']>;
export type AgentBackend = ReturnType<BackendFactory>;

export class CountingBackend {
  /** Effects (writes) by operation name. */
  readonly effects = new Map<string, number>();

  get total(): number {
    let sum = 0;
    for (const n of this.effects.values()) sum += n;
    return sum;
  }

  private effect(name: string): void {
    this.effects.set(name, (this.effects.get(name) ?? 0) + 1);
  }

  readonly factory: BackendFactory = () => this.backend();

  backend(): AgentBackend {
    const effect = (name: string): void => {
      this.effect(name);
    };
    return {
      backendType: 'fake',
      handledResourceStates: ['OK', 'Erred'],
      ping: () => Promise.resolve(true),
      version: () => Promise.resolve('fake 1.0'),
      evaluatePendingOrder: () => Promise.resolve('accept'),
      pullResource: () => Promise.resolve(null),
      createResource: (spec) => {
        effect('createResource');
        return Promise.resolve({ backendId: `fake_${spec.slug}`, limits: spec.limits });
      },
      createResourceWithId: (spec, backendId) => {
        effect('createResourceWithId');
        return Promise.resolve({ backendId, limits: spec.limits });
      },
      setResourceLimits: () => {
        effect('setResourceLimits');
        return Promise.resolve();
      },
      getResourceLimits: () => Promise.resolve({}),
      deleteResource: () => {
        effect('deleteResource');
        return Promise.resolve();
      },
      addUser: () => {
        effect('addUser');
        return Promise.resolve(true);
      },
      removeUser: () => {
        effect('removeUser');
        return Promise.resolve(true);
      },
      listResourceUsers: () => Promise.resolve([]),
      pauseResource: () => {
        effect('pauseResource');
        return Promise.resolve(true);
      },
      downscaleResource: () => {
        effect('downscaleResource');
        return Promise.resolve(true);
      },
      restoreResource: () => {
        effect('restoreResource');
        return Promise.resolve(true);
      },
      getResourceMetadata: () => Promise.resolve({}),
      syncResourceProject: () => Promise.resolve(),
      applyPeriodicSettings: () => {
        effect('applyPeriodicSettings');
        return Promise.resolve({ success: true, commandsExecuted: [], errorMessage: '' });
      },
    };
  }
}
