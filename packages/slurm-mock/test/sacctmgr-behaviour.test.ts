// sacctmgr behaviour beyond the agent's argv: output modes, format= parsing, case folding, SLURM's
// error wording and exit codes, and the gaps of the Python emulator that this mock must not have.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
  h.mgr('add', 'account', 'proj', 'description="My Project"', 'organization=org');
});
afterEach(() => {
  h.cleanup();
});

const res = (stdout: string, stderr = '', exitCode = 0): object => ({ stdout, stderr, exitCode });
const pick = (r: { stdout: string; stderr: string; exitCode: number }): object => ({
  stdout: r.stdout,
  stderr: r.stderr,
  exitCode: r.exitCode,
});

describe('output modes', () => {
  it('default output: fixed-width right-aligned columns, header and dash row, trailing blank', () => {
    expect(pick(h.run('sacctmgr', 'show', 'account', 'proj'))).toEqual(
      res(
        '   Account                Descr                  Org \n' +
          '---------- -------------------- -------------------- \n' +
          '      proj           my project                  org \n',
      ),
    );
  });

  it('too-wide values are cut with "+"; %N sets the width', () => {
    h.mgr('add', 'account', 'a_very_long_account_name');
    expect(
      pick(
        h.run('sacctmgr', '-n', 'list', 'account', 'a_very_long_account_name', 'format=account,account%30'),
      ),
    ).toEqual(res('a_very_lo+       a_very_long_account_name \n'));
  });

  it('--parsable keeps a trailing "|", --parsable2 does not; -n drops the header', () => {
    expect(pick(h.run('sacctmgr', '--parsable', 'show', 'account', 'proj'))).toEqual(
      res('Account|Descr|Org|\nproj|my project|org|\n'),
    );
    expect(pick(h.run('sacctmgr', '-P', 'show', 'account', 'proj'))).toEqual(
      res('Account|Descr|Org\nproj|my project|org\n'),
    );
    expect(pick(h.run('sacctmgr', '-nP', 'show', 'account', 'proj'))).toEqual(res('proj|my project|org\n'));
    expect(pick(h.run('sacctmgr', '-n', '-p', 'show', 'account', 'proj'))).toEqual(
      res('proj|my project|org|\n'),
    );
  });

  it('format= names are case-insensitive prefixes; several format= tokens add up', () => {
    expect(
      pick(h.run('sacctmgr', '-nP', 'show', 'assoc', 'account=proj', 'FORMAT=ACCOUNT,parentn', 'format=Cl')),
    ).toEqual(res('proj|root|linux\n'));
  });

  it('an unknown format field is an error with SLURM wording, exit 1', () => {
    expect(pick(h.run('sacctmgr', '-nP', 'show', 'assoc', 'format=account,bogus'))).toEqual(
      res('', "Unknown field 'bogus'\n", 1),
    );
    expect(pick(h.run('sacctmgr', '-nP', 'list', 'account', 'format='))).toEqual(
      res('', "Unknown field ''\n", 1),
    );
  });

  it('Tree indents accounts by depth', () => {
    h.mgr('add', 'account', 'sub', 'parent=proj');
    expect(pick(h.run('sacctmgr', '-n', 'show', 'assoc', 'tree', 'format=account,user'))).toEqual(
      res(
        [
          ['root', ''],
          [' root', 'root'],
          [' proj', ''],
          ['  sub', ''],
        ]
          .map(([acct, user]) => `${(acct ?? '').padEnd(20)} ${(user ?? '').padStart(10)} \n`)
          .join(''),
      ),
    );
  });
});

