// One disagreement with Waldur's contract: where (a JSON path such as `$[0].processors`) and what.

export interface ContractViolation {
  readonly path: string;
  readonly message: string;
}

/** Human-readable list, one violation a line, for assertion messages. */
export function formatViolations(violations: readonly ContractViolation[]): string {
  return violations.map((v) => `${v.path}: ${v.message}`).join('\n');
}
