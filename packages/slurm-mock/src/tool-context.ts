// What every emulated tool gets: where to print, the state store, the real clock (the state may pin
// its own) and, for sacctmgr's confirmation prompt, a way to read an answer.
import type { CommandIo } from './command-io.js';
import type { RealClock } from './mock-clock.js';
import type { AnswerReader } from './sacctmgr/sacctmgr-context.js';
import type { StateStore } from './state-store.js';

/** The SLURM release whose behaviour and version strings are reproduced. */
export const SLURM_VERSION = '23.11.10';

export interface ToolContext {
  io: CommandIo;
  store: StateStore;
  realClock: RealClock;
  env: Record<string, string | undefined>;
  readAnswer: AnswerReader;
}

export type ToolMain = (argv: readonly string[], ctx: ToolContext) => number;
