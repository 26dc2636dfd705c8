// Types `inject('broker')` in tests: vitest's ProvidedContext gains the endpoints global-setup provides.
import type { BrokerEndpoints } from './broker-endpoints.js';

// Loads vitest's declarations so the augmentation below has a module to extend.
export type { ProvidedContext } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    broker: BrokerEndpoints;
  }
}

/** The key under which global-setup provides the broker. */
export type BrokerContextKey = 'broker';
