// `sacctmgr list|show <entity> [where ...] [format=...]` for accounts, associations, users, QOS, TRES and
// clusters, honouring every filter the agent sends (`where accounts=`, `account=`, `user=`, `cluster=`).
import { matchesKeyword, parseOptionToken } from '../keyword.js';
import type { AssocRec } from '../state-types.js';
import { addToCharList, stripQuotes } from '../strip-quotes.js';
import { tresLabel } from '../tres.js';
import {
  type AssocCond,
  assocMatches,
  emptyAssocCond,
  parseAssocCond,
  unknownCondition,
} from './assoc-options.js';
import { AssocView, parentAssoc, treeOrder } from './assoc-view.js';
import { accountValue, assocValue, clusterValue, qosValue, tresValue, userValue } from './field-values.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';
import {
  ACCOUNT_WITH_ASSOC,
  ASSOC_DEFAULT,
  CLUSTER_DEFAULT,
  condHasAssoc,
  fields,
  printRows,
  QOS_DEFAULT,
  USER_WITH_ASSOC,
} from './list-output.js';

const isWhere = (t: string): boolean => t.toLowerCase() === 'where';
const isSet = (t: string): boolean => t.toLowerCase() === 'set';
const bareFlag = (t: string, full: string, min: number): boolean =>
  !t.includes('=') && matchesKeyword(t, full, min);

