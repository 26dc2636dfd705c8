// Builds and runs the exact SLURM command lines of the real agent's SlurmClient (docs/slurm.md#slurm-commands): binary
// under slurm_bin_path, `--parsable2 --noheader` / `--immediate` prefixes, cluster filter injection, quoted
// values as one argv element. execFile-style argv only — nothing is ever parsed by a shell.
import type { BackendLogger } from '../backend/backend.js';
import type { CommandRunner } from '../backend/command-runner.js';
import { BackendError, BackendUnavailableError } from '../backend/errors.js';
import { slurmName } from './slurm-name.js';
import type { MonthPeriod } from './month-period.js';
import {
  type AccountLine,
  type ReportLine,
  dataLines,
  parseAccountLine,
  parseAssociationLimitsLine,
  parseAssociationLine,
  parseReportLine,
  parseTresList,
  parseTresString,
} from './slurm-parser.js';

/** sacctmgr/sacct/scancel messages that mean slurmdbd or slurmctld could not be reached (worth a retry). */
const SLURM_UNAVAILABLE =
  /Connection refused|Problem talking to the database|Unable to contact slurm controller|Socket timed out|Sending PersistInit msg|Zero Bytes were transmitted/;

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

export interface SlurmClientOptions {
  runner: CommandRunner;
  log: BackendLogger;
  /** Directory of the SLURM binaries; "" = rely on PATH. Default /usr/bin. */
  slurmBinPath?: string;
  clusterName?: string | null;
  /** Component (TRES) names known to the offering — the parser ignores others. */
  components?: Iterable<string>;
}

export interface QosSpec {
  name: string;
  flags?: string | null;
  grpTres?: string | null;
  maxJobs?: number | null;
  maxSubmit?: number | null;
  maxWall?: string | null;
  minTresPerJob?: string | null;
}

/** Account limit families read by `getAccountLimits` (values as strings, like the real client). */
export type AccountLimits = Record<
  'GrpTRES' | 'GrpTRESMins' | 'MaxTRES' | 'MaxTRESMins',
  Record<string, string>
>;

