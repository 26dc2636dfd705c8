// A folder of `sacctmgr`, `sacct`, … shims the agent's slurm_bin_path points at. Each runs slurm-mock's real
// executable unchanged (same argv, stdout, stderr and exit code) and then appends one line to a command log:
// tool, exit code, argv (\x1f-separated; the fault streams use no tabs or newlines in values) and the first line
// of stdout. The log is how the checker counts effects: a write that found its effect already there (" Data has
// not changed …") is an effect applied twice.
// With SLURM_SHIM_PORT set, the command runs in the suite's slurm-mock server (slurm-mock-server.ts: same library,
// state file and output, without starting node per command); without it, or if the server does not answer
// before the command was sent, the real executable runs.
// The kill trigger: when the file SLURM_SHIM_KILL_FILE exists and a successful command's argv contains the
// text in it, the shim renames the file (so it fires once) and SIGKILLs its parent, the agent: a crash right
// after a backend effect and before the agent could acknowledge the message.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SHIMMED_TOOLS = ['sacctmgr', 'sacct', 'scancel', 'sinfo', 'sshare'] as const;

const SEP = '\x1f';

function shimScript(realDir: string): string {
  // realDir is a path we chose (no quotes in it); everything else is data passed as "$@".
  return `#!/bin/bash
# reliability shim: real tool (or the suite's slurm-mock server), then one command-log line; see
# reliability/src/harness/slurm-shim.ts
tool="\${0##*/}"
real='${realDir}'/"$tool"
tmp="\${TMPDIR:-/tmp}/slurm-shim.$$"
if [ -n "$SLURM_SHIM_PORT" ] && { exec 3<>"/dev/tcp/127.0.0.1/$SLURM_SHIM_PORT"; } 2>/dev/null; then
  printf '%s\\0' "$(($# + 4))" "$tmp" "$tmp.err" "$USER" "$tool" "$@" >&3
  rc=
  IFS= read -r rc <&3
  exec 3<&-
  cat "$tmp.err" >&2 2>/dev/null
  rm -f "$tmp.err"
  [ -n "$rc" ] || rc=1
else
  "$real" "$@" >"$tmp"
  rc=$?
fi
cat "$tmp"
if [ -n "$SLURM_SHIM_LOG" ]; then
  first=
  IFS= read -r first <"$tmp"
  args=$(printf '%s\\037' "$@")
  printf '%s\\t%s\\t%s\\t%s\\n' "\${0##*/}" "$rc" "$args" "$first" >>"$SLURM_SHIM_LOG"
fi
rm -f "$tmp"
if [ "$rc" = 0 ] && [ -n "$SLURM_SHIM_KILL_FILE" ] && [ -f "$SLURM_SHIM_KILL_FILE" ]; then
  pattern=$(cat "$SLURM_SHIM_KILL_FILE" 2>/dev/null)
  case " $* " in
    *"$pattern"*) if mv "$SLURM_SHIM_KILL_FILE" "$SLURM_SHIM_KILL_FILE.fired" 2>/dev/null; then kill -KILL "$PPID"; fi ;;
  esac
fi
exit "$rc"
`;
}

/** Writes the shims into `dir` (created) for the real executables in `realDir`. */
export async function writeSlurmShims(dir: string, realDir: string): Promise<void> {
  if (/['\n]/.test(realDir)) throw new TypeError(`unsupported characters in ${realDir}`);
  await mkdir(dir, { recursive: true });
  for (const tool of SHIMMED_TOOLS) {
    const file = join(dir, tool);
    await writeFile(file, shimScript(realDir));
    await chmod(file, 0o755);
  }
}

export interface LoggedCommand {
  readonly tool: string;
  readonly exitCode: number;
  readonly argv: readonly string[];
  /** First line of stdout. */
  readonly stdout: string;
}

/** Parses a command log; a missing file is an empty log. */
export async function readCommandLog(file: string): Promise<LoggedCommand[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const out: LoggedCommand[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [tool = '', code = '', args = '', stdout = ''] = line.split('\t');
    const argv = args.split(SEP);
    if (argv.at(-1) === '') argv.pop();
    out.push({ tool, exitCode: Number(code), argv, stdout });
  }
  return out;
}
