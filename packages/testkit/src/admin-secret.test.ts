import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateAdminPassword, readOrCreateAdminPassword } from './admin-secret.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'admin-secret-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readOrCreateAdminPassword', () => {
  it('generates a random password once, keeps it 0600 in a 0700 folder, and returns it again', () => {
    const file = join(dir, 'node', 'admin-password');
    const first = readOrCreateAdminPassword(file);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'node')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(readOrCreateAdminPassword(file, () => 'other')).toBe(first);
  });

  it('keeps the folders above the node folder at the default mode (the embedded PostgreSQL shares .data/)', () => {
    const file = join(dir, 'data', 'node', 'admin-password');
    readOrCreateAdminPassword(file);
    expect(statSync(join(dir, 'data', 'node')).mode & 0o777).toBe(0o700);
    mkdirSync(join(dir, 'plain'));
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(statSync(join(dir, 'plain')).mode & 0o777);
  });

  it('never generates the same password twice', () => {
    expect(generateAdminPassword()).not.toBe(generateAdminPassword());
  });
});