/** Strips double quotes and folds whitespace runs (incl. newlines) so a value stays one key="value" token. */
export function sanitizeSacctmgrValue(value: string): string {
  return value.replace(/"/g, '').replace(/\s+/g, ' ').trim();
}

function sameAccount(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export class SlurmClient {
  readonly slurmBinPath: string;
  readonly clusterName: string | null;
  /** Every command line run since the last clear (space-joined argv), like the real executed_commands. */
  executedCommands: string[] = [];
  private readonly runner: CommandRunner;
  private readonly log: BackendLogger;
  private readonly components: ReadonlySet<string>;

  constructor(options: SlurmClientOptions) {
    this.runner = options.runner;
    this.log = options.log;
    this.slurmBinPath = options.slurmBinPath ?? '/usr/bin';
    this.clusterName = options.clusterName ?? null;
    this.components = new Set(options.components ?? []);
  }

  clearExecutedCommands(): void {
    this.executedCommands = [];
  }

  /** Same configuration, own executedCommands list (per-call command recording without shared state). */
  fork(): SlurmClient {
    return new SlurmClient({
      runner: this.runner,
      log: this.log,
      slurmBinPath: this.slurmBinPath,
      clusterName: this.clusterName,
      components: this.components,
    });
  }

  // ----- command construction -----

  /** Adds `cluster=<name>` (sacctmgr) or `--cluster=<name>` (sacct/scancel) when cluster_name is set. */
  injectClusterFilter(command: readonly string[], commandName: string): string[] {
    const cluster = this.clusterName;
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
  buildArgv(command: readonly string[], options: ExecuteOptions = {}): string[] {
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
    const args = this.injectClusterFilter(command, commandName);
    const file =
      this.slurmBinPath !== '' && SLURM_COMMANDS.has(commandName)
        ? `${this.slurmBinPath.replace(/\/+$/, '')}/${commandName}`
        : commandName;
    const argv = [file];
    if (parsable) argv.push('--parsable2', '--noheader');
    if (immediate) argv.push('--immediate');
    argv.push(...args);
    return argv;
  }

  /**
   * Runs a command and returns its stdout. Non-zero exit ⇒ BackendError carrying the output, except a
   * `modify …` whose output says "Nothing modified" (sacctmgr's exit 1 for a no-op) ⇒ "".
   */
  async execute(command: readonly string[], options: ExecuteOptions = {}): Promise<string> {
    const argv = this.buildArgv(command, options);
    const [file, ...args] = argv as [string, ...string[]];
    this.executedCommands.push(argv.join(' '));
    this.log.debug({ argv }, 'Executing SLURM command');
    const result = await this.runner.run(file, args);
    if (result.exitCode === 0) return result.stdout;
    const output = `${result.stdout}${result.stderr}`;
    if (command[0] === 'modify' && output.includes('Nothing modified')) {
      this.log.debug({ argv }, 'sacctmgr reported "Nothing modified"; treating as success');
      return '';
    }
    const trimmed = output.trim();
    const message = trimmed === '' ? `${argv.join(' ')} failed with exit code ${result.exitCode}` : trimmed;
    if (options.silent !== true)
      this.log.warn({ argv, exitCode: result.exitCode, output: trimmed }, 'SLURM command failed');
    if (SLURM_UNAVAILABLE.test(output))
      throw new BackendUnavailableError(message, { output, argv, exitCode: result.exitCode });
    throw new BackendError(message, 'ERR_BACKEND_COMMAND', { output, argv, exitCode: result.exitCode });
  }

  // ----- accounts -----

  async listResources(): Promise<AccountLine[]> {
    return dataLines(await this.execute(['list', 'account'])).map(parseAccountLine);
  }

  async getResource(resourceId: string): Promise<AccountLine | null> {
    const lines = dataLines(await this.execute(['show', 'account', slurmName('account', resourceId)]));
    return lines[0] === undefined ? null : parseAccountLine(lines[0]);
  }

  async createResource(
    name: string,
    description: string,
    organization: string,
    parentName?: string | null,
  ): Promise<string> {
    const parts = [
      'add',
      'account',
      slurmName('account', name),
      `description="${sanitizeSacctmgrValue(description)}"`,
      `organization="${sanitizeSacctmgrValue(organization)}"`,
    ];
    if (parentName !== undefined && parentName !== null && parentName !== '') {
      parts.push(`parent="${sanitizeSacctmgrValue(parentName)}"`);
    }
    return this.execute(parts);
  }

  async deleteResource(name: string): Promise<string> {
    return this.execute(['remove', 'account', 'where', `name=${name}`]);
  }

  async deleteAllUsersFromAccount(name: string): Promise<string> {
    return this.execute(['remove', 'user', 'where', `account=${name}`]);
  }

  async accountHasUsers(account: string): Promise<boolean> {
    const lines = dataLines(await this.execute(['show', 'association', 'where', `account=${account}`]));
    return lines.map(parseAssociationLine).some((a) => a.user !== '');
  }

  /** `modify account <id> set GrpTRESMins=k1=v1,k2=v2` with keys sorted. */
  async setResourceLimits(resourceId: string, limits: Record<string, number>): Promise<string> {
    const limitsStr = Object.keys(limits)
      .sort()
      .map((k) => `${k}=${String(limits[k])}`)
      .join(',');
    return this.execute(['modify', 'account', resourceId, 'set', `GrpTRESMins=${limitsStr}`]);
  }

  /** Account GrpTRESMins (SLURM units, known components only); {} when none. No --immediate. */
  async getResourceLimits(resourceId: string): Promise<Record<string, number>> {
    const output = await this.execute(
      ['show', 'association', 'format=account,GrpTRESMins', 'where', `accounts=${resourceId}`],
      { immediate: false },
    );
    for (const line of dataLines(output)) {
      const parsed = parseAssociationLimitsLine(line, this.components);
      if (Object.keys(parsed.tresLimits).length > 0) return parsed.tresLimits;
    }
    return {};
  }

  async getResourceUserLimits(resourceId: string): Promise<Record<string, Record<string, number>>> {
    const output = await this.execute(
      ['show', 'association', 'where', `accounts=${resourceId}`, 'format=Account,MaxTRESMins,User'],
      { immediate: false },
    );
    const out: Record<string, Record<string, number>> = {};
    for (const line of dataLines(output)) {
      const parsed = parseAssociationLimitsLine(line, this.components);
      if (parsed.user !== '') out[parsed.user] = parsed.tresLimits;
    }
    return out;
  }

  /** `list tres` first, then one MaxTRESMins entry per cluster TRES (-1 = unlimited). */
  async setResourceUserLimits(
    resourceId: string,
    username: string,
    limits: Record<string, number>,
  ): Promise<string> {
    const tres = await this.listTres();
    const limitsStr = tres.map((t) => `${t}=${String(limits[t] ?? -1)}`).join(',');
    return this.execute([
      'modify',
      'user',
      slurmName('user', username),
      'where',
      `account=${resourceId}`,
      'set',
      `MaxTRESMins=${limitsStr}`,
    ]);
  }

  async listTres(): Promise<string[]> {
    return parseTresList(await this.execute(['list', 'tres']));
  }

  async listClusters(): Promise<string[]> {
    return dataLines(await this.execute(['list', 'cluster', 'format=cluster']))
      .map((line) => (line.split('|')[0] ?? '').trim())
      .filter((n) => n !== '');
  }

  // ----- users / associations -----

  async listResourceUsers(resourceId: string): Promise<string[]> {
    const output = await this.execute([
      'list',
      'associations',
      'format=account,user',
      'where',
      `account=${resourceId}`,
    ]);
    const users: string[] = [];
    for (const line of dataLines(output)) {
      const [account = '', user = ''] = line.split('|');
      if (user.trim() !== '' && sameAccount(account, resourceId)) users.push(user.trim());
    }
    return users;
  }

  async getAssociation(user: string, resourceId: string): Promise<{ account: string; user: string } | null> {
    const lines = dataLines(
      await this.execute([
        'show',
        'association',
        'where',
        `user=${slurmName('user', user)}`,
        `account=${resourceId}`,
      ]),
    );
    return lines[0] === undefined ? null : parseAssociationLine(lines[0]);
  }

  private userHead(username: string, resourceId: string, defaultAccount: string | null): string[] {
    const parts = ['add', 'user', slurmName('user', username), `account=${slurmName('account', resourceId)}`];
    if (defaultAccount !== null) parts.push(`DefaultAccount=${defaultAccount}`);
    return parts;
  }

  /** `add user <u> account=<id> [DefaultAccount=<d>] Share=parent` */
  async createAssociation(
    username: string,
    resourceId: string,
    defaultAccount: string | null,
  ): Promise<string> {
    return this.execute([...this.userHead(username, resourceId, defaultAccount), 'Share=parent']);
  }

  /** `add user <u> account=<id> [DefaultAccount=<d>] Partitions=<sorted,list> Share=parent` */
  async createAssociationWithPartitions(
    username: string,
    resourceId: string,
    partitions: readonly string[],
    defaultAccount: string | null,
  ): Promise<string> {
    return this.execute([
      ...this.userHead(username, resourceId, defaultAccount),
      `Partitions=${[...partitions].sort().join(',')}`,
      'Share=parent',
    ]);
  }

  /** `add user <u> account=<id> [DefaultAccount=<d>] Partition=<p>` (no Share). */
  async createAssociationWithPartition(
    username: string,
    resourceId: string,
    partition: string,
    defaultAccount: string | null,
  ): Promise<string> {
    return this.execute([...this.userHead(username, resourceId, defaultAccount), `Partition=${partition}`]);
  }

  /** `add user <u> account=<id> [DefaultAccount=<d>] [Partitions=…] QosLevel=<q> DefaultQOS=<q> Share=parent` */
  async createAssociationWithQos(
    username: string,
    resourceId: string,
    qosList: readonly string[],
    defaultQos: string,
    partitions: readonly string[] | null,
    defaultAccount: string | null,
  ): Promise<string> {
    const parts = this.userHead(username, resourceId, defaultAccount);
    if (partitions !== null && partitions.length > 0)
      parts.push(`Partitions=${[...partitions].sort().join(',')}`);
    parts.push(`QosLevel=${qosList.join(',')}`, `DefaultQOS=${defaultQos}`, 'Share=parent');
    return this.execute(parts);
  }

  async deleteAssociation(username: string, resourceId: string): Promise<string> {
    return this.execute([
      'remove',
      'user',
      'where',
      `name=${slurmName('user', username)}`,
      'and',
      `account=${resourceId}`,
    ]);
  }

  // ----- QoS / status -----

  async getCurrentAccountQos(account: string): Promise<string> {
    const output = await this.execute([
      'list',
      'associations',
      'format=account,qos',
      'where',
      `account=${account}`,
    ]);
    for (const line of dataLines(output)) {
      const [acc = '', qos = ''] = line.split('|');
      if (qos !== '' && sameAccount(acc, account)) return qos.trim();
    }
    return '';
  }

  async setAccountQos(account: string, qos: string): Promise<string> {
    return this.execute(['modify', 'account', account, 'set', `qos=${qos}`]);
  }

  async setAccountGrpSubmitJobs(account: string, value: number): Promise<string> {
    return this.execute(['modify', 'account', account, 'set', `GrpSubmitJobs=${value}`]);
  }

  async qosExists(name: string): Promise<boolean> {
    return dataLines(await this.execute(['show', 'qos', slurmName('qos', name)])).length > 0;
  }

  async createQos(spec: QosSpec): Promise<void> {
    const parts = ['add', 'qos', slurmName('qos', spec.name)];
    if (spec.flags !== undefined && spec.flags !== null && spec.flags !== '')
      parts.push('set', `flags=${spec.flags}`);
    await this.execute(parts);
    const modify = (setting: string): Promise<string> =>
      this.execute(['modify', 'qos', spec.name, 'set', setting]);
    if (spec.grpTres !== undefined && spec.grpTres !== null && spec.grpTres !== '')
      await modify(`GrpTRES=${spec.grpTres}`);
    if (spec.maxJobs !== undefined && spec.maxJobs !== null) await modify(`MaxJobs=${spec.maxJobs}`);
    if (spec.maxSubmit !== undefined && spec.maxSubmit !== null) await modify(`MaxSubmit=${spec.maxSubmit}`);
    if (spec.maxWall !== undefined && spec.maxWall !== null) await modify(`MaxWall=${spec.maxWall}`);
    if (spec.minTresPerJob !== undefined && spec.minTresPerJob !== null && spec.minTresPerJob !== '') {
      await modify(`MinTRESPerJob=${spec.minTresPerJob}`);
    }
  }

  async deleteQos(name: string): Promise<string> {
    return this.execute(['remove', 'qos', 'where', `name=${name}`]);
  }

  async addAccountQos(account: string, qosName: string): Promise<string> {
    return this.execute(['modify', 'account', 'set', `qos+=${qosName}`, 'where', `account=${account}`]);
  }

  async setAccountDefaultQos(account: string, qosName: string): Promise<string> {
    return this.execute(['modify', 'account', 'set', `defaultqos=${qosName}`, 'where', `account=${account}`]);
  }

  // ----- hierarchy -----

  /** Parent of `account` from its account-level association (row with empty user); null when absent. */
  async getAccountParent(account: string): Promise<string | null> {
    const output = await this.execute([
      'show',
      'assoc',
      `account=${account}`,
      'format=Account,ParentName,User',
      '-n',
      '-P',
    ]);
    for (const line of dataLines(output)) {
      const [acc = '', parent = '', user = ''] = line.split('|');
      if (user.trim() === '' && sameAccount(acc, account)) return parent.trim() === '' ? null : parent.trim();
    }
    return null;
  }

  async setAccountParent(account: string, parent: string): Promise<string> {
    return this.execute(['modify', 'account', 'where', `name=${account}`, 'set', `parent=${parent}`]);
  }

  // ----- jobs -----

  async listActiveUserJobs(account: string, user: string): Promise<string[]> {
    const output = await this.execute(
      [
        '-a',
        `--account=${account}`,
        `--user=${user}`,
        '--format=JobID,JobName,Partition,Account,User,State,Elapsed,Timelimit,NodeList',
      ],
      { commandName: 'sacct', immediate: false },
    );
    return dataLines(output).map((line) => line.split('|')[0] ?? '');
  }

  /** `scancel [-u <u>] -A <account> -f` */
  async cancelActiveUserJobs(account: string, user?: string): Promise<void> {
    const args = ['-A', account, '-f'];
    if (user !== undefined) args.unshift('-u', slurmName('user', user));
    await this.execute(args, { commandName: 'scancel', parsable: false, immediate: false });
  }

  /** `id -u <u>`: digits ⇒ true; "no such user" ⇒ false; any other failure propagates. */
  async checkUserExists(username: string): Promise<boolean> {
    try {
      const output = await this.execute(['-u', slurmName('user', username)], {
        commandName: 'id',
        parsable: false,
        immediate: false,
        silent: true,
      });
      return /^\d+$/.test(output.trim());
    } catch (err) {
      if (err instanceof BackendError && err.message.includes('no such user')) return false;
      throw err;
    }
  }

  async createLinuxUserHomedir(username: string, umask: string): Promise<string> {
    return this.execute([slurmName('user', username), umask], {
      commandName: MKHOMEDIR_HELPER,
      parsable: false,
      immediate: false,
    });
  }

  // ----- usage -----

  async getUsageReport(resourceIds: readonly string[], period: MonthPeriod): Promise<ReportLine[]> {
    const output = await this.execute(
      [
        '--noconvert',
        '--truncate',
        '--allocations',
        '--allusers',
        `--starttime=${period.start}`,
        `--endtime=${period.end}`,
        `--accounts=${resourceIds.join(',')}`,
        '--format=Account,ReqTRES,Elapsed,User',
      ],
      { commandName: 'sacct', immediate: false },
    );
    return dataLines(output).map((line) => parseReportLine(line, this.components));
  }

  // ----- periodic limits -----

  async setAccountFairshare(account: string, fairshare: number | string): Promise<void> {
    try {
      await this.execute(['modify', 'account', account, 'set', `fairshare=${String(fairshare)}`]);
    } catch (err) {
      throw new BackendError(
        `Failed to set fairshare for account ${account}: ${(err as Error).message}`,
        'ERR_BACKEND_COMMAND',
        { cause: err },
      );
    }
  }

  /** One `modify account <id> set <type>=<tres>=<value>` per TRES, in the given order. */
  async setAccountLimits(account: string, limitType: string, limits: Record<string, unknown>): Promise<void> {
    try {
      for (const [tres, value] of Object.entries(limits)) {
        await this.execute(['modify', 'account', account, 'set', `${limitType}=${tres}=${String(value)}`]);
      }
    } catch (err) {
      throw new BackendError(
        `Failed to set ${limitType} limits for account ${account}: ${(err as Error).message}`,
        'ERR_BACKEND_COMMAND',
        { cause: err },
      );
    }
  }

  async resetRawUsage(account: string): Promise<void> {
    try {
      await this.execute(['modify', 'account', account, 'set', 'RawUsage=0']);
    } catch (err) {
      throw new BackendError(
        `Failed to reset raw usage for account ${account}: ${(err as Error).message}`,
        'ERR_BACKEND_COMMAND',
        { cause: err },
      );
    }
  }

  /** Current fairshare (0 when not found or not numeric). */
  async getAccountFairshare(account: string): Promise<number> {
    const output = await this.execute([
      'list',
      'account',
      'format=account,fairshare',
      'where',
      `account=${account}`,
    ]);
    for (const line of dataLines(output)) {
      if (!line.includes(account)) continue;
      const parts = line.split('|');
      if (parts.length >= 2 && /^\s*[+-]?\d+\s*$/.test(parts[1] ?? ''))
        return Number.parseInt(parts[1] ?? '0', 10);
    }
    return 0;
  }

  async getAccountLimits(account: string): Promise<AccountLimits> {
    const output = await this.execute([
      'list',
      'account',
      'format=account,grptres,grptresmin,maxtres,maxtresmin',
      'where',
      `account=${account}`,
    ]);
    const limits: AccountLimits = { GrpTRES: {}, GrpTRESMins: {}, MaxTRES: {}, MaxTRESMins: {} };
    const asStrings = (field: string): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parseTresString(field)))
        out[k] = /^\s*[+-]?\d+\s*$/.test(v) ? String(Number.parseInt(v, 10)) : v;
      return out;
    };
    for (const line of dataLines(output)) {
      if (!line.includes(account)) continue;
      const parts = line.split('|');
      if (parts.length < 5) continue;
      if (parts[1]) limits.GrpTRES = asStrings(parts[1]);
      if (parts[2]) limits.GrpTRESMins = asStrings(parts[2]);
      if (parts[3]) limits.MaxTRES = asStrings(parts[3]);
      if (parts[4]) limits.MaxTRESMins = asStrings(parts[4]);
    }
    return limits;
  }

  // ----- version -----

  /** `sinfo -V` output, trimmed (e.g. "slurm 23.11.4"). */
  async getVersion(): Promise<string> {
    return (await this.execute(['-V'], { commandName: 'sinfo', parsable: false, immediate: false })).trim();
  }

  /** `sacctmgr --version` must mention "slurm" (false for emulators and failures). */
  async validateSlurmBinary(): Promise<boolean> {
    try {
      const output = await this.execute(['--version'], { parsable: false, immediate: false, silent: true });
      return output.toLowerCase().includes('slurm');
    } catch (err) {
      if (err instanceof BackendError) return false;
      throw err;
    }
  }
}
