// `sacctmgr add|modify|remove user`: user records and user associations (per account, cluster and
// partition) with their limits (MaxTRESMins, QOS, fairshare), as the agent creates and removes them.
import { matchesKeyword, parseOptionToken } from '../keyword.js';
import { checkName } from '../name-validation.js';
import { newAssoc } from '../initial-state.js';
import type { AdminLevel, AssocRec } from '../state-types.js';
import { addToCharList, stripQuotes } from '../strip-quotes.js';
import { checkDefaultQos } from './default-qos-check.js';
import { resetRawUsage } from './raw-usage-reset.js';
import {
  type AssocCond,
  applyAssocPatch,
  assocMatches,
  emptyAssocCond,
  emptyPatch,
  findClusterProblem,
  getUint,
  parseAssocCond,
  parseAssocRec,
  unknownCondition,
  unknownOption,
} from './assoc-options.js';
import { accountAssoc, AssocView, treeOrder } from './assoc-view.js';
import {
  activeJobsOn,
  assocLimitsText,
  cleanupUsers,
  fit,
  jobsActiveError,
  modifiedAssocLine,
  removedAssocLine,
} from './messages.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

const isWhere = (t: string): boolean => t.toLowerCase() === 'where';
const isSet = (t: string): boolean => t.toLowerCase() === 'set';
const ADMIN_LEVELS: readonly AdminLevel[] = ['None', 'Operator', 'Administrator'];

function parseAdminLevel(value: string): AdminLevel | undefined {
  const v = stripQuotes(value, true);
  return ADMIN_LEVELS.find((l) => v.length > 0 && l.toLowerCase().startsWith(v));
}

export function addUser(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  const accounts: string[] = [];
  const clusters: string[] = [];
  const partitions: string[] = [];
  let defaultAccount: string | undefined;
  let adminLevel: AdminLevel | undefined;
  const patch = emptyPatch();
  let limitSet = false;
  for (const raw of args) {
    if (isWhere(raw) || isSet(raw)) continue;
    const tok = parseOptionToken(raw);
    if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1) || matchesKeyword(tok.key, 'Users', 1)) {
      addToCharList(names, tok.hasValue ? tok.value : raw);
    } else if (matchesKeyword(tok.key, 'Accounts', 2) || matchesKeyword(tok.key, 'Acct', 4)) {
      addToCharList(accounts, tok.value);
    } else if (matchesKeyword(tok.key, 'AdminLevel', 2)) {
      adminLevel = parseAdminLevel(tok.value);
      if (adminLevel === undefined) ctx.fail(` Unknown admin level '${tok.value}'\n`);
    } else if (matchesKeyword(tok.key, 'Clusters', 1)) addToCharList(clusters, tok.value);
    else if (matchesKeyword(tok.key, 'DefaultAccount', 8)) defaultAccount = stripQuotes(tok.value, true);
    else if (matchesKeyword(tok.key, 'DefaultWCKey', 8)) {
      // WCKeys are not tracked
    } else if (matchesKeyword(tok.key, 'Partitions', 4)) addToCharList(partitions, tok.value);
    else {
      const r = parseAssocRec(ctx, tok, patch);
      if (r === 'ok' && patch.parent === undefined) limitSet = true;
      else unknownOption(ctx, raw);
    }
  }
  if (ctx.exitCode !== 0) return;
  if (names.length === 0) {
    ctx.fail(' Need name of user to add.\n');
    return;
  }
  if (accounts.length === 0) {
    if (defaultAccount === undefined) {
      ctx.fail(' Need name of account to add user to.\n');
      return;
    }
    accounts.push(defaultAccount);
  }
  const problems = [
    ...names.map((n) => checkName('user', n)),
    ...accounts.map((a) => checkName('account', a)),
    ...clusters.map((c) => checkName('cluster', c)),
    ...partitions.map((p) => checkName('partition', p)),
    defaultAccount === undefined ? null : checkName('account', defaultAccount),
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) {
    ctx.fail(`${problems.join('\n')}\n`);
    return;
  }
  const clusterProblem = findClusterProblem(ctx.state, clusters);
  if (clusterProblem !== null) {
    ctx.fail(clusterProblem);
    return;
  }
  const targetClusters = clusters.length > 0 ? clusters : ctx.state.clusters.map((c) => c.name);
  const invalidAccount =
    accounts.some((acct) => targetClusters.some((cl) => accountAssoc(ctx.state, cl, acct) === undefined)) ||
    (defaultAccount !== undefined && !ctx.state.accounts.some((a) => a.name === defaultAccount));
  if (invalidAccount) {
    ctx.fail(
      ' error: Problem adding user associations: Invalid account or account/partition combination specified\n',
    );
    return;
  }
  const newUsers: string[] = [];
  const newAssocs: AssocRec[] = [];
  const view = new AssocView(ctx.state);
  const firstAccount = accounts[0] ?? '';
  for (const name of names) {
    if (!ctx.state.users.some((u) => u.name === name)) {
      ctx.state.users.push({
        name,
        defaultAccount: defaultAccount ?? firstAccount,
        adminLevel: adminLevel ?? 'None',
      });
      newUsers.push(name);
    }
    for (const account of accounts) {
      for (const cluster of targetClusters) {
        for (const partition of partitions.length > 0 ? partitions : ['']) {
          const exists = ctx.state.associations.some(
            (a) =>
              a.cluster === cluster && a.account === account && a.user === name && a.partition === partition,
          );
          if (exists) continue;
          const a = newAssoc({
            id: ctx.state.nextAssocId++,
            cluster,
            account,
            user: name,
            partition,
            parentAccount: account,
          });
          applyAssocPatch(a, patch, view);
          ctx.state.associations.push(a);
          newAssocs.push(a);
        }
      }
    }
  }
  if (newUsers.length === 0 && newAssocs.length === 0) {
    ctx.out(' Data has not changed since time specified');
    return;
  }
  let text = '';
  if (newUsers.length > 0) {
    text += ` Adding User(s)\n${newUsers.map((n) => `  ${n}\n`).join('')}`;
    text += ` Settings =\n  Default Account = ${defaultAccount ?? firstAccount}\n`;
    if (adminLevel !== undefined) text += `  Admin Level     = ${adminLevel}\n`;
  }
  if (newAssocs.length > 0) {
    text += ` Associations =\n${newAssocs
      .map(
        (a) =>
          `  U = ${fit(a.user, 9)} A = ${fit(a.account, 10)} C = ${fit(a.cluster, 10)}` +
          `${a.partition === '' ? '' : ` P = ${fit(a.partition, 10)}`}\n`,
      )
      .join('')}`;
  }
  if (limitSet) text += ` Non Default Settings\n${assocLimitsText(patch, ctx.state)}`;
  ctx.out(text);
  ctx.commitOrDiscard();
}

