import { describe, expect, test } from 'vitest';
import { embeddedPublisherDatabase, findDatabaseServer, withDatabase } from './postgres.js';

describe('postgres helpers', () => {
  test('withDatabase swaps only the database', () => {
    expect(withDatabase('postgresql://u:p@h:5/postgres?sslmode=disable', 'x')).toBe(
      'postgresql://u:p@h:5/x?sslmode=disable',
    );
  });

  test('embedded mode never looks for a server; an embedded database is selected by --data-dir', async () => {
    expect(await findDatabaseServer('postgresql://nobody@127.0.0.1:1/postgres', 'embedded')).toBeUndefined();
    expect(embeddedPublisherDatabase('/tmp/x').args).toEqual(['--data-dir', '/tmp/x']);
  });

  test('a configured server that does not answer is an error, not a silent fallback', async () => {
    await expect(findDatabaseServer('postgresql://nobody@127.0.0.1:1/postgres')).rejects.toThrow(
      /does not answer/,
    );
  });
});
