// `sacctmgr add|remove cluster`: a cluster brings its own root account association and root user.
import { matchesKeyword, parseOptionToken } from '../keyword.js';
import { checkName } from '../name-validation.js';
import { addClusterRoots } from '../initial-state.js';
import { addToCharList } from '../strip-quotes.js';
import { unknownCondition, unknownOption } from './assoc-options.js';
import { activeJobsOn, cleanupUsers, jobsActiveError } from './messages.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

const skip = (t: string): boolean => ['where', 'set'].includes(t.toLowerCase());

export function addCluster(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  for (const raw of args) {
    if (skip(raw)) continue;
    const tok = parseOptionToken(raw);
    if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1) || matchesKeyword(tok.key, 'Clusters', 1)) {
      addToCharList(names, tok.hasValue ? tok.value : raw);
    } else unknownOption(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  if (names.length === 0) {
    ctx.fail(' Need name of cluster to add.\n');
    return;
  }
  const bad = names.map((n) => checkName('cluster', n)).find((p) => p !== null);
  if (bad !== undefined) {
    ctx.fail(`${bad}\n`);
    return;
  }
  let text = '';
  const added: string[] = [];
  for (const name of names) {
    if (ctx.state.clusters.some((c) => c.name === name)) {
      text += ` This cluster ${name} already exists.  Not adding.\n`;
      continue;
    }
    ctx.state.clusters.push({ name, controlHost: '', controlPort: 0, rpc: 0 });
    addClusterRoots(ctx.state, name);
    if (!ctx.state.users.some((u) => u.name === 'root')) {
      ctx.state.users.push({ name: 'root', defaultAccount: 'root', adminLevel: 'Administrator' });
    }
    added.push(name);
  }
  if (added.length === 0) {
    ctx.out(`${text} Nothing new added.\n`);
    ctx.exitCode = 1;
    return;
  }
  ctx.out(`${text} Adding Cluster(s)\n${added.map((n) => `  Name           = ${n}\n`).join('')}`);
  ctx.commitOrDiscard();
}

export function removeCluster(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  for (const raw of args) {
    if (skip(raw)) continue;
    const tok = parseOptionToken(raw);
    if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1) || matchesKeyword(tok.key, 'Clusters', 1)) {
      addToCharList(names, tok.hasValue ? tok.value : raw);
    } else unknownCondition(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  if (names.length === 0) {
    ctx.fail(' No conditions given to remove, not executing.\n');
    return;
  }
  const targets = ctx.state.clusters.filter((c) => names.includes(c.name)).map((c) => c.name);
  if (targets.length === 0) {
    ctx.out(' Nothing deleted\n');
    ctx.exitCode = 1;
    return;
  }
  const doomed = ctx.state.associations.filter((a) => targets.includes(a.cluster));
  const active = activeJobsOn(ctx.state, doomed);
  if (active.length > 0) {
    ctx.err(jobsActiveError(active));
    return;
  }
  ctx.state.clusters = ctx.state.clusters.filter((c) => !targets.includes(c.name));
  ctx.state.associations = ctx.state.associations.filter((a) => !targets.includes(a.cluster));
  cleanupUsers(ctx.state);
  ctx.out(` Deleting clusters...\n${targets.map((n) => `  ${n}\n`).join('')}`);
  ctx.commitOrDiscard();
}
