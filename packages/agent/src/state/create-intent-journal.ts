// Closes the crash window between a backend effect and Waldur's record of it (docs/guarantees.md#fault-suite "agent
// crash before ack", docs/guarantees.md#create-intent-journal "store the ID in the business entity"). Before the agent runs the command that creates a
// backend resource, it durably records "resource <uuid> -> backend id <id>" here; once `set_backend_id` reached
// Waldur the entry is dropped. When a redelivered order finds its resource without a backend id, the entry names
// the exact account this agent created for that resource, so it is adopted instead of created twice — no guessing
// from slug prefixes, which two resources can share. One JSON file per offering, owned by one agent process.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { removeFileDurably, writeFileAtomic } from './atomic-write-file.js';
import { StateFileError } from './state-file-error.js';

export interface CreateIntent {
  /** Waldur resource UUID (hex) the backend resource is created for. */
  resourceUuid: string;
  /** Backend id the agent is about to create (or created) for it. */
  backendId: string;
  /** Order that asked for it (diagnostics). */
  orderUuid: string;
  /** ISO time the intent was recorded. */
  recordedAt: string;
}

export interface CreateIntentJournal {
  /** The recorded intent of a resource, or null. */
  get(resourceUuid: string): Promise<CreateIntent | null>;
  /**
   * Durably records (fsync) that this agent is about to create `backendId` for the resource, replacing the
   * resource's earlier intent. Resolves false, writing nothing, when another resource's intent holds that id.
   */
  claim(intent: Omit<CreateIntent, 'recordedAt'>): Promise<boolean>;
  /** Forgets the resource's intent (Waldur now knows the backend id). */
  release(resourceUuid: string): Promise<void>;
}

const fileSchema = z.object({
  version: z.literal(1),
  intents: z.record(
    z.string(),
    z.object({ backend_id: z.string().min(1), order_uuid: z.string(), recorded_at: z.string() }),
  ),
});
type JournalFile = z.infer<typeof fileSchema>;
type Entries = JournalFile['intents'];

/** `<state_dir>/create-intents-<offering uuid>.json`. */
export function createIntentJournalPath(stateDir: string, offeringUuid: string): string {
  return join(stateDir, `create-intents-${offeringUuid.replaceAll('-', '').toLowerCase()}.json`);
}

export class FileCreateIntentJournal implements CreateIntentJournal {
  private entries: Entries | null = null;
  private readonly mutex = new KeyedMutex();

  private readonly now: () => Date;
  private readonly write: (path: string, data: string) => Promise<void>;
  private readonly remove: (path: string) => Promise<void>;

  constructor(
    readonly path: string,
    deps: {
      now?: () => Date;
      writeFile?: (path: string, data: string) => Promise<void>;
      removeFile?: (path: string) => Promise<void>;
    } = {},
  ) {
    this.now = deps.now ?? (() => new Date());
    this.write = deps.writeFile ?? writeFileAtomic;
    this.remove = deps.removeFile ?? removeFileDurably;
  }

  get(resourceUuid: string): Promise<CreateIntent | null> {
    return this.mutex.run('journal', async () => {
      const entry = (await this.load())[resourceUuid];
      return entry === undefined ? null : toIntent(resourceUuid, entry);
    });
  }

  claim(intent: Omit<CreateIntent, 'recordedAt'>): Promise<boolean> {
    return this.mutex.run('journal', async () => {
      const entries = await this.load();
      const holder = Object.entries(entries).find(
        ([uuid, e]) => uuid !== intent.resourceUuid && e.backend_id === intent.backendId,
      );
      if (holder !== undefined) return false;
      await this.save({
        ...entries,
        [intent.resourceUuid]: {
          backend_id: intent.backendId,
          order_uuid: intent.orderUuid,
          recorded_at: this.now().toISOString(),
        },
      });
      return true;
    });
  }

  release(resourceUuid: string): Promise<void> {
    return this.mutex.run('journal', async () => {
      const entries = await this.load();
      if (!(resourceUuid in entries)) return;
      const { [resourceUuid]: _dropped, ...rest } = entries;
      await this.save(rest);
    });
  }

  private async load(): Promise<Entries> {
    if (this.entries !== null) return this.entries;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.entries = {};
        return this.entries;
      }
      throw new StateFileError('ERR_STATE_FILE_READ', this.path, 'Cannot read the create-intent journal', {
        cause: err,
      });
    }
    let parsed: JournalFile;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch (err) {
      // Never start over silently: the entries are what prevents a second backend resource.
      throw new StateFileError(
        'ERR_STATE_FILE_CORRUPT',
        this.path,
        'The create-intent journal is not valid; fix or remove it',
        { cause: err },
      );
    }
    this.entries = parsed.intents;
    return this.entries;
  }

  /** The in-memory view changes only after the file did. An empty journal is no file at all. */
  private async save(entries: Entries): Promise<void> {
    const file: JournalFile = { version: 1, intents: entries };
    try {
      if (Object.keys(entries).length === 0) await this.remove(this.path);
      else await this.write(this.path, `${JSON.stringify(file, null, 2)}\n`);
    } catch (err) {
      throw new StateFileError(
        'ERR_STATE_FILE_WRITE',
        this.path,
        'Cannot write the create-intent journal (check state_dir)',
        { cause: err },
      );
    }
    this.entries = entries;
  }
}

function toIntent(resourceUuid: string, e: Entries[string]): CreateIntent {
  return { resourceUuid, backendId: e.backend_id, orderUuid: e.order_uuid, recordedAt: e.recorded_at };
}
