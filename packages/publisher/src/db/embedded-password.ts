// The embedded PostgreSQL's superuser password: random, made when the data folder is initialised and kept in
// that folder (mode 0600), so no fixed credential guards the database that holds every API token (which are
// also broker passwords). Data folders made before this file existed are moved to a random password once.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** File name inside the data folder. */
export const PASSWORD_FILE = 'waldur-publisher.password';

export const newDatabasePassword = (): string => randomBytes(24).toString('base64url');

export function passwordFile(dataDir: string): string {
  return path.join(dataDir, PASSWORD_FILE);
}

/** The kept password, or undefined when the data folder has none yet. */
export async function readDatabasePassword(dataDir: string): Promise<string | undefined> {
  try {
    const text = (await readFile(passwordFile(dataDir), 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes the password readable by the owner only. */
export async function writeDatabasePassword(dataDir: string, password: string): Promise<void> {
  await writeFile(passwordFile(dataDir), `${password}\n`, { mode: 0o600 });
}

/** A password as a single-quoted SQL literal (ALTER ROLE takes no parameters). */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
