// sacctmgr's command line: GNU options (`-i -n -P`, clustered `-nP`, anywhere in argv), then
// `<verb> <entity> <specs...>`; list verbs read the state, the others run inside a locked transaction.
import { getoptLong, type LongOption } from '../getopt.js';
import { matchesKeyword } from '../keyword.js';
import { mockNow } from '../mock-clock.js';
import type { ParsableMode } from '../print-fields.js';
import type { MockState } from '../state-types.js';
import { SLURM_VERSION, type ToolContext } from '../tool-context.js';
import { addAccount, modifyAccount, removeAccount } from './account-commands.js';
import { addCluster, removeCluster } from './cluster-commands.js';
import {
  listAccounts,
  listAssociations,
  listClusters,
  listQos,
  listTres,
  listUsers,
} from './list-commands.js';
import { addQos, modifyQos, removeQos } from './qos-commands.js';
import { SacctmgrCtx, type SacctmgrFlags } from './sacctmgr-context.js';
import { addUser, modifyUser, removeUser } from './user-commands.js';

const LONG: readonly LongOption[] = [
  { name: 'help', arg: 'none', id: 'h' },
  { name: 'usage', arg: 'none', id: 'h' },
  { name: 'immediate', arg: 'none', id: 'i' },
  { name: 'noheader', arg: 'none', id: 'n' },
  { name: 'oneliner', arg: 'none', id: 'o' },
  { name: 'parsable', arg: 'none', id: 'p' },
  { name: 'parsable2', arg: 'none', id: 'P' },
  { name: 'quiet', arg: 'none', id: 'Q' },
  { name: 'readonly', arg: 'none', id: 'r' },
  { name: 'associations', arg: 'none', id: 's' },
  { name: 'verbose', arg: 'none', id: 'v' },
  { name: 'version', arg: 'none', id: 'V' },
];

export const SACCTMGR_USAGE = `sacctmgr [<OPTION>] [<COMMAND>]
    Valid <OPTION> values are:
     -h or --help: equivalent to "help" command
     -i or --immediate: commit changes immediately
     -n or --noheader: no header will be added to the beginning of output
     -o or --oneliner: equivalent to "oneliner" command
     -p or --parsable: output will be '|' delimited with a '|' at the end
     -P or --parsable2: output will be '|' delimited without a '|' at the end
     -Q or --quiet: equivalent to "quiet" command
     -r or --readonly: equivalent to "readonly" command
     -s or --associations: equivalent to "associations" command
     -v or --verbose: equivalent to "verbose" command
     -V or --version: equivalent to "version" command

  <keyword> may be omitted from the execute line and sacctmgr will execute
  in interactive mode (not supported by slurm-mock).

    Valid <COMMAND> values are:
     add <ENTITY> <SPECS>     add entity (account, cluster, qos, user)
     list <ENTITY> [<SPECS>]  display info of identified entity (account,
                              association, cluster, qos, tres, user)
     modify <ENTITY> <SPECS>  modify entity (account, qos, user)
     delete <ENTITY> <SPECS>  delete the specified entity (account, cluster,
                              qos, user)
     version                  display tool version number.
`;

type Handler = (ctx: SacctmgrCtx, args: readonly string[]) => void;
type EntityTable = readonly (readonly [
  names: readonly (readonly [string, number])[],
  handler: Handler | null,
])[];

const ADD: EntityTable = [
  [
    [
      ['Accounts', 1],
      ['Acct', 4],
    ],
    addAccount,
  ],
  [[['Clusters', 2]], addCluster],
  [[['Coordinators', 2]], null],
  [[['Federations', 1]], null],
  [[['QOS', 1]], addQos],
  [[['Resources', 1]], null],
  [[['Users', 1]], addUser],
  [[['WCKeys', 1]], null],
];
const LIST: EntityTable = [
  [
    [
      ['Accounts', 2],
      ['Acct', 4],
    ],
    listAccounts,
  ],
  [[['Associations', 2]], listAssociations],
  [[['Clusters', 2]], listClusters],
  [[['Configuration', 2]], null],
  [[['Events', 1]], null],
  [[['Federations', 1]], null],
  [[['Problems', 1]], null],
  [[['QOS', 1]], listQos],
  [[['Resources', 4]], null],
  [[['Reservations', 4]], null],
  [[['RunawayJobs', 2]], null],
  [[['Stats', 2]], null],
  [[['TRES', 2]], listTres],
  [[['Transactions', 2]], null],
  [[['Users', 1]], listUsers],
  [[['WCKeys', 1]], null],
];
const MODIFY: EntityTable = [
  [
    [
      ['Accounts', 1],
      ['Acct', 4],
    ],
    modifyAccount,
  ],
  [[['Clusters', 2]], null],
  [[['Federations', 1]], null],
  [[['Jobs', 1]], null],
  [[['QOS', 1]], modifyQos],
  [[['Resources', 1]], null],
  [[['Users', 1]], modifyUser],
  [[['WCKeys', 1]], null],
];
const DELETE: EntityTable = [
  [
    [
      ['Accounts', 1],
      ['Acct', 4],
    ],
    removeAccount,
  ],
  [[['Clusters', 2]], removeCluster],
  [[['Coordinators', 2]], null],
  [[['Federations', 1]], null],
  [[['QOS', 1]], removeQos],
  [[['Resources', 1]], null],
  [[['Users', 1]], removeUser],
  [[['WCKeys', 1]], null],
];

