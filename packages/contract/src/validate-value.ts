// Checks a JSON value against a model or a field type of the contract, the way the generated Python client
// parses it (required keys, nulls only where nullable, enums, formats), and a little stricter than the client
// where it is lenient: an emulator of Waldur should send exactly what Waldur sends.
import { ContractError } from './contract-error.js';
import type { Contract, ContractField, ValueType } from './contract-schema.js';
import type { ContractViolation } from './contract-violation.js';
import { formatProblem } from './value-formats.js';

export interface ValidateOptions {
  /** Keys a model does not declare: allowed in answers (the client keeps them), refused in requests. */
  readonly allowExtraKeys: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Violations of `value` against the model named `modelName` (empty when it conforms). */
export function validateModel(
  contract: Contract,
  modelName: string,
  value: unknown,
  path = '$',
  options: ValidateOptions = { allowExtraKeys: true },
): ContractViolation[] {
  const model = contract.models[modelName];
  if (!model) throw new ContractError('ERR_UNKNOWN_MODEL', `the contract has no model ${modelName}`);
  if (!isPlainObject(value)) {
    return [{ path, message: `expected an object (${modelName}), got ${describe(value)}` }];
  }
  const violations: ContractViolation[] = [];
  const declared = new Set<string>();
  for (const field of model.fields) {
    declared.add(field.name);
    const fieldPath = `${path}.${field.name}`;
    if (!Object.hasOwn(value, field.name)) {
      if (field.required)
        violations.push({ path: fieldPath, message: `missing required key (${modelName})` });
      continue;
    }
    violations.push(...validateField(contract, field, value[field.name], fieldPath, options));
  }
  const extra = model.additional_properties;
  for (const [key, item] of Object.entries(value)) {
    if (declared.has(key)) continue;
    if (extra) violations.push(...validateType(contract, extra, item, `${path}.${key}`, options));
    else if (!options.allowExtraKeys && model.kind === undefined) {
      violations.push({ path: `${path}.${key}`, message: `key not in ${modelName}` });
    }
  }
  return violations;
}

function validateField(
  contract: Contract,
  field: ContractField,
  value: unknown,
  path: string,
  options: ValidateOptions,
): ContractViolation[] {
  if (value === null) {
    // Optional lists are iterated as `x or []` by the client, so null is harmless there.
    if (field.nullable || (field.type === 'array' && !field.required)) return [];
    return [{ path, message: 'null in a field that is not nullable' }];
  }
  return validateType(contract, field, value, path, options);
}

/** Violations of `value` against one type (with its format, enum, pattern and items). */
export function validateType(
  contract: Contract,
  type: ValueType,
  value: unknown,
  path: string,
  options: ValidateOptions = { allowExtraKeys: true },
): ContractViolation[] {
  if (type.enum) {
    // Membership decides: some enums are integers under a `string` type (PolicyPeriodEnum), as Waldur sends them.
    return (type.enum as readonly unknown[]).includes(value)
      ? []
      : [{ path, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(type.enum)}` }];
  }
  if (type.type.startsWith('model:')) {
    return validateModel(contract, type.type.slice('model:'.length), value, path, options);
  }
  switch (type.type) {
    case 'any':
      return [];
    case 'string': {
      if (typeof value !== 'string') return [{ path, message: `expected a string, got ${describe(value)}` }];
      const problem = type.format === undefined ? undefined : formatProblem(type.format, value);
      if (problem) return [{ path, message: problem }];
      if (type.pattern !== undefined && !new RegExp(type.pattern).test(value)) {
        return [{ path, message: `${JSON.stringify(value)} does not match ${type.pattern}` }];
      }
      return [];
    }
    case 'integer':
      return Number.isInteger(value)
        ? []
        : [{ path, message: `expected an integer, got ${describe(value)}` }];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? []
        : [{ path, message: `expected a number, got ${describe(value)}` }];
    case 'boolean':
      return typeof value === 'boolean'
        ? []
        : [{ path, message: `expected a boolean, got ${describe(value)}` }];
    case 'object':
      return isPlainObject(value) ? [] : [{ path, message: `expected an object, got ${describe(value)}` }];
    case 'array': {
      if (!Array.isArray(value)) return [{ path, message: `expected an array, got ${describe(value)}` }];
      const items = type.items;
      if (!items) return [];
      return value.flatMap((item, index) =>
        validateType(contract, items, item, `${path}[${index}]`, options),
      );
    }
    default:
      return [{ path, message: `the contract type ${type.type} is not known to the validator` }];
  }
}