interface UserCond {
  cond: AssocCond;
  defaultAccounts: string[];
  userSet: boolean;
  assocSet: boolean;
}

function parseUserCondToken(ctx: SacctmgrCtx, raw: string, c: UserCond): void {
  const tok = parseOptionToken(raw);
  if (
    !tok.hasValue &&
    (matchesKeyword(raw, 'WithAssoc', 5) ||
      matchesKeyword(raw, 'WithCoordinators', 5) ||
      matchesKeyword(raw, 'WOPLimits', 4))
  )
    return;
  if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1) || matchesKeyword(tok.key, 'Users', 1)) {
    c.cond.users = c.cond.users ?? [];
    addToCharList(c.cond.users, tok.hasValue ? tok.value : raw);
    c.userSet = true;
  } else if (matchesKeyword(tok.key, 'AdminLevel', 2)) {
    c.userSet = true;
  } else if (matchesKeyword(tok.key, 'DefaultAccount', 8)) {
    addToCharList(c.defaultAccounts, tok.value);
    c.userSet = true;
  } else if (matchesKeyword(tok.key, 'Format', 1)) {
    // ignored by modify/remove
  } else if (parseAssocCond(tok, c.cond)) {
    c.assocSet = true;
  } else {
    unknownCondition(ctx, raw);
  }
}

function userAssocsMatching(ctx: SacctmgrCtx, c: UserCond): AssocRec[] {
  const view = new AssocView(ctx.state);
  return treeOrder(ctx.state).filter(
    (a) =>
      a.user !== '' &&
      assocMatches(a, c.cond, view) &&
      (c.defaultAccounts.length === 0 ||
        c.defaultAccounts.includes(ctx.state.users.find((u) => u.name === a.user)?.defaultAccount ?? '')),
  );
}