describe('argument handling', () => {
  it('a quoted value arrives as one argv element and loses its quotes; account names fold to lower case', () => {
    h.mgr('add', 'account', 'MixedCase', 'description="Alpha Beta"', "organization='Org X'");
    expect(pick(h.mgr('show', 'account', 'mixedcase'))).toEqual(res('mixedcase|alpha beta|org x\n'));
    expect(pick(h.mgr('show', 'account', 'MIXEDCASE'))).toEqual(res('mixedcase|alpha beta|org x\n'));
  });

  it('text after the closing quote is dropped and stray quotes become backquotes, like strip_quotes()', () => {
    h.mgr('add', 'account', 'q1', 'description="a b"c');
    h.mgr('add', 'account', 'q2', "description=it's");
    expect(pick(h.mgr('list', 'account', 'q1,q2', 'format=account,descr'))).toEqual(res('q1|a b\nq2|it`s\n'));
  });

  it('verbs and entities take SLURM abbreviations', () => {
    expect(pick(h.run('sacctmgr', '-nP', 'sho', 'acc', 'proj'))).toEqual(res('proj|my project|org\n'));
    expect(pick(h.run('sacctmgr', '-nP', 'li', 'acc', 'proj'))).toEqual(res('', 'invalid keyword: li\n', 1));
  });

  it('an unknown option is refused with getopt wording', () => {
    expect(pick(h.run('sacctmgr', '--bogus', 'list', 'account'))).toEqual(
      res('', 'sacctmgr: unrecognized option \'--bogus\'\nTry "sacctmgr --help" for more information\n', 1),
    );
    expect(pick(h.run('sacctmgr', '-z', 'list', 'account'))).toEqual(
      res('', 'sacctmgr: invalid option -- \'z\'\nTry "sacctmgr --help" for more information\n', 1),
    );
  });

  it('an unknown entity is refused with SLURM wording', () => {
    expect(pick(h.mgr('add', 'bogus', 'x'))).toEqual(
      res(
        '',
        'No valid entity in add command\nInput line must include "Account", "Cluster", "Coordinator", "Federation", ' +
          '"QOS", "Resource", "User", or "WCKey"\n',
        1,
      ),
    );
  });

  it('unknown set options and where conditions are refused', () => {
    expect(pick(h.mgr('modify', 'account', 'proj', 'set', 'bogus=1'))).toEqual(
      res('', " Unknown option: bogus=1\n Use keyword 'where' to modify condition\n", 1),
    );
    expect(pick(h.mgr('list', 'account', 'where', 'bogus=1'))).toEqual(
      res('', " Unknown condition: bogus=1\n Use keyword 'set' to modify value\n", 1),
    );
    expect(pick(h.mgr('modify', 'account', 'proj', 'set', 'fairshare=abc'))).toEqual(
      res(
        '',
        "sacctmgr: error: Invalid value for FairShare (abc)\n Unknown option: fairshare=abc\n Use keyword 'where' to modify condition\n",
        1,
      ),
    );
  });

  it('a modify that matches nothing prints "  Nothing modified" on stdout and exits 1', () => {
    expect(pick(h.mgr('modify', 'account', 'nope', 'set', 'fairshare=10'))).toEqual(
      res(' Nothing modified\n', '', 1),
    );
    expect(
      pick(h.mgr('modify', 'user', 'nobody', 'where', 'account=proj', 'set', 'MaxTRESMins=cpu=1')),
    ).toEqual(res(' Nothing modified\n', '', 1));
    expect(pick(h.mgr('modify', 'account', 'proj', 'set'))).toEqual(
      res('', " You didn't give me anything to set\n", 1),
    );
  });

  it('remove with nothing matching → " Nothing deleted", exit 1; without conditions → refused', () => {
    expect(pick(h.mgr('remove', 'account', 'where', 'name=nope'))).toEqual(res(' Nothing deleted\n', '', 1));
    expect(pick(h.mgr('remove', 'user'))).toEqual(
      res('', ' No conditions given to remove, not executing.\n', 1),
    );
    expect(pick(h.mgr('remove', 'account', 'where', 'name=root'))).toEqual(
      res('', ' You are not allowed to remove the root account.\n Use remove cluster instead.\n', 1),
    );
  });

  it('--readonly refuses writes', () => {
    expect(pick(h.run('sacctmgr', '-r', '-i', 'add', 'account', 'x'))).toEqual(
      res('', "Can't run this command in readonly mode.\n", 1),
    );
  });

  it('without --immediate nobody answers the commit prompt: changes are discarded', () => {
    expect(pick(h.run('sacctmgr', 'add', 'account', 'x'))).toEqual(
      res(
        ' Adding Account(s)\n  x\n Settings\n  Description     = Account Name\n  Organization    = Parent/Account Name\n' +
          ' Associations\n  A = x          C = linux     \n' +
          'Would you like to commit changes? (You have 30 seconds to decide)\n(N/y): timeout\n Changes Discarded\n',
      ),
    );
    expect(pick(h.mgr('show', 'account', 'x'))).toEqual(res(''));
  });
});

