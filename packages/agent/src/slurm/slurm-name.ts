// User, account and QoS names reach sacctmgr, scancel and id as argv elements of their own. No shell is
// involved, so quoting is not the risk; option parsing is: SLURM's tools use getopt with argument
// permutation, so a bare "-h" or "--help" anywhere on the line is read as an option (the command then
// prints help, exits 0 and does nothing). Names that could be read as options, or that would break
// SLURM's own syntax (key=value, comma lists, '|'-separated output, quoting), are refused before any
// command runs.
import { BackendError } from '../backend/errors.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\s"'=,|;\\`$]|[\u0000-\u001f\u007f]/u;

export type SlurmNameKind = 'user' | 'account' | 'qos';

/** Returns `value` if it is safe as a bare SLURM name, else throws ERR_BACKEND_INVALID_NAME. */
export function slurmName(kind: SlurmNameKind, value: string): string {
  if (value === '' || value.startsWith('-') || UNSAFE.test(value)) {
    throw new BackendError(
      `Invalid ${kind} name ${JSON.stringify(value)} for SLURM: it is empty, starts with '-', or contains ` +
        'whitespace, control characters or one of = , | ; \' " \\ ` $',
      'ERR_BACKEND_INVALID_NAME',
    );
  }
  return value;
}
