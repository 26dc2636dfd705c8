// A fingerprint of the publisher's whole database: one md5 per table over all its rows, so "a rejected request
// changed nothing" is one comparison. The outbox is fingerprinted by its row ids only, because the relay
// updates delivery columns (state, attempts, sentAt) in the background.
import pg from 'pg';

export type DbSnapshot = Readonly<Record<string, string>>;

export class DbFingerprint {
  private readonly client: pg.Client;
  private sql = '';

  private constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }

  static async open(url: string): Promise<DbFingerprint> {
    const f = new DbFingerprint(url);
    await f.client.connect();
    const { rows } = await f.client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%'
        ORDER BY table_name`,
    );
    f.sql = rows
      .map(({ table_name: name }) => {
        const quoted = `"${name.replaceAll('"', '""')}"`;
        const row = name === 'OutboxMessage' ? 't.id::text' : 't::text';
        return `SELECT '${name}' AS name, md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS hash FROM ${quoted} t`;
      })
      .join(' UNION ALL ');
    return f;
  }

  async take(): Promise<DbSnapshot> {
    const { rows } = await this.client.query<{ name: string; hash: string }>(this.sql);
    return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
  }

  /** Tables whose fingerprint differs. */
  static changed(before: DbSnapshot, after: DbSnapshot): string[] {
    return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
