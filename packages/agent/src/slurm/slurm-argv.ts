// Builds the exact SLURM argv of the real agent's SlurmClient (docs/slurm.md#slurm-commands): binary under
// slurm_bin_path, `--parsable2 --noheader` / `--immediate` prefixes, cluster filter injection. Pure: no I/O,
// so the command table can be checked without running anything.
import { BackendError } from '../backend/errors.js';

/** Commands resolved under slurm_bin_path (SlurmClient.SLURM_COMMANDS). */
export const SLURM_COMMANDS: ReadonlySet<string> = new Set(['sacctmgr', 'sacct', 'scancel', 'sinfo']);
const SUPPORTS_IMMEDIATE: ReadonlySet<string> = new Set(['sacctmgr']);
const SUPPORTS_PARSABLE: ReadonlySet<string> = new Set(['sacctmgr', 'sacct']);
/** sacctmgr entities that are global, so never get `cluster=`. */
const CLUSTER_INDEPENDENT_ENTITIES: ReadonlySet<string> = new Set(['qos', 'tres', 'cluster']);

export const MKHOMEDIR_HELPER = '/sbin/mkhomedir_helper';

export interface ExecuteOptions {
  /** Program name: sacctmgr (default), sacct, scancel, sinfo, id, or an absolute path. */
  commandName?: string;
  /** Add `--immediate` (default true; sacctmgr only). */
  immediate?: boolean;
  /** Add `--parsable2 --noheader` (default true; sacctmgr and sacct only). */
  parsable?: boolean;
  /** Failures are expected (e.g. `id -u` of an unknown user): log at debug only. */
  silent?: boolean;
}

export interface SlurmArgvSettings {
  /** Directory of the SLURM binaries; "" = rely on PATH. */
  slurmBinPath: string;
  clusterName: string | null;
}

/** Strips double quotes and folds whitespace runs (incl. newlines) so a value stays one key="value" token. */
export function sanitizeSacctmgrValue(value: string): string {
  return value.replace(/"/g, '').replace(/\s+/g, ' ').trim();
}

/** Adds `cluster=<name>` (sacctmgr) or `--cluster=<name>` (sacct/scancel) when cluster_name is set. */
export function injectClusterFilter(
  command: readonly string[],
  commandName: string,
  cluster: string | null,
): string[] {
  if (cluster === null || cluster === '') return [...command];
  if (commandName === 'sacctmgr') {
    if (
      command.slice(0, 3).some((t) => CLUSTER_INDEPENDENT_ENTITIES.has(t)) ||
      command.includes('--version')
    ) {
      return [...command];
    }
    const out = [...command];
    const setIdx = out.indexOf('set');
    if (setIdx >= 0) out.splice(setIdx, 0, `cluster=${cluster}`);
    else out.push(`cluster=${cluster}`);
    return out;
  }
  if (commandName === 'sacct' || commandName === 'scancel') return [`--cluster=${cluster}`, ...command];
  return [...command];
}

/** Full argv (program first) for `command`, exactly as the real _execute_command builds it. */
export function buildSlurmArgv(
  command: readonly string[],
  options: ExecuteOptions,
  settings: SlurmArgvSettings,
): string[] {
  const commandName = options.commandName ?? 'sacctmgr';
  const immediate = options.immediate ?? true;
  const parsable = options.parsable ?? true;
  if (immediate && !SUPPORTS_IMMEDIATE.has(commandName)) {
    throw new BackendError(
      `--immediate is not supported by ${commandName}. Use immediate=false for non-sacctmgr commands.`,
      'ERR_BACKEND_COMMAND',
    );
  }
  if (parsable && !SUPPORTS_PARSABLE.has(commandName)) {
    throw new BackendError(
      `--parsable2/--noheader are not supported by ${commandName}. Use parsable=false for ${commandName} commands.`,
      'ERR_BACKEND_COMMAND',
    );
  }
  const args = injectClusterFilter(command, commandName, settings.clusterName);
  const file =
    settings.slurmBinPath !== '' && SLURM_COMMANDS.has(commandName)
      ? `${settings.slurmBinPath.replace(/\/+$/, '')}/${commandName}`
      : commandName;
  const argv = [file];
  if (parsable) argv.push('--parsable2', '--noheader');
  if (immediate) argv.push('--immediate');
  argv.push(...args);
  return argv;
}
