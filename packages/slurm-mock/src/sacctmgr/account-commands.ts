// `sacctmgr add|modify|remove account`: accounts with their associations, limits, QOS, reparenting
// and `RawUsage=0`, with slurmdbd's checks (parent must exist, root can't go, active jobs block removal).
import { matchesKeyword, parseOptionToken } from '../keyword.js';
import { checkName, checkText } from '../name-validation.js';
import { newAssoc } from '../initial-state.js';
import type { AssocRec } from '../state-types.js';
import { addToCharList, stripQuotes } from '../strip-quotes.js';
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
import { accountAssoc, AssocView, subtree, treeOrder } from './assoc-view.js';
import {
  activeJobsOn,
  assocLimitsText,
  cleanupUsers,
  fit,
  jobsActiveError,
  modifiedAssocLine,
  removedAssocLine,
} from './messages.js';
import { checkDefaultQos } from './default-qos-check.js';
import { resetRawUsage } from './raw-usage-reset.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

const isWhere = (t: string): boolean => t.toLowerCase() === 'where';
const isSet = (t: string): boolean => t.toLowerCase() === 'set';
const isNameKey = (k: string): boolean =>
  matchesKeyword(k, 'Accounts', 1) || matchesKeyword(k, 'Names', 1) || matchesKeyword(k, 'Acct', 4);

