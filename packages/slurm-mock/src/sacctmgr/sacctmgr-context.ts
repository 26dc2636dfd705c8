// Per-invocation context of sacctmgr: output, the state being read or modified, the global flags and
// SLURM's commit_check prompt (skipped with --immediate).
import type { CommandIo } from '../command-io.js';
import type { ParsableMode } from '../print-fields.js';
import type { MockState } from '../state-types.js';

export interface SacctmgrFlags {
  parsable: ParsableMode;
  header: boolean;
  immediate: boolean;
  readonly: boolean;
  withAssoc: boolean;
}

/** Answers a yes/no prompt; null when nobody answered (SLURM's 30 s timeout). */
export type AnswerReader = () => string | null;

export class SacctmgrCtx {
  /** Set by handlers that modified `state`; only then is it written back. */
  changed = false;
  exitCode = 0;

  constructor(
    readonly io: CommandIo,
    readonly state: MockState,
    readonly now: Date,
    readonly flags: SacctmgrFlags,
    private readonly readAnswer: AnswerReader,
  ) {}

  out(text: string): void {
    this.io.out(text);
  }

  err(text: string): void {
    this.io.err(text);
  }

  /** Prints to stderr and marks the run failed (exit 1). */
  fail(text: string): void {
    this.exitCode = 1;
    this.io.err(text);
  }

  /** commit_check(): true with --immediate, else asks and waits for an answer. */
  confirm(question: string): boolean {
    if (this.flags.immediate) return true;
    this.out(`${question} (You have 30 seconds to decide)\n(N/y): `);
    const answer = this.readAnswer();
    if (answer === null) {
      this.out('timeout\n');
      return false;
    }
    this.out('\n');
    return /^\s*y/i.test(answer);
  }

  /** Commit prompt after a change; on "no" the change is dropped. */
  commitOrDiscard(): void {
    if (this.confirm('Would you like to commit changes?')) {
      this.changed = true;
    } else {
      this.out(' Changes Discarded\n');
      this.changed = false;
    }
  }
}
