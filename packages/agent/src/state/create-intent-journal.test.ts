import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCreateIntentJournal, createIntentJournalPath } from './create-intent-journal.js';
import { writeFileAtomic } from './atomic-write-file.js';
import { StateFileError } from './state-file-error.js';

const R1 = 'a'.repeat(32);
const R2 = 'b'.repeat(32);
const at = (): Date => new Date('2026-02-03T04:05:06.000Z');

let dir = '';
let path = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intent-journal-'));
  path = join(dir, 'state', 'create-intents-x.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileCreateIntentJournal', () => {
  it('names one file per offering under the state dir', () => {
    expect(createIntentJournalPath('/var/lib/agent', 'D3F1C0DE-0000-4000-8000-00000000ABCD')).toBe(
      '/var/lib/agent/create-intents-d3f1c0de00004000800000000000abcd.json',
    );
  });

  it('persists a claim before resolving, so a new process (after a crash) reads it back', async () => {
    const journal = new FileCreateIntentJournal(path, { now: at });
    await expect(journal.claim({ resourceUuid: R1, backendId: 'hpc_alloc', orderUuid: 'o1' })).resolves.toBe(
      true,
    );
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      intents: {
        [R1]: { backend_id: 'hpc_alloc', order_uuid: 'o1', recorded_at: '2026-02-03T04:05:06.000Z' },
      },
    });
    const reopened = new FileCreateIntentJournal(path);
    await expect(reopened.get(R1)).resolves.toEqual({
      resourceUuid: R1,
      backendId: 'hpc_alloc',
      orderUuid: 'o1',
      recordedAt: '2026-02-03T04:05:06.000Z',
    });
    await expect(reopened.get(R2)).resolves.toBeNull();
  });

  it('refuses an id another resource holds, and lets a resource move to a new candidate', async () => {
    const journal = new FileCreateIntentJournal(path, { now: at });
    await journal.claim({ resourceUuid: R1, backendId: 'hpc_p', orderUuid: 'o1' });
    await expect(journal.claim({ resourceUuid: R2, backendId: 'hpc_p', orderUuid: 'o2' })).resolves.toBe(
      false,
    );
    await expect(journal.claim({ resourceUuid: R2, backendId: 'hpc_p-1', orderUuid: 'o2' })).resolves.toBe(
      true,
    );
    await expect(journal.claim({ resourceUuid: R1, backendId: 'hpc_p-2', orderUuid: 'o1' })).resolves.toBe(
      true,
    );
    const reopened = new FileCreateIntentJournal(path);
    expect((await reopened.get(R1))?.backendId).toBe('hpc_p-2');
    expect((await reopened.get(R2))?.backendId).toBe('hpc_p-1');
  });

  it('concurrent claims of one id: exactly one wins', async () => {
    const journal = new FileCreateIntentJournal(path, { now: at });
    const results = await Promise.all(
      ['c', 'd', 'e', 'f'].map((ch, i) =>
        journal.claim({ resourceUuid: ch.repeat(32), backendId: 'hpc_same', orderUuid: `o${String(i)}` }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const file = JSON.parse(await readFile(path, 'utf8')) as { intents: Record<string, unknown> };
    expect(Object.keys(file.intents)).toHaveLength(1);
  });

  it('release forgets the entry on disk and leaves no temp files behind', async () => {
    const journal = new FileCreateIntentJournal(path, { now: at });
    await journal.claim({ resourceUuid: R1, backendId: 'hpc_a', orderUuid: 'o1' });
    await journal.claim({ resourceUuid: R2, backendId: 'hpc_b', orderUuid: 'o2' });
    await journal.release(R1);
    await journal.release(R1);
    expect(await new FileCreateIntentJournal(path).get(R1)).toBeNull();
    expect((await new FileCreateIntentJournal(path).get(R2))?.backendId).toBe('hpc_b');
    expect(await readdir(join(dir, 'state'))).toEqual(['create-intents-x.json']);
    await journal.release(R2);
    expect(await readdir(join(dir, 'state'))).toEqual([]);
    expect(await new FileCreateIntentJournal(path).get(R2)).toBeNull();
  });

  it('a corrupt file is an error, never a silent fresh start', async () => {
    await mkdir(join(dir, 'state'));
    await writeFile(path, '{"version":1,"intents":{"x":{"backend_id":""}}}');
    const err = await new FileCreateIntentJournal(path).get(R1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect(err).toMatchObject({ code: 'ERR_STATE_FILE_CORRUPT', path });
  });

  it('a failed write fails the claim with ERR_STATE_FILE_WRITE and changes nothing in memory', async () => {
    const journal = new FileCreateIntentJournal(path, {
      now: at,
      writeFile: () =>
        Promise.reject(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' })),
    });
    const err = await journal
      .claim({ resourceUuid: R1, backendId: 'hpc_a', orderUuid: 'o1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect(err).toMatchObject({ code: 'ERR_STATE_FILE_WRITE', path });
    await expect(journal.get(R1)).resolves.toBeNull();
  });

  it('a journal below a regular file cannot be read: ERR_STATE_FILE_READ (not "empty")', async () => {
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, 'a file where the state folder should be');
    const journal = new FileCreateIntentJournal(join(blocked, 'j.json'));
    await expect(journal.get(R1)).rejects.toMatchObject({ code: 'ERR_STATE_FILE_READ' });
    await expect(writeFileAtomic(join(blocked, 'j.json'), '{}')).rejects.toMatchObject({
      code: expect.stringMatching(/^E(NOTDIR|EXIST)$/) as unknown,
    });
  });
});
