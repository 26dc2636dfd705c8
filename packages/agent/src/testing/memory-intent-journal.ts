// In-memory CreateIntentJournal for unit tests: same claim rules as the file journal, plus a call log.
import type { CreateIntent, CreateIntentJournal } from '../state/create-intent-journal.js';

export class MemoryCreateIntentJournal implements CreateIntentJournal {
  readonly intents = new Map<string, CreateIntent>();
  readonly calls: string[] = [];

  get(resourceUuid: string): Promise<CreateIntent | null> {
    this.calls.push(`get:${resourceUuid}`);
    return Promise.resolve(this.intents.get(resourceUuid) ?? null);
  }

  claim(intent: Omit<CreateIntent, 'recordedAt'>): Promise<boolean> {
    this.calls.push(`claim:${intent.resourceUuid}:${intent.backendId}`);
    for (const [uuid, held] of this.intents) {
      if (uuid !== intent.resourceUuid && held.backendId === intent.backendId) return Promise.resolve(false);
    }
    this.intents.set(intent.resourceUuid, { ...intent, recordedAt: '2026-01-01T00:00:00.000Z' });
    return Promise.resolve(true);
  }

  release(resourceUuid: string): Promise<void> {
    this.calls.push(`release:${resourceUuid}`);
    this.intents.delete(resourceUuid);
    return Promise.resolve();
  }
}
