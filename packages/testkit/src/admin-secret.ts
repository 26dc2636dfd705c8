// The private node's admin password: generated on first use and kept in the node's data folder (0600), never a
// fixed value in the repository, so no other local account can log in as the broker's administrator. The
// same file answers every later `start`, `env` and test run on that data folder.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TestkitError } from './testkit-error.js';

/** 32 random bytes, base64url: 43 characters from [A-Za-z0-9_-], safe in rabbitmq.conf and in URLs. */
export function generateAdminPassword(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

/** The password in `file`, or a new one written there (0600; its folder 0700 when created here). */
export function readOrCreateAdminPassword(
  file: string,
  generate: () => string = generateAdminPassword,
): string {
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing !== '') return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new TestkitError('INVALID_OPTION', `cannot read the broker admin secret ${file}`, {
        cause: error,
      });
  }
  const password = generate();
  try {
    mkdirSync(dirname(dirname(file)), { recursive: true }); // parents keep the default mode
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': two processes racing here must not both write; the loser reads the winner's password.
    writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw new TestkitError('INVALID_OPTION', `cannot write the broker admin secret ${file}`, {
      cause: error,
    });
  }
}
