// Memory and CPU of a process from procfs (Linux): VmRSS/VmHWM from /proc/<pid>/status, user+system CPU time
// from /proc/<pid>/stat. Sampling costs one small file read, so it does not disturb the process measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** Kernel clock ticks per second (USER_HZ), normally 100. */
export function clockTicksPerSecond(): number {
  if (clockTicks !== undefined) return clockTicks;
  try {
    clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    clockTicks = 100;
  }
  return clockTicks;
}

export interface MemorySample {
  /** Resident set size, MiB. */
  readonly rssMiB: number;
  /** Peak resident set size so far, MiB. */
  readonly hwmMiB: number;
}

export function readMemory(pid: number | 'self'): MemorySample | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return m?.[1] === undefined ? Number.NaN : Number(m[1]);
  };
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
}

/** User + system CPU time of the process so far, in ms (children not included). */
export function readCpuMs(pid: number | 'self'): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces; fields after the closing parenthesis are fixed.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return ((utime + stime) * 1000) / clockTicksPerSecond();
}

export interface UsageWindow {
  /** CPU use per sampling interval, % of one core. */
  readonly cpuPercent: number[];
  readonly rssMiB: number[];
  readonly hwmMiB: number;
}

/** Samples CPU % and RSS of `pid` every `intervalMs` for `durationMs`. */
export async function sampleUsage(pid: number, durationMs: number, intervalMs = 1000): Promise<UsageWindow> {
  const cpuPercent: number[] = [];
  const rssMiB: number[] = [];
  let lastCpu = readCpuMs(pid);
  let lastAt = performance.now();
  const end = lastAt + durationMs;
  let hwm = Number.NaN;
  while (performance.now() < end - 1) {
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(1, end - performance.now()))),
    );
    const cpu = readCpuMs(pid);
    const now = performance.now();
    const mem = readMemory(pid);
    if (cpu !== undefined && lastCpu !== undefined) cpuPercent.push(((cpu - lastCpu) / (now - lastAt)) * 100);
    if (mem !== undefined) {
      rssMiB.push(mem.rssMiB);
      hwm = mem.hwmMiB;
    }
    lastCpu = cpu;
    lastAt = now;
  }
  return { cpuPercent, rssMiB, hwmMiB: hwm };
}
