// Bundled entry of the bin/ launchers (`node dist/cli.cjs <tool> args...`): runs the tool against the
// state file named by the environment and forwards its output and exit code.
import { fstatSync, readSync } from 'node:fs';
import { isToolName, runCommand } from '../run-command.js';

/** Reads one answer line for sacctmgr's prompt from a terminal or a file; never waits on a pipe. */
function readAnswer(): string | null {
  try {
    const st = fstatSync(0);
    if (!process.stdin.isTTY && !st.isFile()) return null;
    const buf = Buffer.alloc(256);
    const n = readSync(0, buf, 0, buf.length, null);
    return n <= 0 ? null : buf.toString('utf8', 0, n);
  } catch {
    return null;
  }
}

const [tool, ...args] = process.argv.slice(2);
if (tool === undefined || !isToolName(tool)) {
  process.stderr.write(
    `slurm-mock: unknown tool '${tool ?? ''}' (expected sacctmgr, sacct, scancel, sinfo, sshare, slurm-mock)\n`,
  );
  process.exitCode = 2;
} else {
  const result = runCommand(tool, args, {
    env: process.env,
    readAnswer,
    sink: (stream, text) => (stream === 'stdout' ? process.stdout : process.stderr).write(text),
  });
  process.exitCode = result.exitCode;
}
