// A plausible value of every contract model, as Waldur would send it in full: every declared key (not only the
// required ones), values of the right type, format, enum and pattern, and optionally null in every nullable
// field. Used to check that a schema or a fake on our side accepts what Waldur really sends.
import { ContractError } from './contract-error.js';
import type { Contract, ContractField, ValueType } from './contract-schema.js';

export interface ExampleOptions {
  /** Put null in every nullable field (default true): the answer our side is most likely to reject. */
  readonly nulls?: boolean;
  /** Every declared key (default) or only the required ones (the least Waldur may send). */
  readonly keys?: 'all' | 'required';
}

const EXAMPLE_UUID = '0123456789abcdef0123456789abcdef';
const STRING_CANDIDATES = ['text', '0', '1.00', 'a', ''];

function exampleString(type: ValueType): string {
  switch (type.format) {
    case 'uuid':
      return EXAMPLE_UUID;
    case 'date-time':
      return '2026-01-02T03:04:05.123456Z';
    case 'date':
      return '2026-01-02';
    case 'uri':
      return `https://waldur.example.com/api/examples/${EXAMPLE_UUID}/`;
    case 'email':
      return 'user@example.com';
    default:
      break;
  }
  if (type.pattern === undefined) return 'text';
  const pattern = new RegExp(type.pattern);
  const fits = STRING_CANDIDATES.find((candidate) => pattern.test(candidate));
  if (fits === undefined)
    throw new ContractError('ERR_NO_EXAMPLE', `no example string matches the pattern ${type.pattern}`);
  return fits;
}

function exampleType(
  contract: Contract,
  type: ValueType,
  options: Required<ExampleOptions>,
  stack: readonly string[],
): unknown {
  const first = type.enum?.find((value) => value !== null);
  if (first !== undefined) return first;
  if (type.type.startsWith('model:')) {
    return exampleObject(contract, type.type.slice('model:'.length), options, stack);
  }
  switch (type.type) {
    case 'string':
      return exampleString(type);
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array': {
      const items = type.items;
      // A list of a model already being built would recurse without end: Waldur sends such lists empty too.
      if (items === undefined || (items.type.startsWith('model:') && stack.includes(items.type.slice(6))))
        return [];
      return [exampleType(contract, items, options, stack)];
    }
    default:
      return {};
  }
}

function exampleField(
  contract: Contract,
  field: ContractField,
  options: Required<ExampleOptions>,
  stack: readonly string[],
): unknown {
  if (field.nullable && options.nulls) return null;
  // Plain strings named like Waldur's ids and links hold one (the client does not parse them, Waldur sends them).
  if (field.type === 'string' && field.format === undefined && field.enum === undefined) {
    if (field.name === 'uuid' || field.name.endsWith('_uuid')) return EXAMPLE_UUID;
    if (field.name === 'url') return exampleString({ type: 'string', format: 'uri' });
  }
  return exampleType(contract, field, options, stack);
}

function exampleObject(
  contract: Contract,
  modelName: string,
  options: Required<ExampleOptions>,
  stack: readonly string[],
): Record<string, unknown> {
  const model = contract.models[modelName];
  if (!model) throw new ContractError('ERR_UNKNOWN_MODEL', `the contract has no model ${modelName}`);
  const inner = [...stack, modelName];
  const value: Record<string, unknown> = {};
  for (const field of model.fields) {
    if (options.keys === 'required' && !field.required) continue;
    const nested = field.type.startsWith('model:') ? field.type.slice(6) : undefined;
    if (nested !== undefined && inner.includes(nested) && !field.required) continue;
    value[field.name] = exampleField(contract, field, options, inner);
  }
  if (model.additional_properties && options.keys === 'all') {
    value.example_key = exampleType(contract, model.additional_properties, options, inner);
  }
  return value;
}

/** A full example of the model `modelName`: every declared key with a plausible value. */
export function exampleModel(
  contract: Contract,
  modelName: string,
  options: ExampleOptions = {},
): Record<string, unknown> {
  const resolved = { nulls: options.nulls ?? true, keys: options.keys ?? 'all' } as const;
  return exampleObject(contract, modelName, resolved, []);
}