export function addAccount(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  const clusters: string[] = [];
  let description: string | undefined;
  let organization: string | undefined;
  const patch = emptyPatch();
  let limitSet = false;
  for (const raw of args) {
    if (isWhere(raw) || isSet(raw)) continue;
    const tok = parseOptionToken(raw);
    if (!tok.hasValue || isNameKey(tok.key)) addToCharList(names, tok.hasValue ? tok.value : raw);
    else if (matchesKeyword(tok.key, 'Clusters', 1)) addToCharList(clusters, tok.value);
    else if (matchesKeyword(tok.key, 'Description', 1)) description = stripQuotes(tok.value, true);
    else if (matchesKeyword(tok.key, 'Organization', 1)) organization = stripQuotes(tok.value, true);
    else if (matchesKeyword(tok.key, 'RawUsage', 7)) {
      if (!getUint(ctx, tok.value, 'RawUsage').ok) unknownOption(ctx, raw);
    } else {
      const r = parseAssocRec(ctx, tok, patch);
      if (r === 'ok') limitSet = true;
      else unknownOption(ctx, raw);
    }
  }
  if (ctx.exitCode !== 0) return;
  if (names.length === 0) {
    ctx.fail(' Need name of account to add.\n');
    return;
  }
  const problems = [
    ...names.map((n) => checkName('account', n)),
    ...clusters.map((c) => checkName('cluster', c)),
    description === undefined ? null : checkText('description', description),
    organization === undefined ? null : checkText('organization', organization),
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
  const parent = patch.parent ?? 'root';
  for (const cluster of targetClusters) {
    if (accountAssoc(ctx.state, cluster, parent) === undefined) {
      ctx.fail(' error: Problem adding account associations: Invalid parent account specified\n');
      return;
    }
  }
  const addedAccounts: string[] = [];
  const addedAssocs: AssocRec[] = [];
  const view = new AssocView(ctx.state);
  for (const name of names) {
    if (!ctx.state.accounts.some((a) => a.name === name)) {
      ctx.state.accounts.push({
        name,
        description: description ?? name,
        organization: organization ?? (parent !== 'root' ? parent : name),
      });
      addedAccounts.push(name);
    }
    for (const cluster of targetClusters) {
      if (accountAssoc(ctx.state, cluster, name) !== undefined) continue;
      const a = newAssoc({
        id: ctx.state.nextAssocId++,
        cluster,
        account: name,
        user: '',
        partition: '',
        parentAccount: parent,
      });
      applyAssocPatch(a, patch, view);
      ctx.state.associations.push(a);
      addedAssocs.push(a);
    }
  }
  if (addedAccounts.length === 0 && addedAssocs.length === 0) {
    ctx.out(' Data has not changed since time specified');
    return;
  }
  let text = '';
  if (addedAccounts.length > 0) {
    text += ` Adding Account(s)\n${addedAccounts.map((n) => `  ${n}\n`).join('')}`;
    text += ` Settings\n  Description     = ${description ?? 'Account Name'}\n`;
    text += `  Organization    = ${organization ?? 'Parent/Account Name'}\n`;
  }
  if (addedAssocs.length > 0) {
    text += ` Associations\n${addedAssocs.map((a) => `  A = ${fit(a.account, 10)} C = ${fit(a.cluster, 10)}\n`).join('')}`;
  }
  if (limitSet) text += ` Settings\n${assocLimitsText(patch, ctx.state)}`;
  ctx.out(text);
  ctx.commitOrDiscard();
}

interface AccountCond {
  cond: AssocCond;
  descriptions: string[];
  orgs: string[];
  /** SLURM's SA_SET_USER: names/descriptions/organizations given. */
  userSet: boolean;
  /** SLURM's SA_SET_ASSOC: association filters given. */
  assocSet: boolean;
}

function parseAccountCondToken(ctx: SacctmgrCtx, raw: string, c: AccountCond): void {
  const tok = parseOptionToken(raw);
  if (
    !tok.hasValue &&
    (matchesKeyword(raw, 'WithAssoc', 5) ||
      matchesKeyword(raw, 'WithCoordinators', 5) ||
      matchesKeyword(raw, 'WOPLimits', 4))
  )
    return;
  if (!tok.hasValue || isNameKey(tok.key)) {
    c.cond.accounts = c.cond.accounts ?? [];
    addToCharList(c.cond.accounts, tok.hasValue ? tok.value : raw);
    c.userSet = true;
  } else if (matchesKeyword(tok.key, 'Descriptions', 1)) {
    c.descriptions.push(stripQuotes(tok.value, true));
    c.userSet = true;
  } else if (matchesKeyword(tok.key, 'Format', 1)) {
    // modify/remove ignore a format
  } else if (matchesKeyword(tok.key, 'Organizations', 1)) {
    addToCharList(c.orgs, tok.value);
    c.userSet = true;
  } else if (parseAssocCond(tok, c.cond)) {
    c.assocSet = true;
  } else {
    unknownCondition(ctx, raw);
  }
}

function accountMatches(ctx: SacctmgrCtx, name: string, c: AccountCond): boolean {
  const acct = ctx.state.accounts.find((a) => a.name === name);
  if (acct === undefined) return false;
  if (c.cond.accounts !== null && !c.cond.accounts.includes(name)) return false;
  if (c.descriptions.length > 0 && !c.descriptions.includes(acct.description)) return false;
  if (c.orgs.length > 0 && !c.orgs.includes(acct.organization)) return false;
  return true;
}

export function modifyAccount(ctx: SacctmgrCtx, args: readonly string[]): void {
  const c: AccountCond = {
    cond: emptyAssocCond(),
    descriptions: [],
    orgs: [],
    userSet: false,
    assocSet: false,
  };
  let description: string | undefined;
  let organization: string | undefined;
  const patch = emptyPatch();
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
      parseAccountCondToken(ctx, raw, c);
      continue;
    }
    const tok = parseOptionToken(raw);
    if (!tok.hasValue || isNameKey(tok.key)) ctx.fail(" Can't modify the name of an account\n");
    else if (matchesKeyword(tok.key, 'Clusters', 1)) ctx.fail(" Can't modify the cluster of an account\n");
    else if (matchesKeyword(tok.key, 'Description', 1)) {
      description = stripQuotes(tok.value, true);
      recUser = true;
    } else if (matchesKeyword(tok.key, 'Organization', 1)) {
      organization = stripQuotes(tok.value, true);
      recUser = true;
    } else if (matchesKeyword(tok.key, 'RawUsage', 7)) {
      const r = getUint(ctx, tok.value, 'RawUsage');
      if (r.ok) {
        rawUsage = r.value;
        recAssoc = true;
      } else unknownOption(ctx, raw);
    } else {
      const r = parseAssocRec(ctx, tok, patch);
      if (r === 'ok') recAssoc = true;
      else unknownOption(ctx, raw);
    }
  }
  if (ctx.exitCode !== 0) return;
  const textProblem = [
    description === undefined ? null : checkText('description', description),
    organization === undefined ? null : checkText('organization', organization),
  ].find((p) => p !== null);
  if (textProblem !== undefined) {
    ctx.fail(`${textProblem}\n`);
    return;
  }
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
    resetRawUsage(ctx, c.cond, rawUsage, false);
    return;
  }
  let set = false;
  if (recUser) {
    if (c.assocSet && !c.userSet) {
      ctx.fail(" There was a problem with your 'where' options.\n");
      return;
    }
    const targets = ctx.state.accounts.filter((a) => accountMatches(ctx, a.name, c));
    if (targets.length === 0) {
      ctx.out(' Nothing modified\n');
      ctx.exitCode = 1;
    } else {
      for (const a of targets) {
        if (description !== undefined) a.description = description;
        if (organization !== undefined) a.organization = organization;
      }
      ctx.out(` Modified accounts...\n${targets.map((a) => `  ${a.name}\n`).join('')}`);
      set = true;
    }
  }
  if (recAssoc) {
    if (c.userSet && !c.assocSet && c.cond.accounts === null) {
      ctx.fail(" There was a problem with your 'where' options.\n");
      return;
    }
    const view = new AssocView(ctx.state);
    const candidates = treeOrder(ctx.state).filter(
      (a) =>
        a.user === '' &&
        a.partition === '' &&
        assocMatches(a, c.cond, view) &&
        accountMatches(ctx, a.account, c),
    );
    const targets: AssocRec[] = [];
    for (const a of candidates) {
      if (patch.parent !== undefined) {
        const newParent = accountAssoc(ctx.state, a.cluster, patch.parent);
        if (newParent === undefined) {
          ctx.fail(` Parent Account ${patch.parent} doesn't exist.\n`);
          return;
        }
        if (subtree(ctx.state, a).some((x) => x.id === newParent.id) || a.account === 'root') {
          ctx.fail(' Error with request: Invalid parent account specified\n');
          return;
        }
        const onlyParent = Object.keys(patch).length === 2 && patch.tres.length === 0;
        if (a.parentAccount === patch.parent && onlyParent) continue;
      }
      targets.push(a);
    }
    if (targets.length === 0) {
      ctx.out(' Nothing modified\n');
      ctx.exitCode = 1;
    } else {
      for (const a of targets) {
        if (patch.parent !== undefined) a.parentAccount = patch.parent;
        applyAssocPatch(a, patch, view);
      }
      if (!checkDefaultQos(ctx, targets)) return;
      ctx.out(` Modified account associations...\n${targets.map(modifiedAssocLine).join('')}`);
      set = true;
    }
  }
  if (set) ctx.commitOrDiscard();
}

