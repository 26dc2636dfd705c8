// `RawUsage=0` on `sacctmgr modify account|user`: resets the usage of the named associations (and, for an
// account, its whole subtree), as SLURM's sacctmgr_remove_assoc_usage does.
import type { AssocRec } from '../state-types.js';
import type { AssocCond } from './assoc-options.js';
import { subtree } from './assoc-view.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

/** `RawUsage=0`: SLURM's sacctmgr_remove_assoc_usage. */
export function resetRawUsage(
  ctx: SacctmgrCtx,
  cond: AssocCond,
  value: number | null,
  userLevel: boolean,
): void {
  if (value !== 0) {
    ctx.fail('sacctmgr: error: Raw usage can only be set to 0 (zero)\n');
    return;
  }
  if (cond.accounts === null || cond.accounts.length === 0) {
    ctx.fail('sacctmgr: error: An association name is required to remove usage\n');
    return;
  }
  let clusters = cond.clusters;
  if (clusters === null || clusters.length === 0) {
    ctx.out(`No cluster specified, resetting on local cluster ${ctx.state.localCluster}\n`);
    clusters = [ctx.state.localCluster];
  }
  if (!ctx.confirm('Would you like to reset usage?')) {
    ctx.out(' Changes Discarded\n');
    return;
  }
  const targets: AssocRec[] = [];
  for (const cluster of clusters) {
    if (!ctx.state.clusters.some((c) => c.name === cluster)) {
      ctx.fail(`sacctmgr: error: Failed to find cluster ${cluster} in database\n`);
      return;
    }
    const users = userLevel && cond.users !== null ? cond.users : [null];
    for (const user of users) {
      for (const account of cond.accounts) {
        const a = ctx.state.associations.find(
          (x) =>
            x.cluster === cluster && x.account === account && x.user === (user ?? '') && x.partition === '',
        );
        if (a === undefined) {
          ctx.fail(
            user === null
              ? `sacctmgr: error: Failed to find cluster ${cluster} account ${account} association in database\n`
              : `sacctmgr: error: Failed to find cluster ${cluster} account ${account} user ${user} association in database\n`,
          );
          return;
        }
        targets.push(...(a.user === '' ? subtree(ctx.state, a) : [a]));
      }
    }
  }
  const stamp = ctx.now.toISOString();
  for (const a of targets) a.usageResetAt = stamp;
  ctx.changed = true;
}
