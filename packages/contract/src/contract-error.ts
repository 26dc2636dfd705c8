// Typed error of this package: the fixture cannot be read or does not have the expected shape.

export type ContractErrorCode =
  'ERR_CONTRACT_UNREADABLE' | 'ERR_CONTRACT_SHAPE' | 'ERR_UNKNOWN_MODEL' | 'ERR_NO_EXAMPLE';

export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly code: ContractErrorCode;

  constructor(code: ContractErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