export function removeAccount(ctx: SacctmgrCtx, args: readonly string[]): void {
  const c: AccountCond = {
    cond: emptyAssocCond(),
    descriptions: [],
    orgs: [],
    userSet: false,
    assocSet: false,
  };
  for (const raw of args) {
    if (isWhere(raw) || isSet(raw)) continue;
    parseAccountCondToken(ctx, raw, c);
  }
  if (!c.userSet && !c.assocSet) {
    ctx.fail(' No conditions given to remove, not executing.\n');
    return;
  }
  if (ctx.exitCode !== 0) return;
  if (c.cond.accounts?.includes('root') === true) {
    ctx.fail(' You are not allowed to remove the root account.\n Use remove cluster instead.\n');
    return;
  }
  const view = new AssocView(ctx.state);
  if (!c.assocSet) {
    const targets = ctx.state.accounts.filter((a) => accountMatches(ctx, a.name, c)).map((a) => a.name);
    if (targets.length === 0) {
      ctx.out(' Nothing deleted\n');
      ctx.exitCode = 1;
      return;
    }
    const doomed = ctx.state.associations
      .filter((a) => targets.includes(a.account) && a.user === '' && a.partition === '')
      .flatMap((a) => subtree(ctx.state, a));
    const active = activeJobsOn(ctx.state, doomed);
    if (active.length > 0) {
      ctx.err(jobsActiveError(active));
      return;
    }
    const ids = new Set(doomed.map((a) => a.id));
    ctx.state.associations = ctx.state.associations.filter(
      (a) => !ids.has(a.id) && !targets.includes(a.account),
    );
    ctx.state.accounts = ctx.state.accounts.filter((a) => !targets.includes(a.name));
    cleanupUsers(ctx.state);
    ctx.out(
      ` Deleting accounts...\n${[...targets]
        .sort()
        .map((n) => `  ${n}\n`)
        .join('')}`,
    );
    ctx.commitOrDiscard();
    return;
  }
  const matched = treeOrder(ctx.state).filter(
    (a) =>
      a.user === '' &&
      a.partition === '' &&
      assocMatches(a, c.cond, view) &&
      accountMatches(ctx, a.account, c),
  );
  if (matched.length === 0) {
    ctx.out(' Nothing deleted\n');
    ctx.exitCode = 1;
    return;
  }
  const doomedIds = new Set(matched.flatMap((a) => subtree(ctx.state, a)).map((a) => a.id));
  const doomed = treeOrder(ctx.state).filter((a) => doomedIds.has(a.id));
  const active = activeJobsOn(ctx.state, doomed);
  if (active.length > 0) {
    ctx.err(jobsActiveError(active));
    return;
  }
  ctx.state.associations = ctx.state.associations.filter((a) => !doomedIds.has(a.id));
  cleanupUsers(ctx.state);
  ctx.out(` Deleting account associations...\n${doomed.map(removedAssocLine).join('')}`);
  ctx.commitOrDiscard();
}
