// Bad input must be refused SLURM-style (message, non-zero exit) and leave the state file byte-identical.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolName } from '../src/index.js';
import { createHarness, type Harness, MGR } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
  h.mgr('add', 'account', 'proj', 'description="My Project"');
  h.mgr('add', 'user', 'alice', 'account=proj');
});
afterEach(() => {
  h.cleanup();
});

const cases: [label: string, tool: ToolName, argv: string[], stderr: string][] = [
  ['unknown entity', 'sacctmgr', [...MGR, 'add', 'bogus', 'x'], 'No valid entity in add command\n'],
  ['unknown verb', 'sacctmgr', [...MGR, 'frobnicate', 'account', 'x'], 'invalid keyword: frobnicate\n'],
  [
    'unknown option in add',
    'sacctmgr',
    [...MGR, 'add', 'account', 'x', 'bogus=1'],
    ' Unknown option: bogus=1\n',
  ],
  [
    'unknown option in set',
    'sacctmgr',
    [...MGR, 'modify', 'account', 'proj', 'set', 'colour=red'],
    ' Unknown option: colour=red\n',
  ],
  [
    'unknown condition',
    'sacctmgr',
    [...MGR, 'remove', 'user', 'where', 'colour=red'],
    ' Unknown condition: colour=red\n',
  ],
  [
    'unknown flag',
    'sacctmgr',
    ['--frob', ...MGR, 'add', 'account', 'x'],
    "sacctmgr: unrecognized option '--frob'\n",
  ],
  ['malformed format=', 'sacctmgr', [...MGR, 'list', 'assoc', 'format=account,,user'], "Unknown field ''\n"],
  [
    'bad TRES name',
    'sacctmgr',
    [...MGR, 'modify', 'account', 'proj', 'set', 'GrpTRESMins=cpus=10'],
    "sacctmgr: error: not a valid tres type 'cpus'\n",
  ],
  [
    'bad TRES value',
    'sacctmgr',
    [...MGR, 'modify', 'account', 'proj', 'set', 'GrpTRES=cpu=ten'],
    "sacctmgr: error: Invalid TRES value 'ten' for cpu\n",
  ],
  [
    'quote in a name',
    'sacctmgr',
    [...MGR, 'add', 'account', 'pr"oj2'],
    " error: Invalid account name 'pr`oj2'",
  ],
  [
    'space in a name',
    'sacctmgr',
    [...MGR, 'add', 'user', 'bob smith', 'account=proj'],
    " error: Invalid user name 'bob smith'",
  ],
  [
    'semicolon in a name',
    'sacctmgr',
    [...MGR, 'add', 'account', 'x;rm'],
    " error: Invalid account name 'x;rm'",
  ],
  [
    'newline in a name',
    'sacctmgr',
    [...MGR, 'add', 'account', 'x\ny'],
    " error: Invalid account name 'x\\ny'",
  ],
  [
    'newline in a description',
    'sacctmgr',
    [...MGR, 'add', 'account', 'x', 'description="a\nb"'],
    " error: Invalid description 'a\\nb'",
  ],
  [
    'semicolon in a description',
    'sacctmgr',
    [...MGR, 'modify', 'account', 'proj', 'set', 'description="a;b"'],
    " error: Invalid description 'a;b'",
  ],
  [
    'pipe in an organization',
    'sacctmgr',
    [...MGR, 'add', 'account', 'x', 'organization=a|b'],
    " error: Invalid organization 'a|b'",
  ],
  [
    'bad qos flag',
    'sacctmgr',
    [...MGR, 'modify', 'qos', 'normal', 'set', 'flags=Sparkly'],
    "sacctmgr: error: Unknown QOS flag 'Sparkly'\n",
  ],
  [
    'bad MaxWall',
    'sacctmgr',
    [...MGR, 'modify', 'account', 'proj', 'set', 'MaxWall=soon'],
    ' Bad MaxWall time format: MaxWall\n',
  ],
  ['sacct unknown field', 'sacct', ['--format=Account,Bogus'], 'Invalid field requested: "Bogus"\n'],
  [
    'sacct bad time',
    'sacct',
    ['--starttime=yesterdayish'],
    'sacct: error: Invalid time specification (pos=0): yesterdayish\n',
  ],
  ['scancel without a job', 'scancel', ['-f'], 'scancel: error: No job identification provided\n'],
  [
    'scancel unknown job',
    'scancel',
    ['4242'],
    'scancel: error: Kill job error on job id 4242: Invalid job id specified\n',
  ],
  [
    'control: bad duration',
    'slurm-mock',
    ['clock', 'advance', 'tomorrow'],
    "slurm-mock: error: bad duration 'tomorrow'\n",
  ],
  [
    'control: usage for a bad user',
    'slurm-mock',
    ['usage', 'inject', '--account', 'proj', '--user', 'a b', '--node-hours', '1'],
    "slurm-mock: error: Invalid user name 'a b'",
  ],
  [
    'control: job without association',
    'slurm-mock',
    ['job', 'create', '--account', 'proj', '--user', 'zed'],
    'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified\n',
  ],
];

describe('bad input leaves the state file byte-identical', () => {
  it.each(cases)('%s', (_label, tool, argv, stderr) => {
    const before = h.stateText();
    const r = h.run(tool, ...argv);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.startsWith(stderr)).toBe(true);
    expect(h.stateText()).toBe(before);
  });
});