export function listAccounts(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  const descriptions: string[] = [];
  const orgs: string[] = [];
  const format: string[] = [];
  const cond = emptyAssocCond();
  let withAssoc = ctx.flags.withAssoc;
  let woPLimits = false;
  let namesSet = false;
  for (const raw of args) {
    const tok = parseOptionToken(raw);
    if (isSet(raw) || isWhere(raw)) continue;
    if (bareFlag(raw, 'WithAssoc', 5)) withAssoc = true;
    else if (
      bareFlag(raw, 'WithCoordinators', 5) ||
      bareFlag(raw, 'WithDeleted', 5) ||
      bareFlag(raw, 'WithRawQOSLevel', 5)
    ) {
      // accepted, nothing to show differently
    } else if (bareFlag(raw, 'WOPLimits', 4)) woPLimits = true;
    else if (
      !tok.hasValue ||
      matchesKeyword(tok.key, 'Names', 1) ||
      matchesKeyword(tok.key, 'Accounts', 1) ||
      matchesKeyword(tok.key, 'Acct', 4)
    ) {
      addToCharList(names, tok.hasValue ? tok.value : raw);
      namesSet = true;
    } else if (matchesKeyword(tok.key, 'Descriptions', 1)) descriptions.push(stripQuotes(tok.value, true));
    else if (matchesKeyword(tok.key, 'Format', 1)) addToCharList(format, tok.value);
    else if (matchesKeyword(tok.key, 'Organizations', 1)) addToCharList(orgs, tok.value);
    else if (!parseAssocCond(tok, cond)) unknownCondition(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  if (!withAssoc && condHasAssoc(cond)) {
    if (
      !ctx.confirm(
        'You requested options that are only valid when querying with the withassoc option.\nAre you sure you want to continue?',
      )
    ) {
      ctx.out('Aborted\n');
      return;
    }
  }
  const view = new AssocView(ctx.state);
  const accounts = ctx.state.accounts
    .filter((a) => !namesSet || names.includes(a.name))
    .filter((a) => descriptions.length === 0 || descriptions.includes(a.description))
    .filter((a) => orgs.length === 0 || orgs.includes(a.organization))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const assocCond: AssocCond = { ...cond, accounts: accounts.map((a) => a.name) };
  const matching = condHasAssoc(cond)
    ? accounts.filter((acct) =>
        ctx.state.associations.some((a) => a.account === acct.name && assocMatches(a, assocCond, view)),
      )
    : accounts;
  if (!withAssoc) {
    printRows(
      ctx,
      format,
      fields(['account', 'descr', 'org']),
      (f) => (acct: (typeof accounts)[number]) => accountValue(f.id, acct) ?? '',
      matching,
    );
    return;
  }
  const ordered = treeOrder(ctx.state);
  const rows: { acct: (typeof accounts)[number]; assoc: AssocRec }[] = [];
  for (const acct of matching) {
    for (const a of ordered) {
      if (a.account === acct.name && assocMatches(a, assocCond, view)) rows.push({ acct, assoc: a });
    }
  }
  printRows(
    ctx,
    format,
    fields(['account', 'descr', 'org', ...ACCOUNT_WITH_ASSOC]),
    (f) => (r: (typeof rows)[number]) =>
      accountValue(f.id, r.acct) ??
      assocValue(f.id, ctx.state, r.assoc, woPLimits ? AssocView.own(r.assoc) : view.effective(r.assoc)),
    rows,
  );
}

export function listAssociations(ctx: SacctmgrCtx, args: readonly string[]): void {
  const format: string[] = [];
  const cond = emptyAssocCond();
  let tree = false;
  let woPInfo = false;
  let woPLimits = false;
  let onlyDefaults = false;
  let withSub = false;
  for (const raw of args) {
    const tok = parseOptionToken(raw);
    if (isSet(raw) || isWhere(raw)) continue;
    if (bareFlag(raw, 'Tree', 4)) tree = true;
    else if (bareFlag(raw, 'WithDeleted', 5)) {
      // nothing is ever soft-deleted here
    } else if (bareFlag(raw, 'WithSubAccounts', 5)) withSub = true;
    else if (bareFlag(raw, 'WOPInfo', 4)) woPInfo = true;
    else if (bareFlag(raw, 'WOPLimits', 4)) woPLimits = true;
    else if (bareFlag(raw, 'OnlyDefaults', 4)) onlyDefaults = true;
    else if (tok.hasValue && matchesKeyword(tok.key, 'Format', 1)) addToCharList(format, tok.value);
    else if (!parseAssocCond(tok, cond)) unknownCondition(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  const view = new AssocView(ctx.state);
  let effectiveCond = cond;
  if (withSub && cond.accounts !== null) {
    const all = new Set(cond.accounts);
    let grew = true;
    while (grew) {
      grew = false;
      for (const a of ctx.state.associations) {
        if (a.user === '' && all.has(a.parentAccount) && !all.has(a.account)) {
          all.add(a.account);
          grew = true;
        }
      }
    }
    effectiveCond = { ...cond, accounts: [...all] };
  }
  const rows = treeOrder(ctx.state).filter((a) => {
    if (!assocMatches(a, effectiveCond, view)) return false;
    if (!onlyDefaults) return true;
    const user = ctx.state.users.find((u) => u.name === a.user);
    return user?.defaultAccount === a.account;
  });
  const depth = (a: AssocRec): number => {
    let d = 0;
    for (let p = parentAssoc(ctx.state, a); p !== undefined && d < 64; p = parentAssoc(ctx.state, p)) d++;
    return d;
  };
  const defaults = fields(ASSOC_DEFAULT);
  if (tree) {
    const acc = defaults.find((x) => x.id === 'account');
    if (acc !== undefined) acc.len = -20;
  }
  printRows(
    ctx,
    format,
    defaults,
    (f) => (a: AssocRec) => {
      const v = assocValue(f.id, ctx.state, a, woPLimits ? AssocView.own(a) : view.effective(a), woPInfo);
      return tree && f.id === 'account' ? `${' '.repeat(depth(a))}${v}` : v;
    },
    rows,
    tree,
  );
}

export function listUsers(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  const defaultAccounts: string[] = [];
  const adminLevels: string[] = [];
  const format: string[] = [];
  const cond = emptyAssocCond();
  let withAssoc = ctx.flags.withAssoc;
  let woPLimits = false;
  let namesSet = false;
  for (const raw of args) {
    const tok = parseOptionToken(raw);
    if (isSet(raw) || isWhere(raw)) continue;
    if (bareFlag(raw, 'WithAssoc', 5)) withAssoc = true;
    else if (
      bareFlag(raw, 'WithCoordinators', 5) ||
      bareFlag(raw, 'WithDeleted', 5) ||
      bareFlag(raw, 'WithRawQOSLevel', 5)
    ) {
      // accepted
    } else if (bareFlag(raw, 'WOPLimits', 4)) woPLimits = true;
    else if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1) || matchesKeyword(tok.key, 'Users', 1)) {
      addToCharList(names, tok.hasValue ? tok.value : raw);
      namesSet = true;
    } else if (matchesKeyword(tok.key, 'AdminLevel', 2)) addToCharList(adminLevels, tok.value);
    else if (matchesKeyword(tok.key, 'DefaultAccount', 8)) addToCharList(defaultAccounts, tok.value);
    else if (matchesKeyword(tok.key, 'Format', 1)) addToCharList(format, tok.value);
    else if (!parseAssocCond(tok, cond)) unknownCondition(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  const view = new AssocView(ctx.state);
  const users = ctx.state.users
    .filter((u) => !namesSet || names.includes(u.name))
    .filter((u) => defaultAccounts.length === 0 || defaultAccounts.includes(u.defaultAccount))
    .filter((u) => adminLevels.length === 0 || adminLevels.includes(u.adminLevel.toLowerCase()))
    .filter(
      (u) =>
        !condHasAssoc(cond) ||
        ctx.state.associations.some((a) => a.user === u.name && assocMatches(a, cond, view)),
    )
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  if (!withAssoc) {
    printRows(
      ctx,
      format,
      fields(['user', 'defAcct', 'admin']),
      (f) => (u: (typeof users)[number]) => userValue(f.id, u) ?? '',
      users,
    );
    return;
  }
  const ordered = treeOrder(ctx.state);
  const rows: { user: (typeof users)[number]; assoc: AssocRec }[] = [];
  for (const user of users) {
    for (const a of ordered)
      if (a.user === user.name && assocMatches(a, cond, view)) rows.push({ user, assoc: a });
  }
  printRows(
    ctx,
    format,
    fields(['user', 'defAcct', 'admin', ...USER_WITH_ASSOC]),
    (f) => (r: (typeof rows)[number]) =>
      userValue(f.id, r.user) ??
      assocValue(f.id, ctx.state, r.assoc, woPLimits ? AssocView.own(r.assoc) : view.effective(r.assoc)),
    rows,
  );
}

export function listQos(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  const descriptions: string[] = [];
  const ids: number[] = [];
  const format: string[] = [];
  let namesSet = false;
  for (const raw of args) {
    const tok = parseOptionToken(raw);
    if (isSet(raw) || isWhere(raw)) continue;
    if (bareFlag(raw, 'WithDeleted', 5)) continue;
    if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1)) {
      addToCharList(names, tok.hasValue ? tok.value : raw);
      namesSet = true;
    } else if (matchesKeyword(tok.key, 'Descriptions', 1)) descriptions.push(stripQuotes(tok.value, true));
    else if (matchesKeyword(tok.key, 'Format', 1)) addToCharList(format, tok.value);
    else if (matchesKeyword(tok.key, 'IDs', 1))
      ids.push(...stripQuotes(tok.value, true).split(',').map(Number));
    else unknownCondition(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  const rows = ctx.state.qos
    .filter((q) => !namesSet || names.includes(q.name))
    .filter((q) => descriptions.length === 0 || descriptions.includes(q.description))
    .filter((q) => ids.length === 0 || ids.includes(q.id))
    .sort((x, y) => x.id - y.id);
  printRows(
    ctx,
    format,
    fields(QOS_DEFAULT),
    (f) => (q: (typeof rows)[number]) => qosValue(f.id, ctx.state, q),
    rows,
  );
}

export function listTres(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  const types: string[] = [];
  const ids: number[] = [];
  const format: string[] = [];
  for (const raw of args) {
    const tok = parseOptionToken(raw);
    if (isSet(raw) || isWhere(raw)) continue;
    if (bareFlag(raw, 'WithDeleted', 5)) continue;
    if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1))
      addToCharList(names, tok.hasValue ? tok.value : raw);
    else if (matchesKeyword(tok.key, 'Types', 1)) addToCharList(types, tok.value);
    else if (matchesKeyword(tok.key, 'IDs', 1))
      ids.push(...stripQuotes(tok.value, true).split(',').map(Number));
    else if (matchesKeyword(tok.key, 'Format', 1)) addToCharList(format, tok.value);
    else unknownCondition(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  const rows = ctx.state.tres
    .filter((t) => names.length === 0 || names.includes(t.name) || names.includes(tresLabel(t)))
    .filter((t) => types.length === 0 || types.includes(t.type))
    .filter((t) => ids.length === 0 || ids.includes(t.id))
    .sort((x, y) => x.id - y.id);
  printRows(
    ctx,
    format,
    fields(['type', ['name', 15], 'id']),
    (f) => (t: (typeof rows)[number]) => tresValue(f.id, t),
    rows,
  );
}

export function listClusters(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  const format: string[] = [];
  let namesSet = false;
  for (const raw of args) {
    const tok = parseOptionToken(raw);
    if (isSet(raw) || isWhere(raw)) continue;
    if (bareFlag(raw, 'WOLimits', 3) || bareFlag(raw, 'WithDeleted', 5) || bareFlag(raw, 'WithFed', 5))
      continue;
    if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1) || matchesKeyword(tok.key, 'Clusters', 1)) {
      addToCharList(names, tok.hasValue ? tok.value : raw);
      namesSet = true;
    } else if (matchesKeyword(tok.key, 'Format', 1)) addToCharList(format, tok.value);
    else unknownCondition(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  const view = new AssocView(ctx.state);
  const rows = ctx.state.clusters
    .filter((c) => !namesSet || names.includes(c.name))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  printRows(
    ctx,
    format,
    fields(CLUSTER_DEFAULT),
    (f) => (c: (typeof rows)[number]) => {
      const own = clusterValue(f.id, c);
      if (own !== undefined) return own;
      const root = ctx.state.associations.find(
        (a) => a.cluster === c.name && a.account === 'root' && a.user === '',
      );
      return root === undefined ? '' : assocValue(f.id, ctx.state, root, view.effective(root));
    },
    rows,
  );
}
