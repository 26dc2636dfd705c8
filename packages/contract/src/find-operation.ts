// Routes a concrete request (method + path) to the contract operation it is an instance of, the way Waldur's
// router would: `{uuid}` matches both the 32-hex and the hyphenated form, other parameters one segment.
import type { Contract, ContractOperation } from './contract-schema.js';
import { isUuidString } from './value-formats.js';

export interface OperationMatch {
  readonly operation: ContractOperation;
  readonly pathParams: Readonly<Record<string, string>>;
}

interface CompiledRoute {
  readonly operation: ContractOperation;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const compiled = new WeakMap<Contract, readonly CompiledRoute[]>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(contract: Contract): readonly CompiledRoute[] {
  const existing = compiled.get(contract);
  if (existing) return existing;
  const routes = contract.operations.map((operation) => {
    const names: string[] = [];
    const source = operation.path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return escapeRegExp(part);
        names.push(name);
        return '([^/]+)';
      })
      .join('');
    return { operation, pattern: new RegExp(`^${source}$`), names };
  });
  // Literal segments win over parameters (`/set_usage/` before `/{uuid}/`), as in Django's URL resolver order.
  routes.sort((a, b) => a.names.length - b.names.length);
  compiled.set(contract, routes);
  return routes;
}

/** The operation `method path` calls (path without query string), or undefined if the contract has none. */
export function findOperation(contract: Contract, method: string, path: string): OperationMatch | undefined {
  const upper = method.toUpperCase();
  for (const route of compile(contract)) {
    if (route.operation.method !== upper) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const pathParams: Record<string, string> = {};
    const wellFormed = route.names.every((name, index) => {
      const value = decodeURIComponent(match[index + 1] ?? '');
      pathParams[name] = value;
      const declared = route.operation.path_params.find((p) => p.name === name);
      return declared?.format !== 'uuid' || isUuidString(value);
    });
    if (wellFormed) return { operation: route.operation, pathParams };
  }
  return undefined;
}

/** Operations the real agent reaches in `mode` (from `reached_from`). */
export function operationsReachedFrom(contract: Contract, mode: string): ContractOperation[] {
  return contract.operations.filter((operation) => operation.reached_from.includes(mode));
}