export function modifyUser(ctx: SacctmgrCtx, args: readonly string[]): void {
  const c: UserCond = { cond: emptyAssocCond(), defaultAccounts: [], userSet: false, assocSet: false };
  const patch = emptyPatch();
  let newDefault: string | undefined;
  let newAdmin: AdminLevel | undefined;
  let recUser = false;
  let recAssoc = false;
  let rawUsage: number | null | undefined;
  let mode: 'cond' | 'rec' = 'cond';
  for (const raw of args) {
    if (isWhere(raw)) {
      mode = 'cond';
      continue;
    }
    if (isSet(raw)) {
      mode = 'rec';
      continue;
    }
    if (mode === 'cond') {
      parseUserCondToken(ctx, raw, c);
      continue;
    }
    const tok = parseOptionToken(raw);
    if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1) || matchesKeyword(tok.key, 'Users', 1)) {
      ctx.fail(" Can't modify the name of a user\n");
    } else if (matchesKeyword(tok.key, 'AdminLevel', 2)) {
      newAdmin = parseAdminLevel(tok.value);
      if (newAdmin === undefined) ctx.fail(` Unknown admin level '${tok.value}'\n`);
      recUser = true;
    } else if (matchesKeyword(tok.key, 'DefaultAccount', 8)) {
      newDefault = stripQuotes(tok.value, true);
      recUser = true;
    } else if (matchesKeyword(tok.key, 'RawUsage', 7)) {
      const r = getUint(ctx, tok.value, 'RawUsage');
      if (r.ok) {
        rawUsage = r.value;
        recAssoc = true;
      } else unknownOption(ctx, raw);
    } else {
      const r = parseAssocRec(ctx, tok, patch);
      if (r === 'ok' && patch.parent === undefined) recAssoc = true;
      else unknownOption(ctx, raw);
    }
  }
  if (ctx.exitCode !== 0) return;
  if (!recUser && !recAssoc) {
    ctx.fail(" You didn't give me anything to set\n");
    return;
  }
  if (!c.userSet && !c.assocSet) {
    if (!ctx.confirm("You didn't set any conditions with 'WHERE'.\nAre you sure you want to continue?")) {
      ctx.out('Aborted\n');
      return;
    }
  }
  if (rawUsage !== undefined) {
    resetRawUsage(ctx, c.cond, rawUsage, true);
    return;
  }
  let set = false;
  if (recUser) {
    if (c.assocSet && !c.userSet) {
      ctx.fail(" There was a problem with your 'where' options.\n");
      return;
    }
    const users = ctx.state.users.filter(
      (u) =>
        (c.cond.users === null || c.cond.users.includes(u.name)) &&
        (c.defaultAccounts.length === 0 || c.defaultAccounts.includes(u.defaultAccount)),
    );
    if (users.length === 0) {
      ctx.out(' Nothing modified\n');
      ctx.exitCode = 1;
    } else {
      if (newDefault !== undefined) {
        const account = newDefault;
        const lacking = users.filter(
          (u) => !ctx.state.associations.some((a) => a.user === u.name && a.account === account),
        );
        if (lacking.length > 0) {
          ctx.fail(' Error with request: Invalid account or account/partition combination specified\n');
          return;
        }
      }
      for (const u of users) {
        if (newDefault !== undefined) u.defaultAccount = newDefault;
        if (newAdmin !== undefined) u.adminLevel = newAdmin;
      }
      ctx.out(` Modified users...\n${users.map((u) => `  ${u.name}\n`).join('')}`);
      set = true;
    }
  }
  if (recAssoc) {
    const targets = userAssocsMatching(ctx, c);
    if (targets.length === 0) {
      ctx.out(' Nothing modified\n');
      ctx.exitCode = 1;
    } else {
      const view = new AssocView(ctx.state);
      for (const a of targets) applyAssocPatch(a, patch, view);
      if (!checkDefaultQos(ctx, targets)) return;
      ctx.out(` Modified user associations...\n${targets.map(modifiedAssocLine).join('')}`);
      set = true;
    }
  }
  if (set) ctx.commitOrDiscard();
}

export function removeUser(ctx: SacctmgrCtx, args: readonly string[]): void {
  const c: UserCond = { cond: emptyAssocCond(), defaultAccounts: [], userSet: false, assocSet: false };
  for (const raw of args) {
    if (isWhere(raw) || isSet(raw)) continue;
    parseUserCondToken(ctx, raw, c);
  }
  if (!c.userSet && !c.assocSet) {
    ctx.fail(' No conditions given to remove, not executing.\n');
    return;
  }
  if (ctx.exitCode !== 0) return;
  if (!c.assocSet) {
    const users = ctx.state.users
      .filter(
        (u) =>
          (c.cond.users === null || c.cond.users.includes(u.name)) &&
          (c.defaultAccounts.length === 0 || c.defaultAccounts.includes(u.defaultAccount)),
      )
      .map((u) => u.name);
    if (users.length === 0) {
      ctx.out(' Nothing deleted\n');
      ctx.exitCode = 1;
      return;
    }
    const doomed = ctx.state.associations.filter((a) => users.includes(a.user));
    const active = activeJobsOn(ctx.state, doomed);
    if (active.length > 0) {
      ctx.err(jobsActiveError(active));
      return;
    }
    ctx.state.associations = ctx.state.associations.filter((a) => !users.includes(a.user));
    ctx.state.users = ctx.state.users.filter((u) => !users.includes(u.name));
    ctx.out(
      ` Deleting users...\n${[...users]
        .sort()
        .map((n) => `  ${n}\n`)
        .join('')}`,
    );
    ctx.commitOrDiscard();
    return;
  }
  const doomed = userAssocsMatching(ctx, c);
  if (doomed.length === 0) {
    ctx.out(' Nothing deleted\n');
    ctx.exitCode = 1;
    return;
  }
  const active = activeJobsOn(ctx.state, doomed);
  if (active.length > 0) {
    ctx.err(jobsActiveError(active));
    return;
  }
  const ids = new Set(doomed.map((a) => a.id));
  ctx.state.associations = ctx.state.associations.filter((a) => !ids.has(a.id));
  cleanupUsers(ctx.state);
  ctx.out(` Deleting user associations...\n${doomed.map(removedAssocLine).join('')}`);
  ctx.commitOrDiscard();
}