describe('behave like real SLURM, not like the Python emulator', () => {
  it('add account with a missing parent= fails', () => {
    expect(pick(h.mgr('add', 'account', 'orphan', 'parent=nothere'))).toEqual(
      res('', ' error: Problem adding account associations: Invalid parent account specified\n', 1),
    );
    expect(pick(h.mgr('show', 'account', 'orphan'))).toEqual(res(''));
  });

  it('reparenting to a missing parent fails with SLURM wording', () => {
    expect(pick(h.mgr('modify', 'account', 'where', 'name=proj', 'set', 'parent=nothere'))).toEqual(
      res('', " Parent Account nothere doesn't exist.\n", 1),
    );
  });

  it('`where accounts=` and `where account=` are honoured', () => {
    h.mgr('add', 'account', 'other');
    expect(pick(h.mgr('show', 'association', 'format=account', 'where', 'accounts=proj'))).toEqual(
      res('proj\n'),
    );
    expect(pick(h.mgr('show', 'association', 'format=account', 'where', 'account=other'))).toEqual(
      res('other\n'),
    );
  });

  it("removing an account removes its association rows (and its users' rows)", () => {
    h.mgr('add', 'user', 'u1', 'account=proj');
    h.mgr('remove', 'account', 'where', 'name=proj');
    expect(pick(h.mgr('show', 'association', 'format=account,user'))).toEqual(res('root|\nroot|root\n'));
  });

  it('user associations inherit Max* limits and QOS from the account unless WOPLimits', () => {
    h.mgr('add', 'user', 'u1', 'account=proj');
    h.mgr('modify', 'account', 'proj', 'set', 'MaxTRESMins=cpu=100,mem=2048', 'GrpTRESMins=cpu=1000');
    h.mgr('modify', 'user', 'u1', 'where', 'account=proj', 'set', 'MaxTRESMins=cpu=5');
    expect(
      pick(h.mgr('show', 'assoc', 'where', 'account=proj', 'format=user,maxtresmins,grptresmins,qos')),
    ).toEqual(res('|cpu=100,mem=2G|cpu=1000|normal\nu1|cpu=5,mem=2G||normal\n'));
    expect(
      pick(h.mgr('show', 'assoc', 'where', 'account=proj', 'WOPLimits', 'format=user,maxtresmins,qos')),
    ).toEqual(res('|cpu=100,mem=2G|\nu1|cpu=5|\n'));
  });

  it('removing associations with active jobs is refused (stderr, exit 0, nothing removed — as sacctmgr does)', () => {
    h.mgr('add', 'user', 'u1', 'account=proj');
    h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'u1');
    expect(pick(h.mgr('remove', 'account', 'where', 'name=proj'))).toEqual(
      res(
        '',
        ' Error with request: Job(s) active, cancel job(s) before remove\n  JobID = 1          C = linux      A = proj       U = u1       \n',
      ),
    );
    expect(pick(h.mgr('show', 'account', 'proj'))).toEqual(res('proj|my project|org\n'));
  });

  it('RawUsage only accepts 0', () => {
    expect(pick(h.mgr('modify', 'account', 'proj', 'cluster=linux', 'set', 'RawUsage=5'))).toEqual(
      res('', 'sacctmgr: error: Raw usage can only be set to 0 (zero)\n', 1),
    );
  });

  it('a QOS that does not exist is refused', () => {
    expect(pick(h.mgr('modify', 'account', 'proj', 'set', 'qos+=ghost'))).toEqual(
      res(
        '',
        "sacctmgr: error: You gave a bad qos 'ghost'.  Use 'list qos' to get complete list.\n Unknown option: qos+=ghost\n" +
          " Use keyword 'where' to modify condition\n",
        1,
      ),
    );
  });

  it('qos-= removes one QOS, defaultqos outside the QOS list is refused', () => {
    h.mgr('add', 'qos', 'extra');
    h.mgr('modify', 'account', 'proj', 'set', 'qos+=extra');
    h.mgr('modify', 'account', 'proj', 'set', 'qos-=normal');
    expect(pick(h.mgr('show', 'assoc', 'where', 'account=proj', 'format=qos'))).toEqual(res('extra\n'));
    expect(pick(h.mgr('modify', 'account', 'proj', 'set', 'defaultqos=normal'))).toEqual(
      res('', ' Error with request: Invalid qos specification\n', 1),
    );
  });
});
