// Public surface of @waldur-sim/contract: Waldur's REST contract as the real agent uses it, and validators.
export { ContractError, type ContractErrorCode } from './contract-error.js';
export {
  AGENT_MODES,
  type AgentMode,
  type Contract,
  type ContractField,
  type ContractModel,
  type ContractOperation,
  type ContractQueryParam,
  type ContractRequestBody,
  type ContractResponse,
} from './contract-schema.js';
export { formatViolations, type ContractViolation } from './contract-violation.js';
export { exampleModel, type ExampleOptions } from './example-value.js';
export { findOperation, operationsReachedFrom, type OperationMatch } from './find-operation.js';
export { CONTRACT_FIXTURE_PATH, loadContract } from './load-contract.js';
export { validateRequest, validateResponse, type RecordedRequest } from './validate-exchange.js';
export { validateModel, validateType, type ValidateOptions } from './validate-value.js';
export { isUuidString } from './value-formats.js';
