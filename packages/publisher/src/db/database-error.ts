// Typed failures of the database layer (embedded server start-up, migrations), so callers and the CLI can
// tell "could not start PostgreSQL" from "a migration failed" without parsing messages.
export type DatabaseErrorCode =
  | 'ERR_EMBEDDED_PG_START'
  | 'ERR_EMBEDDED_PG_DATA_DIR'
  | 'ERR_MIGRATION_FAILED'
  | 'ERR_MIGRATION_STATE'
  | 'ERR_DATABASE_CONNECT';

export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  readonly code: DatabaseErrorCode;

  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
