// Checks one HTTP exchange against the contract from either side: an answer as the real agent's client would
// parse it (the publisher's side), and a request as Waldur would accept it (our agent's side).
import type { Contract, ContractOperation, ValueType } from './contract-schema.js';
import type { ContractViolation } from './contract-violation.js';
import { validateModel, validateType } from './validate-value.js';

/** Violations of an answer `status` + parsed JSON `body` to `operation`. */
export function validateResponse(
  contract: Contract,
  operation: ContractOperation,
  status: number,
  body: unknown,
): ContractViolation[] {
  const response = operation.responses[String(status)];
  if (!response || response.client === 'raises UnexpectedStatus') {
    const parsed = Object.entries(operation.responses)
      .filter(([, r]) => r.client !== 'raises UnexpectedStatus')
      .map(([code]) => code);
    return [
      {
        path: '$',
        message: `status ${status}: the client of ${operation.operation} raises on it (parses ${parsed.join(', ')})`,
      },
    ];
  }
  if (response.shape === 'none' || !response.model) return [];
  if (response.shape === 'array') {
    if (!Array.isArray(body)) return [{ path: '$', message: 'expected a bare JSON array' }];
    const model = response.model;
    return body.flatMap((item, index) => validateModel(contract, model, item, `$[${index}]`));
  }
  return validateModel(contract, response.model, body);
}

export interface RecordedRequest {
  /** Query parameters as sent, a list of values per name (repeated keys). */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Parsed JSON body, or undefined when none was sent. */
  readonly body?: unknown;
}

function queryValueProblem(type: ValueType, value: string): string | undefined {
  switch (type.type) {
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : `not true/false: ${JSON.stringify(value)}`;
    case 'integer':
      return /^-?\d+$/.test(value) ? undefined : `not an integer: ${JSON.stringify(value)}`;
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value))
        ? undefined
        : `not a number: ${JSON.stringify(value)}`;
    default:
      return undefined;
  }
}

/** Violations of a request our side sends to `operation`: known query parameters of the right form, body model. */
export function validateRequest(
  contract: Contract,
  operation: ContractOperation,
  request: RecordedRequest,
): ContractViolation[] {
  const violations: ContractViolation[] = [];
  for (const [name, values] of Object.entries(request.query)) {
    const param = operation.query.find((p) => p.name === name);
    const path = `?${name}`;
    if (!param) {
      violations.push({ path, message: `${operation.operation} takes no query parameter ${name}` });
      continue;
    }
    const itemType: ValueType = param.type === 'array' ? (param.items ?? { type: 'string' }) : param;
    if (param.type !== 'array' && values.length > 1) {
      violations.push({ path, message: 'repeated, but the parameter is not a list' });
    }
    for (const value of values) {
      const problem = queryValueProblem(itemType, value);
      if (problem) {
        violations.push({ path, message: problem });
        continue;
      }
      if (itemType.type === 'string') violations.push(...validateType(contract, itemType, value, path));
    }
  }
  const bodyModel = operation.request_body;
  if (bodyModel) {
    if (request.body === undefined)
      violations.push({ path: '$', message: `${bodyModel.model} body expected` });
    else {
      violations.push(
        ...validateModel(contract, bodyModel.model, request.body, '$', { allowExtraKeys: false }),
      );
    }
  }
  return violations;
}
