// Reads a child's log file as it grows. A child in file capture writes straight to a file (no pipe), so the
// harness never competes with it for CPU while it runs (what a benchmark needs); this reader polls the file size
// and parses new JSON lines (pino) only when asked, i.e. while someone waits for something.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from './harness-error.js';
import { parseJsonObject } from './parse-json-object.js';

export interface LogRecord {
  /** The parsed JSON line (pino record), or undefined for plain text. */
  readonly json: Readonly<Record<string, unknown>> | undefined;
  readonly text: string;
  /** pino's `time` (ms since epoch) when present. */
  readonly time: number | undefined;
}

function parse(text: string): LogRecord {
  const json = parseJsonObject(text);
  return { json, text, time: typeof json?.time === 'number' ? json.time : undefined };
}

export class LogFile {
  readonly records: LogRecord[] = [];
  private offset = 0;
  private partial = '';

  constructor(readonly path: string) {}

  /** Reads what was appended since the last call; returns the number of new records. */
  refresh(): number {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return 0;
    }
    let added = 0;
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return 0;
      const buffer = Buffer.alloc(size - this.offset);
      const read = readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += read;
      const text = this.partial + buffer.subarray(0, read).toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') continue;
        this.records.push(parse(line));
        added += 1;
      }
    } finally {
      closeSync(fd);
    }
    return added;
  }

  /** Records whose pino `msg` equals `msg`, from record index `from` on. */
  messages(msg: string, from = 0): LogRecord[] {
    this.refresh();
    const out: LogRecord[] = [];
    for (let i = from; i < this.records.length; i += 1) {
      const r = this.records[i];
      if (r?.json?.msg === msg) out.push(r);
    }
    return out;
  }

  /** The last lines as text, for error messages. */
  tail(count = 30): string {
    this.refresh();
    return this.records
      .slice(-count)
      .map((r) => r.text)
      .join('\n');
  }

  /**
   * Polls until `check` returns a value (not undefined); `alive` lets the wait fail fast when the writer died.
   * The poll interval only affects when the caller moves on, never a measured value (those come from the
   * records' own timestamps).
   */
  async waitFor<T>(
    what: string,
    check: (log: LogFile) => T | undefined,
    options: { timeoutMs: number; pollMs?: number; alive?: () => boolean },
  ): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      this.refresh();
      const value = check(this);
      if (value !== undefined) return value;
      if (options.alive !== undefined && !options.alive()) {
        throw new HarnessError(
          'PROCESS_EXITED',
          `the process writing ${this.path} exited while waiting for ${what}; last lines:\n${this.tail()}`,
        );
      }
      if (Date.now() > deadline) {
        throw new HarnessError(
          'WAIT_TIMEOUT',
          `no ${what} within ${options.timeoutMs} ms in ${this.path}; last lines:\n${this.tail()}`,
        );
      }
      await sleep(options.pollMs ?? 20);
    }
  }
}
