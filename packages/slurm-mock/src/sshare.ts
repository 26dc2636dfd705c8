// sshare (simplified): the association tree with raw shares, normalised shares, raw usage (billing
// TRES-seconds of jobs since the last `RawUsage=0`, no decay) and the classic fair-share factor.
import { getoptLong, type LongOption } from './getopt.js';
import { mockNow } from './mock-clock.js';
import { type ParsableMode, renderTable } from './print-fields.js';
import { parentAssoc, subtree, treeOrder } from './sacctmgr/assoc-view.js';
import type { AssocRec, MockState } from './state-types.js';
import { addToCharList } from './strip-quotes.js';
import { SLURM_VERSION, type ToolContext } from './tool-context.js';

const LONG: readonly LongOption[] = [
  { name: 'accounts', arg: 'required', id: 'A' },
  { name: 'all', arg: 'none', id: 'a' },
  { name: 'clusters', arg: 'required', id: 'M' },
  { name: 'help', arg: 'none', id: 'h' },
  { name: 'long', arg: 'none', id: 'l' },
  { name: 'noheader', arg: 'none', id: 'n' },
  { name: 'parsable', arg: 'none', id: 'p' },
  { name: 'parsable2', arg: 'none', id: 'P' },
  { name: 'usage', arg: 'none', id: 'h' },
  { name: 'users', arg: 'required', id: 'u' },
  { name: 'Users', arg: 'none', id: 'U' },
  { name: 'verbose', arg: 'none', id: 'v' },
  { name: 'version', arg: 'none', id: 'V' },
];

function rawUsage(state: MockState, a: AssocRec, now: Date): number {
  const scope = a.user === '' ? subtree(state, a) : [a];
  let total = 0;
  for (const j of state.jobs) {
    if (j.start === null || j.cluster !== a.cluster) continue;
    const own = scope.find((s) => s.account === j.account && (s.user === '' ? false : s.user === j.user));
    if (own === undefined) continue;
    const from = Math.max(
      new Date(j.start).getTime(),
      own.usageResetAt === null ? 0 : new Date(own.usageResetAt).getTime(),
    );
    const to = j.end === null ? now.getTime() : new Date(j.end).getTime();
    if (to > from) total += ((j.reqTres['5'] ?? j.cpus) * (to - from)) / 1000;
  }
  return Math.floor(total);
}

export function sshareMain(argv: readonly string[], tool: ToolContext): number {
  const { io } = tool;
  const parsed = getoptLong('sshare', argv, 'aA:hlM:nPpu:UvV', LONG);
  if (!parsed.ok) {
    io.err(`${parsed.error}Try "sshare --help" for more information\n`);
    return 1;
  }
  let parsable: ParsableMode = 'none';
  let header = true;
  let all = false;
  let usersOnly = false;
  const accounts: string[] = [];
  const users: string[] = [];
  for (const o of parsed.opts) {
    if (o.id === 'V') {
      io.out(`slurm ${SLURM_VERSION}\n`);
      return 0;
    }
    if (o.id === 'h') {
      io.out('Usage: sshare [-a] [-A accounts] [-u users] [-U] [-n] [-p|-P] [-V]\n');
      return 0;
    }
    if (o.id === 'a') all = true;
    if (o.id === 'A') addToCharList(accounts, o.arg ?? '');
    if (o.id === 'u') addToCharList(users, o.arg ?? '');
    if (o.id === 'U') usersOnly = true;
    if (o.id === 'n') header = false;
    if (o.id === 'p') parsable = 'ending';
    if (o.id === 'P') parsable = 'no-ending';
  }
  const state = tool.store.read();
  const now = mockNow(state.clock, tool.realClock);
  const ordered = treeOrder(state).filter((a) => a.cluster === state.localCluster && a.partition === '');
  const root = ordered.find((a) => a.account === 'root' && a.user === '');
  const rootUsage = root === undefined ? 0 : rawUsage(state, root, now);
  const shares = (a: AssocRec): number => (a.shares === 'parent' ? 0 : a.shares);
  const siblings = (a: AssocRec): AssocRec[] => {
    const p = parentAssoc(state, a);
    return ordered.filter((x) => {
      const xp = parentAssoc(state, x);
      return p !== undefined && xp?.id === p.id;
    });
  };
  const depth = (a: AssocRec): number => {
    let d = 0;
    for (let p = parentAssoc(state, a); p !== undefined && d < 64; p = parentAssoc(state, p)) d++;
    return d;
  };
  const rows = ordered
    .filter((a) => accounts.length === 0 || accounts.includes(a.account))
    .filter((a) => (a.user === '' ? !usersOnly : all || users.includes(a.user)))
    .map((a) => {
      const isRoot = a === root;
      const total = siblings(a).reduce((n, s) => n + shares(s), 0);
      const norm = isRoot ? 1 : total === 0 ? 0 : shares(a) / total;
      const usage = rawUsage(state, a, now);
      const eff = rootUsage === 0 ? 0 : usage / rootUsage;
      const fairShare = a.user === '' ? '' : norm === 0 ? '0.000000' : (2 ** (-eff / norm)).toFixed(6);
      return [
        `${' '.repeat(depth(a))}${a.account}`,
        a.user,
        isRoot ? '' : a.shares === 'parent' ? 'parent' : String(a.shares),
        norm.toFixed(6),
        String(usage),
        eff.toFixed(6),
        fairShare,
      ];
    });
  io.out(
    renderTable(
      [
        { header: 'Account', len: -20 },
        { header: 'User', len: 10 },
        { header: 'RawShares', len: 10 },
        { header: 'NormShares', len: 11 },
        { header: 'RawUsage', len: 11 },
        { header: 'EffectvUsage', len: 13 },
        { header: 'FairShare', len: 10 },
      ],
      rows,
      { parsable, header },
    ),
  );
  return 0;
}
