// The agent's version, read once from package.json (works from src/ under vitest and from dist/ when built).
import { readFileSync } from 'node:fs';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const AGENT_VERSION = readVersion();

/** `waldur-site-agent-<mode>/<version>` (real load_configuration). */
export function userAgent(mode: string): string {
  return `waldur-site-agent-${mode}/${AGENT_VERSION}`;
}