const NO_ENTITY: Record<string, string> = {
  add:
    'No valid entity in add command\nInput line must include "Account", "Cluster", "Coordinator", ' +
    '"Federation", "QOS", "Resource", "User", or "WCKey"\n',
  list:
    'No valid entity in list command\nInput line must include "Account", "Association", "Cluster", "Configuration",\n' +
    '"Event", "Federation", "Problem", "QOS", "Resource", "Reservation",\n"RunAwayJobs", "Stats", "Transaction", "TRES", ' +
    '"User", or "WCKey"\n',
  modify:
    'No valid entity in modify command\nInput line must include "Account", "Cluster", "Federation", "Job", "QOS", ' +
    '"Resource", "User", or "WCKey"\n',
  delete:
    'No valid entity in delete command\nInput line must include "Account", "Cluster", "Coordinator", "Federation", ' +
    '"QOS", "Resource", "User", or "WCKey"\n',
};

function verbOf(word: string): 'add' | 'list' | 'modify' | 'delete' | 'help' | 'version' | null {
  if (matchesKeyword(word, 'add', 3) || matchesKeyword(word, 'create', 3)) return 'add';
  if (matchesKeyword(word, 'show', 3) || matchesKeyword(word, 'list', 3)) return 'list';
  if (matchesKeyword(word, 'modify', 1) || matchesKeyword(word, 'update', 1)) return 'modify';
  if (matchesKeyword(word, 'delete', 3) || matchesKeyword(word, 'remove', 3)) return 'delete';
  if (matchesKeyword(word, 'help', 2)) return 'help';
  if (matchesKeyword(word, 'version', 4)) return 'version';
  return null;
}

export function sacctmgrMain(argv: readonly string[], tool: ToolContext): number {
  const { io } = tool;
  const parsed = getoptLong('sacctmgr', argv, 'hinopPQrsvV', LONG);
  if (!parsed.ok) {
    io.err(`${parsed.error}Try "sacctmgr --help" for more information\n`);
    return 1;
  }
  let parsable: ParsableMode = 'none';
  const flags: SacctmgrFlags = {
    parsable,
    header: true,
    immediate: false,
    readonly: false,
    withAssoc: false,
  };
  for (const o of parsed.opts) {
    switch (o.id) {
      case 'h':
        io.out(SACCTMGR_USAGE);
        return 0;
      case 'V':
        io.out(`slurm ${SLURM_VERSION}\n`);
        return 0;
      case 'i':
        flags.immediate = true;
        break;
      case 'n':
        flags.header = false;
        break;
      case 'p':
        parsable = 'ending';
        break;
      case 'P':
        parsable = 'no-ending';
        break;
      case 'r':
        flags.readonly = true;
        break;
      case 's':
        flags.withAssoc = true;
        break;
      default:
        break;
    }
  }
  flags.parsable = parsable;
  const [word, entityWord, ...args] = parsed.operands;
  if (word === undefined) {
    io.err('sacctmgr: error: slurm-mock supports no interactive mode; give a command (see --help)\n');
    return 1;
  }
  const verb = verbOf(word);
  if (verb === null) {
    io.err(`invalid keyword: ${word}\n`);
    return 1;
  }
  if (verb === 'help') {
    io.out(SACCTMGR_USAGE);
    return 0;
  }
  if (verb === 'version') {
    if (entityWord !== undefined) {
      io.err(`too many arguments for ${word} keyword\n`);
      io.out(`slurm ${SLURM_VERSION}\n`);
      return 1;
    }
    io.out(`slurm ${SLURM_VERSION}\n`);
    return 0;
  }
  const table = verb === 'add' ? ADD : verb === 'list' ? LIST : verb === 'modify' ? MODIFY : DELETE;
  const entry =
    entityWord === undefined
      ? undefined
      : table.find(([names]) => names.some(([full, min]) => matchesKeyword(entityWord, full, min)));
  if (entry === undefined) {
    io.err(NO_ENTITY[verb] ?? '');
    return 1;
  }
  const handler = entry[1];
  if (handler === null) {
    io.err(`sacctmgr: error: slurm-mock does not implement '${word} ${entityWord ?? ''}'\n`);
    return 1;
  }
  if (verb !== 'list' && flags.readonly) {
    io.err("Can't run this command in readonly mode.\n");
    return 1;
  }
  const run = (state: MockState): SacctmgrCtx => {
    const ctx = new SacctmgrCtx(io, state, mockNow(state.clock, tool.realClock), flags, tool.readAnswer);
    handler(ctx, args);
    return ctx;
  };
  if (verb === 'list') return run(tool.store.read()).exitCode;
  return tool.store.transact((state) => {
    const ctx = run(state);
    return { value: ctx.exitCode, commit: ctx.changed };
  });
}
