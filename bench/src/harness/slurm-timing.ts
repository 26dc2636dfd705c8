// Times every SLURM command an agent (or the floor script) runs, without touching the agent: its
// `slurm_bin_path` points at a folder of tiny bash wrappers that run the real slurm-mock launcher and append
// "start<TAB>end<TAB>tool<TAB>args" ($EPOCHREALTIME, µs) to a log. The wrapper's own cost (one bash start,
// ~2 ms) is measured separately in scenario 5 and reported next to the figures it affects.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SLURM_TOOLS = ['sacctmgr', 'sacct', 'scancel', 'sinfo', 'sshare'] as const;

/** Static wrapper text; the tool name is one of SLURM_TOOLS, the paths come from the environment. */
function wrapperScript(tool: (typeof SLURM_TOOLS)[number]): string {
  return [
    '#!/bin/bash',
    '# waldur-sim bench: run the real SLURM mock tool and log its start/end time (see bench/README.md).',
    's=$EPOCHREALTIME',
    `"$BENCH_SLURM_REAL_BIN/${tool}" "$@"`,
    'rc=$?',
    'e=$EPOCHREALTIME',
    "IFS=$'\\x1f'",
    `printf '%s\\t%s\\t%s\\t%s\\n' "$s" "$e" ${tool} "$*" >> "$BENCH_SLURM_TIMING_LOG"`,
    'exit $rc',
    '',
  ].join('\n');
}

export interface SlurmTimingSetup {
  /** Use as backend_settings.slurm_bin_path. */
  readonly binDir: string;
  readonly logFile: string;
  /** Environment the agent (or floor script) needs: wrapper targets, timing log, mock state file. */
  readonly env: Readonly<Record<string, string>>;
}

export function createSlurmTiming(
  workDir: string,
  realBinDir: string,
  name: string,
  stateFile: string,
): SlurmTimingSetup {
  const binDir = join(workDir, `${name}-slurm-bin`);
  mkdirSync(binDir, { recursive: true });
  for (const tool of SLURM_TOOLS) {
    const file = join(binDir, tool);
    writeFileSync(file, wrapperScript(tool));
    chmodSync(file, 0o755);
  }
  const logFile = join(workDir, `${name}-slurm-timing.log`);
  writeFileSync(logFile, '');
  return {
    binDir,
    logFile,
    env: { BENCH_SLURM_REAL_BIN: realBinDir, BENCH_SLURM_TIMING_LOG: logFile, SLURM_MOCK_STATE: stateFile },
  };
}

export interface TimedCommand {
  /** ms since epoch. */
  readonly start: number;
  readonly end: number;
  readonly tool: string;
  readonly args: readonly string[];
}

function epochMs(text: string): number {
  return Number(text.replace(',', '.')) * 1000;
}

export function readSlurmTiming(logFile: string): TimedCommand[] {
  const out: TimedCommand[] = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (line === '') continue;
    const [s, e, tool, args] = line.split('\t');
    if (s === undefined || e === undefined || tool === undefined) continue;
    out.push({
      start: epochMs(s),
      end: epochMs(e),
      tool,
      args: args === undefined || args === '' ? [] : args.split('\x1f'),
    });
  }
  return out;
}

/** Commands that started inside [from, to]. */
export function commandsBetween(commands: readonly TimedCommand[], from: number, to: number): TimedCommand[] {
  return commands.filter((c) => c.start >= from && c.start <= to);
}

/** Wall time covered by the commands (they run one at a time per order, so a plain sum). */
export function totalDuration(commands: readonly TimedCommand[]): number {
  return commands.reduce((sum, c) => sum + (c.end - c.start), 0);
}
