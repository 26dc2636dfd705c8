// Typed configuration failure: every problem names the key path that caused it, so an operator can fix the
// YAML (or env var) without reading code.

export type ConfigErrorCode = 'ERR_CONFIG_READ' | 'ERR_CONFIG_YAML' | 'ERR_CONFIG_INVALID' | 'ERR_CONFIG_ENV';

export interface ConfigIssue {
  /** Key path such as `offerings[0].waldur_api_url`, or an env var name; empty for the file root. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  readonly issues: readonly ConfigIssue[];

  constructor(
    code: ConfigErrorCode,
    message: string,
    options: { cause?: unknown; issues?: readonly ConfigIssue[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

/** `offerings[0].waldur_api_url: must start with http:// or https://` — one line per issue. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('\n');
}
