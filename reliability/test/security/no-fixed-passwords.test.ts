// No fixed password in the repository's defaults: every tracked source, config, Compose/infra file and doc is
// searched for RabbitMQ's and PostgreSQL's well-known credentials (guest/guest, postgres/postgres) used as a
// default, in a URL, a config key or an image variable. Brokers and databases get generated secrets instead
// (docs/guarantees.md#no-default-secrets). Fails when such a default comes back anywhere.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../../src/harness/paths.js';

// Spelled in pieces so that this file does not match itself.
const GUEST = 'gu' + 'est';
const PG = 'post' + 'gres';
const FIXED_PASSWORDS: readonly RegExp[] = [
  new RegExp(`\\b${GUEST}:${GUEST}\\b`),
  new RegExp(`\\b${PG}:${PG}@`),
  new RegExp(`default_pass\\s*=\\s*${GUEST}\\b`),
  new RegExp(`RABBITMQ_DEFAULT_PASS\\s*[:=]\\s*['"]?${GUEST}\\b`),
  new RegExp(`POSTGRES_PASSWORD\\s*[:=]\\s*['"]?${PG}\\b`),
  new RegExp(`password\\s*[:=]\\s*['"](${GUEST}|${PG})['"]`, 'i'),
];

/** Tests that use a well-known credential only to show it is refused or replaced (old data folders). */
const REFUSAL_CHECKS = new Set([
  'packages/testcontainers/test/waldur-emulator.test.ts',
  'packages/testkit/test/admin-secret-node.test.ts',
]);

const SCANNED = /\.(ts|mts|cts|js|mjs|cjs|json|ya?ml|conf|sh|md|env|toml|ini)$|(^|\/)(Dockerfile|\.ci\/run)$/;

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(
      (f) => f !== '' && SCANNED.test(f) && !f.endsWith('pnpm-lock.yaml') && existsSync(join(REPO_ROOT, f)),
    );
}

function findings(path: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      FIXED_PASSWORDS.some((p) => p.test(line)) ? [`${path}:${i + 1}: ${line.trim()}`] : [],
    );
}

describe('no fixed password in the repository defaults', () => {
  test('the patterns catch the well-known credentials in every form they take', () => {
    const samples = [
      `amqp://${GUEST}:${GUEST}@127.0.0.1:5672`,
      `postgresql://${PG}:${PG}@127.0.0.1:5432/db`,
      `default_pass = ${GUEST}`,
      `      RABBITMQ_DEFAULT_PASS: ${GUEST}`,
      `  POSTGRES_PASSWORD: ${PG}`,
      `  password: '${GUEST}',`,
    ];
    for (const s of samples) expect(findings('sample', s), s).toHaveLength(1);
    expect(findings('sample', `chown -R ${PG}:${PG} /var/lib/postgresql`)).toEqual([]);
    expect(findings('sample', 'amqp://waldursim-admin:<secret>@127.0.0.1:5682')).toEqual([]);
  });

  test('sources, configs, Compose, infra and docs carry none', () => {
    const files = trackedFiles().filter((f) => !REFUSAL_CHECKS.has(f));
    expect(files.length, 'tracked files scanned').toBeGreaterThan(100);
    const found = files.flatMap((f) => findings(f, readFileSync(join(REPO_ROOT, f), 'utf8')));
    expect(found, 'fixed passwords found').toEqual([]);
  });
});
