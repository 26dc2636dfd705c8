// Wraps every method of an object so each call is reported (name, outcome) without the object knowing: used to
// count broker provisioning calls and recorded events with no edits to those modules.
export type CallOutcome = 'ok' | 'error';

export type CallListener = (method: string, outcome: CallOutcome, result: unknown) => void;

export function instrumentMethods<T extends object>(target: T, listener: CallListener): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return async (...args: unknown[]): Promise<unknown> => {
        try {
          const result = await fn.apply(obj, args);
          listener(prop, 'ok', result);
          return result;
        } catch (e) {
          listener(prop, 'error', undefined);
          throw e;
        }
      };
    },
  });
}
